import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ChangeSchema,
  ClientPullResponseSchema,
  PROTOCOL_VERSION,
  PullResponseSchema,
  SYNC_ENTITIES,
} from '../../src-shared/sync/protocol';
import { comment, org, ticket } from '../main/fixtures';

/**
 * Changes are discriminated by op, then by entity, and a client skips changes of entities its protocol version
 * does not list (a newer service added one) instead of refusing the whole page. Everything else stays strict.
 */

/** 'sla_breach' stands for an entity a newer service could add; the test breaks if it ever becomes a real one. */
const UNKNOWN = 'sla_breach';

function page(changes: unknown[]): unknown {
  return { kind: 'changes', protocolVersion: PROTOCOL_VERSION, schemaVersion: 1, changes, cursor: 7, hasMore: false, remaining: 0, horizon: 0 };
}

const mixed = [
  { syncId: 1, entity: 'organization', op: 'upsert', data: org(1) },
  { syncId: 2, entity: UNKNOWN, op: 'upsert', data: { id: 'b1', ticketId: 't1', breachedAt: '2026-03-02T10:00:00.000Z' } },
  { syncId: 3, entity: 'ticket', op: 'upsert', data: ticket(1) },
  { syncId: 4, entity: UNKNOWN, op: 'delete', id: 'b0' },
  { syncId: 5, entity: 'comment', op: 'upsert', data: comment('c1', 't1') },
  { syncId: 6, entity: 'ticket', op: 'delete', id: 't9' },
  // A newer service may also give the new entity's changes fields this version has never heard of.
  { syncId: 7, entity: UNKNOWN, op: 'upsert', data: {}, extra: true },
];

/**
 * Every issue of a failed parse as "path: message", including those inside a union's branches: a change that
 * matches neither the known changes nor the unknown-entity skip is one "Invalid input" at the change, and the
 * reasons (which field of which record) are in the branches.
 */
function issuesOf(result: { success: boolean; error?: z.ZodError }): string[] {
  expect(result.success).toBe(false);
  const out: string[] = [];
  const walk = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): void => {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      out.push(`${path.map(String).join('.')}: ${issue.message}`);
      if (issue.code === 'invalid_union') for (const branch of issue.errors) walk(branch, path);
    }
  };
  walk(result.error!.issues, []);
  return out;
}

describe('ClientPullResponseSchema', () => {
  it('keeps known changes as they are and turns changes of an unknown entity into skips', () => {
    expect(SYNC_ENTITIES).not.toContain(UNKNOWN);
    const parsed = ClientPullResponseSchema.parse(page(mixed));
    expect(parsed.kind).toBe('changes');
    if (parsed.kind !== 'changes') return;
    expect(parsed.changes).toEqual([
      mixed[0],
      { syncId: 2, entity: UNKNOWN, op: 'skip' },
      mixed[2],
      { syncId: 4, entity: UNKNOWN, op: 'skip' },
      mixed[4],
      mixed[5],
      { syncId: 7, entity: UNKNOWN, op: 'skip' },
    ]);
    expect(parsed.cursor).toBe(7);
  });

  it('rejects a known entity whose record is invalid, naming the missing fields, instead of skipping it', () => {
    const { title: _title, status: _status, ...withoutTitleAndStatus } = ticket(1);
    const result = ClientPullResponseSchema.safeParse(page([mixed[0], { syncId: 2, entity: 'ticket', op: 'upsert', data: withoutTitleAndStatus }]));
    const issues = issuesOf(result);
    expect(issues).toContainEqual(expect.stringMatching(/^changes\.1\.data\.title: .*expected string/));
    expect(issues).toContainEqual(expect.stringMatching(/^changes\.1\.data\.status: /));
    // ...at the top level, not hidden in union branches: this is what the engine's error message shows.
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['changes.1.data.title', 'changes.1.data.status']));
    expect(issues.every((i) => i.startsWith('changes.1'))).toBe(true);
  });

  it('rejects a known tombstone without an id instead of skipping it', () => {
    const issues = issuesOf(ClientPullResponseSchema.safeParse(page([{ syncId: 1, entity: 'comment', op: 'delete' }])));
    expect(issues).toContainEqual(expect.stringMatching(/^changes\.0\.id: /));
  });

  it('rejects a known upsert whose record belongs to another entity', () => {
    const issues = issuesOf(ClientPullResponseSchema.safeParse(page([{ syncId: 1, entity: 'comment', op: 'upsert', data: ticket(1) }])));
    // Checked against the comment schema only: comment fields are missing, the ticket's are unrecognised.
    expect(issues).toContainEqual(expect.stringMatching(/^changes\.0\.data\.authorId: /));
    expect(issues).toContainEqual(expect.stringMatching(/^changes\.0\.data: Unrecognized keys: .*"statusHistory"/));
  });

  it('rejects a change with an unknown op, of a known or an unknown entity', () => {
    for (const entity of ['ticket', UNKNOWN]) {
      const issues = issuesOf(ClientPullResponseSchema.safeParse(page([{ syncId: 1, entity, op: 'patch', id: 't1' }])));
      expect(issues, entity).toContainEqual(expect.stringMatching(/^changes\.0\.op: /));
    }
  });

  it('rejects a change without a syncId or with an invalid one, of a known or an unknown entity', () => {
    for (const change of [
      { entity: UNKNOWN, op: 'upsert', data: {} },
      { entity: UNKNOWN, op: 'delete', id: 'b1' },
      { syncId: 0, entity: UNKNOWN, op: 'delete', id: 'b1' },
      { syncId: 1.5, entity: UNKNOWN, op: 'delete', id: 'b1' },
      { entity: 'ticket', op: 'upsert', data: ticket(1) },
      { entity: 'ticket', op: 'delete', id: 't1' },
    ]) {
      const issues = issuesOf(ClientPullResponseSchema.safeParse(page([change])));
      expect(issues, JSON.stringify(change).slice(0, 60)).toContainEqual(expect.stringMatching(/^changes\.0\.syncId: /));
    }
  });

  it('rejects a change without an entity or with an empty one', () => {
    for (const change of [{ syncId: 1, op: 'delete', id: 'x' }, { syncId: 1, entity: '', op: 'delete', id: 'x' }]) {
      expect(ClientPullResponseSchema.safeParse(page([change])).success, JSON.stringify(change)).toBe(false);
    }
  });

  it('still answers a rebootstrap page as one', () => {
    const rebootstrap = { kind: 'rebootstrap', protocolVersion: PROTOCOL_VERSION, reason: 'schema_changed' };
    expect(ClientPullResponseSchema.parse(rebootstrap)).toEqual(rebootstrap);
  });
});

describe('PullResponseSchema (what the service sends)', () => {
  it('accepts the known changes of the mixed page', () => {
    const known = mixed.filter((c) => c.entity !== UNKNOWN);
    const parsed = PullResponseSchema.parse(page(known));
    expect(parsed.kind === 'changes' && parsed.changes).toEqual(known);
  });

  it('rejects an unknown entity, as an upsert and as a tombstone', () => {
    expect(PullResponseSchema.safeParse(page([mixed[0], mixed[1]])).success).toBe(false);
    expect(PullResponseSchema.safeParse(page([mixed[0], mixed[3]])).success).toBe(false);
  });

  it('rejects a known upsert whose record belongs to another entity', () => {
    expect(PullResponseSchema.safeParse(page([{ syncId: 1, entity: 'comment', op: 'upsert', data: ticket(1) }])).success).toBe(false);
    expect(PullResponseSchema.safeParse(page([{ syncId: 1, entity: 'ticket', op: 'upsert', data: comment('c1', 't1') }])).success).toBe(false);
  });
});

describe('ChangeSchema', () => {
  it('checks each known upsert against its own record schema', () => {
    for (const [entity, data] of [['organization', org(2)], ['ticket', ticket(2)], ['comment', comment('c2', 't2')]] as const) {
      const change = { syncId: 1, entity, op: 'upsert', data };
      expect(ChangeSchema.parse(change)).toEqual(change);
      for (const other of ['organization', 'ticket', 'comment'].filter((e) => e !== entity)) {
        expect(ChangeSchema.safeParse({ ...change, entity: other }).success, `${entity} record as ${other}`).toBe(false);
      }
    }
  });
});
