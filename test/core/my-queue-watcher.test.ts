import { describe, expect, it } from 'vitest';
import { MyQueueWatcher } from '../../src-main/core/sla-watcher';
import { toServiceFilter } from '../../src-main/core/queue-reader';

const t = (id: string) => ({ id, key: `PS-${id}`, title: `Ticket ${id}` });

describe('MyQueueWatcher', () => {
  it('records the first snapshot silently except for the badge, then reports new tickets and badge changes', () => {
    const w = new MyQueueWatcher();
    expect(w.update({ tickets: [t('1')], atRisk: 0 }, new Set())).toEqual([{ kind: 'badge', atRisk: 0 }]);
    expect(w.update({ tickets: [t('1')], atRisk: 0 }, new Set())).toEqual([]);
    expect(w.update({ tickets: [t('1'), t('2')], atRisk: 1 }, new Set())).toEqual([
      { kind: 'notify', reason: 'assigned_to_me', ticketId: '2', ticketKey: 'PS-2', title: 'Ticket 2' },
      { kind: 'badge', atRisk: 1 },
    ]);
  });

  it('does not announce a ticket I assigned to myself', () => {
    const w = new MyQueueWatcher();
    w.update({ tickets: [], atRisk: 0 }, new Set());
    expect(w.update({ tickets: [t('3')], atRisk: 0 }, new Set(['3']))).toEqual([]);
  });
});

describe('toServiceFilter', () => {
  it('narrows a view with the filter instead of widening it', () => {
    const f = toServiceFilter('my_queue', { statuses: ['NEW', 'DONE'] });
    expect(f.statuses).toEqual(['NEW']);
    expect(f.assignee).toEqual({ kind: 'me' });
  });

  it('maps contract SLA words to the timer summary and intersects with the at-risk view', () => {
    expect(toServiceFilter(null, { sla: ['running'] }).slaStates).toEqual(['ok', 'at_risk']);
    expect(toServiceFilter('sla_at_risk', { sla: ['breached', 'paused'] }).slaStates).toEqual(['breached']);
    expect(toServiceFilter(null, { assignee: 'u-7', hasEscalation: true })).toEqual({ assignee: { kind: 'user', userId: 'u-7' }, escalated: true });
  });
});
