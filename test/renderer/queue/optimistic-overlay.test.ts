import { describe, expect, it } from 'vitest';
import type { QueueRow } from '../../../src-shared/ipc/contract';
import { OptimisticOverlay } from '../../../src-renderer/queue/optimistic-overlay';

function row(id: string, patch: Partial<QueueRow> = {}): QueueRow {
  return {
    id,
    key: `PS-${id}`,
    rank: 1,
    title: 't',
    organizationName: 'o',
    endUserCompany: null,
    endUserRegistered: false,
    status: 'NEW',
    category: 'question',
    severity: 3,
    assigneeId: null,
    assigneeName: null,
    updatedAt: '2026-03-03T09:00:00.000Z',
    sla: [],
    nextAutoTransition: null,
    escalationState: null,
    pendingLocalChanges: false,
    ...patch,
  };
}

describe('OptimisticOverlay', () => {
  it('shows the patch over the fetched row, marked as local, with a stable object while nothing changes', () => {
    const o = new OptimisticOverlay();
    const base = row('a');
    o.apply('a', { status: 'PEER_REVIEW' });
    const seen = o.view(base);
    expect(seen).toMatchObject({ status: 'PEER_REVIEW', pendingLocalChanges: true, title: 't' });
    expect(o.view(base)).toBe(seen);
    expect(base.status).toBe('NEW');
    expect(o.view(row('b'))).toEqual(row('b'));
  });

  it("an older call's failure does not undo a newer patch on the same ticket", () => {
    const o = new OptimisticOverlay();
    const first = o.apply('a', { status: 'PEER_REVIEW' });
    o.apply('a', { status: 'IN_PROGRESS' });
    expect(o.revert('a', first)).toBe(false);
    expect(o.view(row('a')).status).toBe('IN_PROGRESS');
  });

  it('a fetch issued before the acknowledgement ends the patch only if it already shows it', () => {
    const o = new OptimisticOverlay();
    const token = o.apply('a', { status: 'PEER_REVIEW' });
    o.reconcile([row('a')], 5);
    expect(o.has('a')).toBe(true);
    o.acknowledge('a', token, 5);
    o.reconcile([row('a')], 5);
    expect(o.has('a')).toBe(true);
    o.reconcile([row('a', { status: 'PEER_REVIEW' })], 4);
    expect(o.has('a')).toBe(false);
  });

  it('a fetch issued after the acknowledgement is the truth, whatever it says', () => {
    const o = new OptimisticOverlay();
    const token = o.apply('a', { status: 'PEER_REVIEW' });
    o.acknowledge('a', token, 5);
    o.reconcile([row('a', { status: 'FEEDBACK_REQUEST' })], 6);
    expect(o.has('a')).toBe(false);
  });

  it('settle forgets accepted patches of tickets no loaded row shows, and keeps unanswered ones', () => {
    const o = new OptimisticOverlay();
    const t1 = o.apply('gone', { assigneeId: 'me', assigneeName: 'Me' });
    o.apply('flying', { status: 'IN_PROGRESS' });
    const t3 = o.apply('stale', { status: 'IN_PROGRESS' });
    o.acknowledge('gone', t1, 3);
    o.acknowledge('stale', t3, 3);
    o.settle(new Set(['stale']), 4);
    expect(o.has('gone')).toBe(false);
    expect(o.has('flying')).toBe(true);
    expect(o.has('stale')).toBe(true);
  });
});
