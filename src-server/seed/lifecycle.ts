import type { TicketStatus } from '../../src-shared/domain/status';
import { TRANSITIONS, type WorkflowActorKind } from '../../src-shared/domain/workflow';
import type { Rng } from './prng';

/** One status change in a planned history: who (by kind) moves the ticket from → to. */
export interface PlannedStep {
  readonly from: TicketStatus;
  readonly to: TicketStatus;
  readonly actor: WorkflowActorKind;
}

const ACTOR_KINDS: readonly WorkflowActorKind[] = ['staff', 'creator', 'customer', 'system'];

/** Every allowed move out of `from`, read from the shared workflow table (never a copy of it). */
export function movesFrom(from: TicketStatus): PlannedStep[] {
  const moves: PlannedStep[] = [];
  for (const actor of ACTOR_KINDS) for (const to of TRANSITIONS[actor][from]) moves.push({ from, to, actor });
  return moves;
}

// How likely each actor kind is to make the next move in a random prefix: staff work most tickets.
const PREFIX_WEIGHT: Readonly<Record<WorkflowActorKind, number>> = { staff: 6, creator: 2, customer: 1, system: 2 };

/**
 * A realistic path from NEW to `target`: a short random walk through the workflow (tickets bounce between
 * statuses), then a shortest path to the target. Every step is an allowed move of the workflow table, so the
 * seeded history is one the service itself could have produced.
 */
export function planStatusPath(rng: Rng, target: TicketStatus): PlannedStep[] {
  const path: PlannedStep[] = [];
  let current = 'NEW' as TicketStatus;
  if (target === 'NEW') return path;
  const prefix = rng.weighted([[0, 40], [1, 25], [2, 20], [3, 10], [4, 5]] as const);
  for (let i = 0; i < prefix; i++) {
    // CLOSED is final: a prefix that closed the ticket could never reach any other target.
    const moves: PlannedStep[] = movesFrom(current).filter((m) => m.to !== 'CLOSED');
    if (moves.length === 0) break;
    const step: PlannedStep = rng.weighted(moves.map((m): readonly [PlannedStep, number] => [m, PREFIX_WEIGHT[m.actor]]));
    path.push(step);
    current = step.to;
  }
  if (current !== target) path.push(...shortestPath(rng, current, target));
  return path;
}

/** Breadth-first search with a shuffled neighbour order, so equally short paths are all used. */
function shortestPath(rng: Rng, from: TicketStatus, target: TicketStatus): PlannedStep[] {
  const cameBy = new Map<TicketStatus, PlannedStep | null>([[from, null]]);
  const queue: TicketStatus[] = [from];
  while (queue.length > 0) {
    const status = queue.shift()!;
    if (status === target) break;
    const moves = movesFrom(status);
    for (let i = moves.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [moves[i], moves[j]] = [moves[j]!, moves[i]!];
    }
    for (const move of moves) {
      if (cameBy.has(move.to)) continue;
      cameBy.set(move.to, move);
      queue.push(move.to);
    }
  }
  if (!cameBy.has(target)) throw new Error(`workflow has no path from ${from} to ${target}`);
  const steps: PlannedStep[] = [];
  for (let s = cameBy.get(target); s; s = cameBy.get(s.from)) steps.unshift(s);
  return steps;
}
