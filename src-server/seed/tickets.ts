import { AUTOMATIC_RULES, DEFAULT_AUTOMATIC_TRANSITION_CONFIG } from '../../src-shared/domain/automatic-transitions';
import { TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import type { SlaInput } from '../../src-shared/domain/sla-clocks';
import { isStaffRole, type Checklist, type EndUserCompany, type Severity, type Ticket, type Visibility } from '../../src-shared/domain/ticket';
import type { WorkflowActorKind } from '../../src-shared/domain/workflow';
import type { EscalationState } from '../../src-shared/sync/records';
import { ESCALATION_STATES } from '../../src-shared/sync/records';
import { createBusinessCalendar } from '../../src-shared/calendar/business-calendar';
import type { BusinessCalendar } from '../../src-shared/calendar/types';
import { addLocalDays, DAY_MS, fromZoned, HOUR_MS, MINUTE_MS, toZoned } from '../../src-shared/time/zoned';
import {
  CUSTOMER_REPLIES, ESCALATION_REASONS, fill, INTERNAL_NOTES, PRODUCTS, STAFF_REPLIES, TOPICS,
  type Lang, type TicketTopic,
} from './catalog';
import { planStatusPath, type PlannedStep } from './lifecycle';
import { Rng } from './prng';
import type { SeedOrganization, SeedUser, SeedWorld } from './world';

export interface SeedTicket {
  id: string;
  seq: number;
  key: string;
  title: string;
  description: string;
  checklist: Checklist;
  product: string;
  productVersion: string;
  category: TicketTopic['category'];
  severity: Severity;
  reporter: SeedUser;
  organization: SeedOrganization;
  endUserCompany: EndUserCompany | null;
  visibility: Visibility;
  slaContractNumber: string | null;
  linkedToTicketId: string | null;
  assigneeId: string | null;
  misconfiguration: boolean;
  status: TicketStatus;
  statusChangedAt: number;
  createdAt: number;
  updatedAt: number;
  lastCustomerActivityAt: number | null;
  participants: { email: string; addedAt: number }[];
  comments: { id: string; authorId: string; body: string; internal: boolean; at: number }[];
  history: SeedHistory[];
  escalation: SeedEscalation | null;
}

export interface SeedHistory {
  id: string;
  actor: { kind: 'system' } | { kind: 'user'; user: SeedUser };
  field: 'status' | 'assignee' | 'severity' | 'misconfiguration' | 'link' | 'escalation' | 'participants';
  from: string | null;
  to: string | null;
  internal: boolean;
  at: number;
}

export interface SeedEscalation {
  id: string;
  requestedBy: SeedUser;
  reason: string;
  state: EscalationState;
  owner: SeedUser | null;
  proposedSlots: number[];
  chosenSlot: number | null;
  meetingLink: string | null;
  outcomeNotes: string | null;
  nextSteps: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Ticket index layout: outage/known-problem masters first, then tickets that pin down coverage. */
export interface TicketPlan {
  masters: number;
  /** Indices [statusesFrom, statusesFrom + 9) get each of the nine statuses once. */
  statusesFrom: number;
  /** Indices [escalationsFrom, escalationsFrom + 5) get an escalation in each lifecycle state once. */
  escalationsFrom: number;
}

export function ticketPlan(tickets: number): TicketPlan {
  const masters = Math.max(3, Math.min(60, Math.round(tickets / 1500)));
  return { masters, statusesFrom: masters, escalationsFrom: masters + 9 };
}

export const MIN_TICKETS = 50;

const STATUS_WEIGHTS: readonly (readonly [TicketStatus, number])[] = [
  ['NEW', 8], ['FEEDBACK_REQUEST', 10], ['PEER_REVIEW', 6], ['IN_PROGRESS', 12], ['FEEDBACK_PENDING', 5],
  ['IMPLEMENTING', 5], ['OPEN', 9], ['DONE', 20], ['CLOSED', 25],
];
const ESCALATED_OPEN_STATUSES: readonly TicketStatus[] = ['IN_PROGRESS', 'PEER_REVIEW', 'OPEN', 'FEEDBACK_REQUEST'];
const MASTER_STATUSES: readonly TicketStatus[] = ['IN_PROGRESS', 'PEER_REVIEW', 'DONE', 'CLOSED'];

const OUTAGE_TOPICS = TOPICS.filter((t) => t.category === 'cloud_outage');
const DEFECT_TOPICS = TOPICS.filter((t) => t.category === 'product_defect');

/** Master j alternates cloud outages and known product problems; linked tickets share the master's topic. */
function masterTopic(j: number): TicketTopic {
  return j % 2 === 0 ? OUTAGE_TOPICS[(j / 2) % OUTAGE_TOPICS.length]! : DEFECT_TOPICS[((j - 1) / 2) % DEFECT_TOPICS.length]!;
}

/** How long the ticket has sat in its final status when the seed's "now" (the anchor) arrives. */
function finalDwell(rng: Rng, status: TicketStatus): number {
  const between = (lo: number, hi: number) => rng.int(Math.round(lo / MINUTE_MS), Math.round(hi / MINUTE_MS)) * MINUTE_MS;
  switch (status) {
    case 'NEW': return between(5 * MINUTE_MS, 2 * DAY_MS);
    // Timed statuses: shorter than their timer, or the automation would already have moved the ticket.
    case 'FEEDBACK_REQUEST':
    case 'FEEDBACK_PENDING': return between(HOUR_MS, 4 * DAY_MS);
    case 'IMPLEMENTING': return between(HOUR_MS, 20 * DAY_MS);
    case 'DONE': return between(HOUR_MS, 90 * DAY_MS);
    case 'CLOSED': return between(HOUR_MS, 300 * DAY_MS);
    default: return between(HOUR_MS, 30 * DAY_MS);
  }
}

const TIMED = new Map<TicketStatus, number>(
  AUTOMATIC_RULES.map((r) => [r.from, DEFAULT_AUTOMATIC_TRANSITION_CONFIG[r.daysKey]]),
);

/** Time before a non-automatic move out of `status`; always inside the status's timer. */
function gapBefore(rng: Rng, step: PlannedStep, severity: Severity): number {
  const timerDays = TIMED.get(step.from);
  // Inside a timed status the move must come before the timer runs out, even after being pushed to the next
  // service hours (a long weekend): hence the four days of slack.
  const cap = timerDays === undefined ? 12 * DAY_MS : (timerDays - 4) * DAY_MS;
  const typical = step.from === 'NEW' ? (severity === 1 ? 2 * HOUR_MS : severity === 2 ? 8 * HOUR_MS : 2 * DAY_MS) : 3 * DAY_MS;
  return Math.min(cap, rng.int(10, Math.round(typical / MINUTE_MS)) * MINUTE_MS + rng.int(0, 59) * 1000);
}

interface TimelineEvent {
  /** Either a fixed gap after the previous event, or an automatic step due N local days after entering `from`. */
  gap: number | { days: number };
  status?: PlannedStep & { user: SeedUser | null };
  comment?: { author: SeedUser; body: string; internal: boolean; customer: boolean };
  field?: { user: SeedUser; field: SeedHistory['field']; from: string | null; to: string | null; internal: boolean };
  /** Set on staff actions: outside service hours they happen at the next opening plus this many ms. */
  staffJitter?: number;
}

const TZ = DEFAULT_AUTOMATIC_TRANSITION_CONFIG.timeZone;

let serviceHours: BusinessCalendar | null = null;
const openHours = new Map<number, boolean>();

/**
 * `t` if the service is open then, else the next opening plus `jitter`. The calendar's answer is cached per UTC
 * hour: service hours start and end on full hours (Berlin's offset is whole hours too), and asking the calendar
 * for each of a 100k seed's ~400k staff actions cost more than the rest of the generation together.
 */
function openInHour(hour: number): boolean {
  let v = openHours.get(hour);
  if (v === undefined) {
    serviceHours ??= createBusinessCalendar();
    v = serviceHours.isOpen(hour * HOUR_MS);
    openHours.set(hour, v);
  }
  return v;
}

function duringServiceHours(t: number, jitter: number): number {
  let hour = Math.floor(t / HOUR_MS);
  if (openInHour(hour)) return t;
  // Two weeks is longer than any closure of the calendar (Christmas to New Year included).
  for (let i = 0; i < 14 * 24 && !openInHour(hour); i++) hour++;
  return hour * HOUR_MS + jitter;
}

/** Instants of the events when the ticket was created at `start`; with `snap`, staff act in service hours. */
function layout(events: readonly TimelineEvent[], start: number, snap: boolean): number[] {
  const times: number[] = [];
  let t = start;
  let enteredAt = start;
  for (const e of events) {
    if (typeof e.gap === 'number') {
      t += e.gap;
      if (snap && e.gap > 0 && e.staffJitter !== undefined) t = duringServiceHours(t, e.staffJitter);
    } else {
      t = addLocalDays(enteredAt, e.gap.days, TZ);
    }
    times.push(t);
    if (e.status) enteredAt = t;
  }
  return times;
}

/**
 * False when a manual move out of a timed status comes after its timer ran out (the automation would have moved
 * the ticket first). Snapping to service hours can cause that across a long closure; the caller then lays out
 * without snapping, where the gap caps guarantee it.
 */
function timersRespected(events: readonly TimelineEvent[], start: number, times: readonly number[]): boolean {
  let enteredAt = start;
  for (let i = 0; i < events.length; i++) {
    const status = events[i]!.status;
    if (!status) continue;
    const timer = TIMED.get(status.from);
    if (status.actor !== 'system' && timer !== undefined && times[i]! >= addLocalDays(enteredAt, timer, TZ)) return false;
    enteredAt = times[i]!;
  }
  return true;
}

/**
 * Lays the events out so that the last one happens at `end`, or (snapping jumps over closed hours) up to a few
 * hours before it; never after it.
 */
function lastOf(times: readonly number[], start: number): number {
  return times.length ? times[times.length - 1]! : start;
}

function alignTo(events: readonly TimelineEvent[], end: number, snap: boolean): { start: number; times: number[]; ok: boolean } {
  let start = end;
  let times = layout(events, start, snap);
  // Automatic steps span DST switches differently at different instants, and snapping jumps: re-lay out.
  for (let round = 0; round < 8; round++) {
    const last = lastOf(times, start);
    if (last <= end && end - last < 6 * HOUR_MS) break;
    start -= last - end;
    times = layout(events, start, snap);
  }
  for (let round = 0; round < 20 && lastOf(times, start) > end; round++) {
    start -= lastOf(times, start) - end + HOUR_MS;
    times = layout(events, start, snap);
  }
  return { start, times, ok: lastOf(times, start) <= end && timersRespected(events, start, times) };
}

/**
 * Generates ticket `index` of the demo data. Pure given (seed, index, world, anchor): each ticket has its own
 * random stream, so batches can be produced independently and the result never depends on batch size.
 */
export function generateTicket(seed: number, index: number, total: number, world: SeedWorld, anchor: number, masterIds: readonly string[]): SeedTicket {
  const rng = new Rng(seed, 'ticket', index);
  // Ordered ids (see Rng.orderedId): the ticket is minor 0, its comments, history and escalation follow.
  let minor = 0;
  const id = rng.orderedId(index + 1, minor++);
  const childId = () => rng.orderedId(index + 1, minor++);
  const plan = ticketPlan(total);
  const isMaster = index < plan.masters;
  const escalationSlot = index - plan.escalationsFrom;
  const forcedEscalation: EscalationState | null = escalationSlot >= 0 && escalationSlot < 5 ? ESCALATION_STATES[escalationSlot]! : null;
  const escalationState: EscalationState | null =
    forcedEscalation ?? (index >= plan.escalationsFrom + 5 && rng.chance(0.006) ? rng.pick(ESCALATION_STATES) : null);
  const linkedMaster = !isMaster && index >= plan.escalationsFrom + 5 && rng.chance(0.05) ? rng.int(0, plan.masters - 1) : null;

  // Who files: demo organisations get a steady share so the demo logins always see tickets.
  const organization =
    index % 41 === 7 ? world.demoCustomerOrg
    : index % 53 === 11 ? world.demoPartnerOrg
    : rng.chance(0.25) ? rng.pick(world.partners) : rng.pick(world.customers);
  const reporter = rng.pick(organization.users);
  const others = organization.users.filter((u) => u !== reporter);
  const lang: Lang = reporter.language;

  const topic = isMaster ? masterTopic(index) : linkedMaster !== null ? masterTopic(linkedMaster) : rng.pick(TOPICS);
  const productName = rng.pick(topic.products);
  const productVersion = rng.pick(PRODUCTS.find((p) => p.name === productName)!.versions);
  const values = { product: productName, version: productVersion, company: organization.name, name: reporter.firstName };
  const severity = rng.pick(topic.severities);
  const [whatHappened, whenAndHowLong, affectedObjects, reproducibility, stepsTried] = topic.checklist[lang];

  let target: TicketStatus;
  if (isMaster) target = MASTER_STATUSES[index % MASTER_STATUSES.length]!;
  else if (index >= plan.statusesFrom && index < plan.statusesFrom + 9) target = TICKET_STATUSES[index - plan.statusesFrom]!;
  else if (escalationState === 'resolved') target = rng.pick(['IN_PROGRESS', 'DONE', 'CLOSED', 'FEEDBACK_REQUEST'] as const);
  else if (escalationState) target = rng.pick(ESCALATED_OPEN_STATUSES);
  else target = rng.weighted(STATUS_WEIGHTS);
  const path = planStatusPath(rng, target);

  const agent = index % 7 === 0 ? world.agents[index % 14 === 0 ? 0 : 1]! : rng.pick(world.agents);
  const lead = rng.pick(world.leads);
  const staffActor = () => (rng.chance(0.9) ? agent : lead);
  const customerSide = (kind: WorkflowActorKind) => (kind === 'customer' && others.length > 0 ? rng.pick(others) : reporter);

  // ---- events, in order; times are laid out afterwards ----
  const events: TimelineEvent[] = [];
  let assigned = false;
  let misconfiguration = false;
  for (const step of path) {
    if (step.actor === 'system') {
      events.push({ gap: { days: TIMED.get(step.from)! }, status: { ...step, user: null } });
      continue;
    }
    const gap = gapBefore(rng, step, severity);
    if (step.actor === 'staff') {
      const user = staffActor();
      const first = !assigned;
      if (first) {
        assigned = true;
        events.push({ gap, staffJitter: rng.int(5, 120) * MINUTE_MS, field: { user, field: 'assignee', from: null, to: agent.id, internal: true } });
        if (linkedMaster !== null) {
          events.push({ gap: 0, field: { user, field: 'link', from: null, to: masterIds[linkedMaster]!, internal: true } });
        }
        if (topic.category === 'misconfiguration' && rng.chance(0.5)) {
          misconfiguration = true;
          events.push({ gap: 0, field: { user, field: 'misconfiguration', from: 'false', to: 'true', internal: true } });
        }
        if (rng.chance(0.3)) {
          events.push({ gap: rng.int(5, 240) * MINUTE_MS, staffJitter: rng.int(5, 120) * MINUTE_MS, comment: { author: user, body: rng.pick(INTERNAL_NOTES)[lang === 'en' && rng.chance(0.5) ? 'en' : 'de'], internal: true, customer: false } });
        }
      }
      const purpose = step.to === 'FEEDBACK_REQUEST' ? (rng.chance(0.5) ? 'question' : 'proposal')
        : step.to === 'PEER_REVIEW' ? 'review' : step.to === 'DONE' ? 'solved' : step.to === 'CLOSED' ? 'closed' : 'working';
      events.push({ gap: first ? rng.int(1, 30) * MINUTE_MS : gap, staffJitter: rng.int(5, 120) * MINUTE_MS, status: { ...step, user } });
      if (step.to !== 'CLOSED' || rng.chance(0.5)) {
        events.push({ gap: 0, comment: { author: user, body: fill(STAFF_REPLIES[purpose][lang], values), internal: false, customer: false } });
      }
    } else {
      // A customer-side reply: the comment is what moves the ticket (CUSTOMER_REPLY_EFFECT); IMPLEMENTING is a
      // deliberate status change by the creator and comes with no comment.
      const user = step.actor === 'creator' ? reporter : customerSide(step.actor);
      if (step.to === 'OPEN') {
        events.push({ gap, comment: { author: user, body: rng.pick(CUSTOMER_REPLIES)[lang], internal: false, customer: true } });
        events.push({ gap: 0, status: { ...step, user } });
      } else {
        events.push({ gap, status: { ...step, user } });
      }
    }
  }
  const finalStatus = path.length ? path[path.length - 1]!.to : 'NEW';
  // Extra customer information while estos works on it (no status effect in NEW/IN_PROGRESS/PEER_REVIEW/OPEN).
  if (!TIMED.has(finalStatus) && finalStatus !== 'DONE' && finalStatus !== 'CLOSED' && rng.chance(0.25)) {
    events.push({ gap: rng.int(30, 3 * 24 * 60) * MINUTE_MS, comment: { author: customerSide('customer'), body: rng.pick(CUSTOMER_REPLIES)[lang], internal: false, customer: true } });
  }

  // ---- lay out in time: end `finalDwell` before the anchor, creation before everything ----
  const dwell = finalDwell(rng, finalStatus);
  const end = anchor - dwell;
  let placed = alignTo(events, end, true);
  // The anchor is the start of the seeding day and the service starts some hours later: a ticket in a timed
  // status must not fall due during that whole day, or the scheduler's catch-up moves it on the first start.
  if (!placed.ok || !finalTimerRunning(events, placed, finalStatus, anchor + DAY_MS)) placed = alignTo(events, end, false);
  const { times } = placed;
  const createdAt = placed.start;

  const history: SeedHistory[] = [
    { id: childId(), actor: { kind: 'user', user: reporter }, field: 'status', from: null, to: 'NEW', internal: false, at: createdAt },
  ];
  const comments: SeedTicket['comments'] = [];
  let lastCustomerActivityAt: number | null = null;
  let statusChangedAt = createdAt;
  events.forEach((e, i) => {
    const at = times[i]!;
    if (e.status) {
      history.push({ id: childId(), actor: e.status.user ? { kind: 'user', user: e.status.user } : { kind: 'system' }, field: 'status', from: e.status.from, to: e.status.to, internal: false, at });
      statusChangedAt = at;
    } else if (e.field) {
      history.push({ id: childId(), actor: { kind: 'user', user: e.field.user }, field: e.field.field, from: e.field.from, to: e.field.to, internal: e.field.internal, at });
    } else if (e.comment) {
      comments.push({ id: childId(), authorId: e.comment.author.id, body: e.comment.body, internal: e.comment.internal, at });
      if (e.comment.customer) lastCustomerActivityAt = at;
    }
  });

  // Participants: colleagues of the reporter's own organisation only (the service enforces the same).
  const participants: SeedTicket['participants'] = [];
  if (others.length > 0 && rng.chance(0.3)) {
    const count = Math.min(others.length, rng.int(1, 2));
    const chosen = new Set<SeedUser>();
    while (chosen.size < count) chosen.add(rng.pick(others));
    for (const u of chosen) participants.push({ email: u.email, addedAt: createdAt });
  }

  const validContracts = organization.contracts.filter((c) => c.validFrom <= createdAt && (c.validUntil === null || c.validUntil > createdAt));
  const slaContractNumber = validContracts.length > 0 && rng.chance(0.7) ? rng.pick(validContracts).contractNumber : null;

  let endUserCompany: EndUserCompany | null = null;
  if (reporter.role === 'partner') {
    if (organization.endUserCompanies.length > 0 && rng.chance(0.8)) {
      const euc = rng.pick(organization.endUserCompanies);
      endUserCompany = { name: euc.name, registered: euc.registered, companyId: euc.id };
    } else if (rng.chance(0.5)) {
      endUserCompany = { name: `${organization.name.split(' ')[0]} Endkunde ${rng.int(1, 99)}`, registered: false, companyId: null };
    }
  }

  const escalation = escalationState
    ? buildEscalation(rng, childId(), escalationState, {
        reporter, lead, lang,
        windowStart: (history.find((h) => h.field === 'assignee')?.at ?? createdAt) + HOUR_MS,
        // On a settled ticket the escalation was resolved before the ticket was; otherwise it runs until now.
        windowEnd: finalStatus === 'DONE' || finalStatus === 'CLOSED' ? statusChangedAt - MINUTE_MS : anchor - 10 * MINUTE_MS,
      })
    : null;
  if (escalation) {
    escalation.stateTimes.forEach((at, k) => {
      history.push({
        // The customer side raises it and confirms the slot; the team lead proposes, holds and resolves (as the service allows).
        id: childId(), actor: { kind: 'user', user: k === 0 || k === 2 ? reporter : lead }, field: 'escalation',
        from: k === 0 ? null : ESCALATION_STATES[k - 1]!, to: ESCALATION_STATES[k]!, internal: false, at,
      });
    });
    // Stable sort: events at the same instant keep their causal order.
    history.sort((a, b) => a.at - b.at);
  }
  const lastAt = Math.max(history[history.length - 1]!.at, comments.length ? comments[comments.length - 1]!.at : 0, escalation?.updatedAt ?? 0);

  return {
    id,
    seq: index + 1,
    key: `PS-${10000 + index + 1}`,
    title: fill(topic.title[lang], values),
    description: fill(topic.description[lang], values),
    checklist: { whatHappened, whenAndHowLong, affectedObjects, reproducibility, stepsTried },
    product: productName,
    productVersion,
    category: topic.category,
    severity,
    reporter,
    organization,
    endUserCompany,
    visibility: rng.chance(0.6) ? 'organization' : 'private',
    slaContractNumber,
    linkedToTicketId: linkedMaster !== null && assigned ? masterIds[linkedMaster]! : null,
    assigneeId: assigned ? agent.id : null,
    misconfiguration,
    status: finalStatus,
    statusChangedAt,
    createdAt,
    updatedAt: lastAt,
    lastCustomerActivityAt,
    participants,
    comments,
    history,
    escalation,
  };
}

/** A ticket left in a timed status must still be waiting at `until`, not overdue for the automation. */
function finalTimerRunning(events: readonly TimelineEvent[], placed: { start: number; times: number[] }, status: TicketStatus, until: number): boolean {
  const timer = TIMED.get(status);
  if (timer === undefined) return true;
  let enteredAt = placed.start;
  events.forEach((e, i) => {
    if (e.status) enteredAt = placed.times[i]!;
  });
  return addLocalDays(enteredAt, timer, TZ) > until;
}

function buildEscalation(
  rng: Rng,
  id: string,
  state: EscalationState,
  ctx: { reporter: SeedUser; lead: SeedUser; lang: Lang; windowStart: number; windowEnd: number },
): SeedEscalation & { stateTimes: number[] } {
  const stage = ESCALATION_STATES.indexOf(state);
  // Each lifecycle state takes a share of the window the escalation lived in.
  const end = ctx.windowEnd;
  const begin = Math.min(ctx.windowStart, end - (stage + 1) * HOUR_MS);
  const requestedAt = Math.round(begin + rng.next() * (end - begin) * 0.5);
  const step = (end - requestedAt) / (stage + 1);
  const stateTimes = Array.from({ length: stage + 1 }, (_, k) => Math.round(requestedAt + k * step));
  // Appointments at 10:00 or 14:00 Berlin time on a service day, the given number of service days ahead.
  serviceHours ??= createBusinessCalendar();
  const hour = rng.pick([10, 14]);
  const localSlot = (from: number, days: number) => {
    let slot = from;
    for (let d = 0; d < days; d++) {
      slot = addLocalDays(slot, 1, TZ);
      for (let guard = 0; guard < 14 && !serviceHours!.isOpen(fromZoned({ ...toZoned(slot, TZ), hour, minute: 0, second: 0, millisecond: 0 }, TZ)); guard++) {
        slot = addLocalDays(slot, 1, TZ);
      }
    }
    return fromZoned({ ...toZoned(slot, TZ), hour, minute: 0, second: 0, millisecond: 0 }, TZ);
  };
  let proposedSlots: number[] = [];
  let chosenSlot: number | null = null;
  if (stage >= 3) {
    // Held or resolved: the chosen slot is when the meeting took place, after the confirmation.
    const onTheHour = Math.floor(stateTimes[3]! / HOUR_MS) * HOUR_MS;
    chosenSlot = onTheHour > stateTimes[2]! ? onTheHour : stateTimes[3]!;
    proposedSlots = [chosenSlot, chosenSlot + DAY_MS, chosenSlot + 2 * DAY_MS];
  } else if (stage >= 1) {
    // Proposed or confirmed: the meeting is still ahead, so the slots lie after the seed's "now".
    const from = Math.max(stateTimes[1]!, end);
    proposedSlots = [localSlot(from, 1), localSlot(from, 2), localSlot(from, 3)];
    if (stage === 2) chosenSlot = rng.pick(proposedSlots);
  }
  const en = ctx.lang === 'en';
  return {
    id,
    requestedBy: ctx.reporter,
    reason: rng.pick(ESCALATION_REASONS)[ctx.lang],
    state,
    owner: stage >= 1 ? ctx.lead : null,
    proposedSlots,
    chosenSlot,
    // The service stores the meeting link with the proposal.
    meetingLink: stage >= 1 ? `https://meet.estos.example/esc-${rng.int(100000, 999999)}` : null,
    outcomeNotes: stage >= 3 ? (en ? 'Root cause explained; workaround agreed until the fix ships.' : 'Ursache erläutert; Workaround bis zur Auslieferung des Fixes vereinbart.') : null,
    nextSteps: stage >= 3 ? (en ? 'estos delivers a hotfix; customer tests it within a week.' : 'estos liefert einen Hotfix; der Kunde testet ihn innerhalb einer Woche.') : null,
    createdAt: requestedAt,
    updatedAt: stateTimes[stage]!,
    stateTimes,
  };
}

const isoOf = (ms: number) => new Date(ms).toISOString();

/** The shared domain view of a seeded ticket: what prioritySortKey and the SLA clocks read. */
export function toSlaInput(t: SeedTicket, impact: number): SlaInput {
  const ticket: Ticket = {
    id: t.id, key: t.key, title: t.title, description: t.description, checklist: t.checklist, product: t.product,
    productVersion: t.productVersion, category: t.category, severity: t.severity, reporterId: t.reporter.id,
    organizationId: t.organization.id, reporterRole: t.reporter.role, endUserCompany: t.endUserCompany,
    reporterOrganizationRegistered: t.organization.registeredEndUser, visibility: t.visibility,
    participants: t.participants.map((p) => p.email.toLowerCase()), slaContractNumber: t.slaContractNumber, impact,
    linkedToTicketId: t.linkedToTicketId, assigneeId: t.assigneeId, escalationId: t.escalation?.id ?? null,
    misconfiguration: t.misconfiguration, status: t.status, createdAt: isoOf(t.createdAt), updatedAt: isoOf(t.updatedAt),
    lastCustomerActivityAt: t.lastCustomerActivityAt === null ? null : isoOf(t.lastCustomerActivityAt),
    statusHistory: t.history
      .filter((h) => h.field === 'status')
      .map((h) => ({
        at: isoOf(h.at),
        actor: h.actor.kind === 'system' ? { kind: 'system' as const } : { kind: 'user' as const, userId: h.actor.user.id, role: h.actor.user.role },
        from: h.from as TicketStatus | null,
        to: h.to as TicketStatus,
      })),
  };
  const staffIds = new Set(t.history.filter((h) => h.actor.kind === 'user' && isStaffRole(h.actor.user.role)).map((h) => (h.actor as { user: SeedUser }).user.id));
  const publicAgentReplies = t.comments.filter((c) => !c.internal && staffIds.has(c.authorId)).map((c) => c.at);
  return { ticket, publicAgentReplies };
}
