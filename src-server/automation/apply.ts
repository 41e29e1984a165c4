import {
  type AutomaticTransition,
  type AutomaticTransitionConfig,
  automaticStatusChange,
  dueAutomaticTransitions,
} from '../../src-shared/domain/automatic-transitions';
import { assertTransition } from '../../src-shared/domain/workflow';
import { announceTicketChange, type ServiceContext } from '../core/context';
import { appendHistory, getTicket, updateTicket } from '../storage/repositories/tickets';
import { refreshPriority } from '../tickets/ticket-service';
import { loadTimerRow, refreshDue, timerInput } from './due-index';

const SYSTEM = { kind: 'system' } as const;

/**
 * Applies every automatic step due for one ticket at `tx.nowMs`, in ONE serialised write transaction
 * (BEGIN IMMEDIATE: no other writer, in this process or another, can run between the read and the write).
 *
 * Exactly once: the steps are computed from the ticket as it is inside this transaction, and each step is a
 * compare-and-set on (status, entry time): if an agent or customer changed the ticket, or another scheduler
 * already applied the step, the recomputation yields nothing and nothing is written.
 *
 * Each step is recorded through the same repository functions the ticket routes use (ticket row + status
 * history, both appending to the sync change log) with the system as actor and the step's DUE instant as its
 * time, so a catch-up after downtime reads as if the service had never stopped.
 */
export async function applyDueTransitions(
  ctx: ServiceContext,
  ticketId: string,
  config: AutomaticTransitionConfig,
): Promise<AutomaticTransition[]> {
  return ctx.store.transaction(async (tx) => {
    const timer = await loadTimerRow(tx, ticketId);
    if (!timer) {
      await refreshDue(tx, ticketId, config);
      return [];
    }
    const steps = dueAutomaticTransitions(timerInput(timer), tx.nowMs, config);
    let expected = { status: timer.status, enteredAt: timer.status_changed_at };
    for (const step of steps) {
      const current = (await getTicket(tx, ticketId))!;
      // The compare-and-set: the step belongs to exactly the state it was computed from.
      if (current.status !== expected.status || current.status_changed_at !== expected.enteredAt || current.status !== step.from) {
        throw new Error(`ticket ${ticketId} changed under the automation (expected ${expected.status}, found ${current.status})`);
      }
      assertTransition({ status: current.status, reporterId: current.reporter_id }, step.to, SYSTEM);
      const change = automaticStatusChange(step);
      await updateTicket(tx, ticketId, { status: step.to, status_changed_at: change.at });
      await appendHistory(tx, { ticketId, actor: SYSTEM, field: 'status', from: step.from, to: step.to, internal: false, at: change.at });
      expected = { status: step.to, enteredAt: change.at };
    }
    if (steps.length > 0) {
      await refreshPriority(ctx, tx, ticketId);
      announceTicketChange(ctx, tx, ticketId, 'status');
    }
    await refreshDue(tx, ticketId, config);
    return steps;
  });
}
