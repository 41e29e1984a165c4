import type Database from 'better-sqlite3';
import { TICKET_STATUSES } from '../../src-shared/domain/status';
import { BUILT_IN_VIEWS, type QueueFilter } from '../../src-main/queue/queue-filter';

export type QueryClass = 'view' | 'fields' | 'text_selective' | 'text_broad';
export interface MixQuery {
  readonly cls: QueryClass;
  readonly label: string;
  readonly filter: QueueFilter;
}

const OPEN = TICKET_STATUSES.filter((s) => s !== 'DONE' && s !== 'CLOSED');

/**
 * A realistic mix of queue requests over the bootstrapped cache: the built-in views, field filters
 * (status / assignee / category / severity / SLA state / organisation, alone and combined) and text search.
 * Search words come from the cache's own FTS vocabulary so they exist in the data: "broad" words are in the
 * most tickets ("ps", the key prefix every ticket has; "procall"), "medium" ones in 5–15 %, "selective" ones in
 * 0.1–2 % of the tickets (the texts are templated, so rarer words are mostly names), plus a ticket key. Deterministic for a given cache.
 */
export function queueMix(db: Database.Database, otherAgentId: string): MixQuery[] {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab(main, 'tickets_fts', 'row')");
  const tickets = db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
  const broad = db
    .prepare("SELECT term, doc FROM temp.bench_vocab WHERE length(term) >= 2 AND term NOT GLOB '*[^a-z]*' ORDER BY doc DESC LIMIT 4")
    .all() as { term: string; doc: number }[];
  const selectivePool = db
    .prepare("SELECT term, doc FROM temp.bench_vocab WHERE length(term) >= 4 AND term NOT GLOB '*[^a-z]*' AND doc BETWEEN ? AND ? ORDER BY term")
    .all(Math.max(2, Math.floor(tickets * 0.001)), Math.ceil(tickets * 0.02)) as { term: string; doc: number }[];
  const selective = [0, 1, 2, 3, 4, 5].map((i) => selectivePool[Math.floor((i * (selectivePool.length - 1)) / 5)]).filter((x) => x !== undefined);
  const medium = db
    .prepare("SELECT term, doc FROM temp.bench_vocab WHERE length(term) >= 4 AND term NOT GLOB '*[^a-z]*' AND doc BETWEEN ? AND ? ORDER BY doc DESC LIMIT 2")
    .all(Math.floor(tickets * 0.05), Math.floor(tickets * 0.15)) as { term: string; doc: number }[];
  const busyOrg = db.prepare('SELECT organization_id FROM tickets GROUP BY organization_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
  const someKey = db.prepare('SELECT key FROM tickets ORDER BY priority_key LIMIT 1 OFFSET ?').pluck().get(Math.floor(tickets / 3)) as string;

  const q: MixQuery[] = [];
  for (const [view, filter] of Object.entries(BUILT_IN_VIEWS)) q.push({ cls: 'view', label: `view ${view}`, filter });
  q.push({ cls: 'fields', label: 'status NEW', filter: { statuses: ['NEW'] } });
  q.push({ cls: 'fields', label: 'status IN_PROGRESS', filter: { statuses: ['IN_PROGRESS'] } });
  q.push({ cls: 'fields', label: 'status DONE+CLOSED', filter: { statuses: ['DONE', 'CLOSED'] } });
  q.push({ cls: 'fields', label: 'open, other agent', filter: { statuses: OPEN, assignee: { kind: 'user', userId: otherAgentId } } });
  q.push({ cls: 'fields', label: 'open, product_defect', filter: { statuses: OPEN, categories: ['product_defect'] } });
  q.push({ cls: 'fields', label: 'open, severity 1', filter: { statuses: OPEN, severities: [1] } });
  q.push({ cls: 'fields', label: 'open, unassigned, severity 1+2', filter: { statuses: OPEN, assignee: { kind: 'unassigned' }, severities: [1, 2] } });
  q.push({ cls: 'fields', label: 'open, cloud_outage, sev 1', filter: { statuses: OPEN, categories: ['cloud_outage'], severities: [1] } });
  q.push({ cls: 'fields', label: 'SLA breached', filter: { slaStates: ['breached'] } });
  q.push({ cls: 'fields', label: 'open, SLA ok', filter: { statuses: OPEN, slaStates: ['ok'] } });
  q.push({ cls: 'fields', label: 'open, SLA none', filter: { statuses: OPEN, slaStates: ['none'] } });
  q.push({ cls: 'fields', label: 'busiest organisation', filter: { organizationId: busyOrg } });
  q.push({ cls: 'fields', label: 'everything', filter: {} });
  for (const w of selective) q.push({ cls: 'text_selective', label: `text "${w!.term}" (${w!.doc} docs)`, filter: { text: w!.term } });
  q.push({ cls: 'text_selective', label: `text key ${someKey}`, filter: { text: someKey } });
  q.push({ cls: 'text_selective', label: `open + text "${selective[0]!.term}"`, filter: { statuses: OPEN, text: selective[0]!.term } });
  for (const w of [...broad, ...medium]) q.push({ cls: 'text_broad', label: `text "${w.term}" (${w.doc} docs)`, filter: { text: w.term } });
  q.push({ cls: 'text_broad', label: `open + text "${broad[0]!.term}"`, filter: { statuses: OPEN, text: broad[0]!.term } });
  q.push({ cls: 'text_broad', label: `my queue + text "${broad[1]!.term}"`, filter: { ...BUILT_IN_VIEWS.my_queue, text: broad[1]!.term } });
  q.push({ cls: 'text_broad', label: `unassigned + text "${broad[2]!.term}"`, filter: { ...BUILT_IN_VIEWS.unassigned, text: broad[2]!.term } });
  q.push({ cls: 'text_broad', label: `text "${broad[0]!.term} ${broad[1]!.term}"`, filter: { text: `${broad[0]!.term} ${broad[1]!.term}` } });
  q.push({ cls: 'text_selective', label: `text "${broad[0]!.term} ${selective[1]!.term}"`, filter: { text: `${broad[0]!.term} ${selective[1]!.term}` } });
  return q;
}

export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
