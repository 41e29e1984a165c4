import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangesPage, SyncCache } from '../../src-main/cache/sync-cache';
import { PROTOCOL_VERSION, type Change } from '../../src-shared/sync/protocol';
import { escalationRecord, ticket } from './fixtures';
import { openCache, tempDir } from './sync-helpers';

let tmp: ReturnType<typeof tempDir>;
let cache: SyncCache;

function page(changes: Change[], cursor: number, hasMore = false, remaining = 0): ChangesPage {
  return { kind: 'changes', protocolVersion: PROTOCOL_VERSION, schemaVersion: 1, changes, cursor, hasMore, remaining };
}

beforeEach(() => {
  tmp = tempDir();
  cache = openCache(join(tmp.dir, 'c.sqlite'));
  cache.applyPullPage(page([
    { syncId: 1, entity: 'ticket', op: 'upsert', data: ticket(1) },
    { syncId: 2, entity: 'escalation', op: 'upsert', data: escalationRecord('e1', 't1') },
  ], 2));
});
afterEach(() => {
  cache.close();
  tmp.cleanup();
});

describe('confirmation of acknowledged mutations', () => {
  it('keeps an applied mutation in the overlay until the cursor reaches the sync id it was applied at', () => {
    const { mutationId } = cache.mutate('assign', { ticketId: 't1', assigneeId: 'u-agent' });
    const out = cache.recordPushResults([{ id: mutationId, name: 'assign', args: {} }], { results: [{ id: mutationId, status: 'applied', syncId: 4 }], lastMutationId: 1 });
    expect(out.applied).toEqual([1]);
    expect(cache.outbox()[0]!.state).toBe('sent');

    // a page below the sync id does not yet contain the effect: the overlay must still show it
    cache.applyPullPage(page([{ syncId: 3, entity: 'ticket', op: 'upsert', data: ticket(2) }], 3, true, 1));
    expect(cache.get('ticket', 't1')?.assigneeId).toBe('u-agent');
    expect(cache.outbox()).toHaveLength(1);

    // the page that reaches it confirms, even though more pages follow
    cache.applyPullPage(page([{ syncId: 4, entity: 'ticket', op: 'upsert', data: ticket(1, { assigneeId: 'u-agent', title: 'server' }) }], 4, true, 5));
    expect(cache.outbox()).toEqual([]);
    expect(cache.get('ticket', 't1')).toMatchObject({ assigneeId: 'u-agent', title: 'server' });
    expect(cache.db.prepare('SELECT count(*) FROM shadow').pluck().get()).toBe(0);
  });

  it('applied without a sync id (nothing written) leaves the outbox at once; the next pull shows server truth', () => {
    cache.mutate('reply', { ticketId: 't1', commentId: 'c9', body: 'x' });
    cache.recordPushResults([], { results: [{ id: 1, status: 'applied' }], lastMutationId: 1 });
    expect(cache.outbox()).toEqual([]);
    // "nothing written" means the service already holds this state (e.g. the same comment id): the optimistic row
    // stays until the pull that follows every push rebases the overlay onto server truth
    expect(cache.get('comment', 'c9')?.body).toBe('x');
    cache.applyPullPage(page([], 2));
    expect(cache.get('comment', 'c9')).toBeUndefined();
    expect(cache.serverTruth('ticket', 't1')).toEqual(cache.get('ticket', 't1'));
  });

  it('processed without a result (lost, pruned): confirmed only by the LAST page of a pull that started after the ack', () => {
    cache.mutate('assign', { ticketId: 't1', assigneeId: 'u-agent' });
    const before = cache.maxSentId(); // 0: snapshot taken before the push was acknowledged
    cache.recordPushResults([], { results: [], lastMutationId: 1 });
    cache.applyPullPage(page([], 2), before);
    expect(cache.outbox()).toHaveLength(1);
    const after = cache.maxSentId();
    expect(after).toBe(1);
    cache.applyPullPage(page([{ syncId: 3, entity: 'ticket', op: 'upsert', data: ticket(2) }], 3, true, 1), after);
    expect(cache.outbox()).toHaveLength(1);
    expect(cache.get('ticket', 't1')?.assigneeId).toBe('u-agent');
    cache.applyPullPage(page([{ syncId: 4, entity: 'ticket', op: 'upsert', data: ticket(1, { assigneeId: 'u-agent' }) }], 4), after);
    expect(cache.outbox()).toEqual([]);
  });

  it('a server tombstone on a row with a pending edit removes it once rebased (the edit cannot apply)', () => {
    cache.mutate('assign', { ticketId: 't1', assigneeId: 'u-agent' });
    cache.applyPullPage(page([{ syncId: 3, entity: 'ticket', op: 'delete', id: 't1' }], 3));
    expect(cache.get('ticket', 't1')).toBeUndefined();
    expect(cache.get('escalation', 'e1')).toBeUndefined();
    expect(cache.outbox()).toHaveLength(1);
  });

  it('rejects a page whose cursor goes backwards, changing nothing', () => {
    const before = cache.state();
    expect(() => cache.applyPullPage(page([{ syncId: 1, entity: 'ticket', op: 'upsert', data: ticket(1, { title: 'old' }) }], 1))).toThrow(/behind/);
    expect(cache.state()).toEqual(before);
    expect(cache.get('ticket', 't1')?.title).toBe(ticket(1).title);
  });
});

describe('escalation mutations', () => {
  it('apply optimistically and are undone on rejection', () => {
    cache.mutate('escalation_propose_slots', { escalationId: 'e1', slots: ['2026-03-05T09:00:00.000Z'] });
    cache.mutate('escalation_confirm', { escalationId: 'e1', slot: '2026-03-05T09:00:00.000Z', meetingLink: 'https://meet.example.com/x' });
    expect(cache.get('escalation', 'e1')).toMatchObject({ state: 'confirmed', chosenSlot: '2026-03-05T09:00:00.000Z' });
    const out = cache.recordPushResults([], {
      results: [
        { id: 1, status: 'applied', syncId: 3 },
        { id: 2, status: 'rejected', code: 'ESCALATION_INVALID_STATE', message: 'not proposed yet' },
      ],
      lastMutationId: 2,
    });
    expect(out.rejected.map((r) => r.code)).toEqual(['ESCALATION_INVALID_STATE']);
    expect(out.changedTicketIds).toEqual(['t1']);
    expect(cache.get('escalation', 'e1')).toMatchObject({ state: 'appointment_proposed', chosenSlot: null });
  });
});
