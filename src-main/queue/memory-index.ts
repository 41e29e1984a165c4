import type Database from 'better-sqlite3';
import { TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import { TICKET_CATEGORIES } from '../../src-shared/domain/ticket';
import { DeferredIndexes } from '../cache/deferred-indexes';
import { SLA_SUMMARY_STATES, type QueueFilter } from './queue-filter';

/**
 * The queue's filter and sort columns of every ticket, in memory, in queue order: a window with its exact
 * total is one pass over typed arrays (~1 ms for 100k tickets) whatever the filter combination, where SQLite
 * needed an index per combination and still walked tens of thousands of entries for sparse ones.
 *
 * Source of truth stays SQLite. The index follows it through the `queue_changes` log (cache migration 12,
 * written by triggers, so every writer is covered): before each query it reads the log entries after the
 * last one it saw and re-reads just those ticket rows. A long log (a rebootstrap, the first SLA pass), a
 * pruned gap or a reload mark means a full reload instead (~0.3–0.5 s at 100k; the app loads in background
 * slices at sign-in, see loadSlice).
 *
 * Text search keeps using FTS5, but the match set of a query is kept (the 32 most recent queries): a broad word
 * matches up to every ticket and reading that list costs ~20 ms each time. Kept sets stay exact: the rows the
 * log names are re-checked with the same tokenizer (recheckText); an organisation change drops them.
 */

/** More pending log entries than this: reload everything instead of re-reading row by row. */
const RELOAD_AFTER_CHANGES = 3000;
/** Kept text match sets (per FTS query string), least recently used dropped first. */
const TEXT_SETS_KEPT = 32;
/** Rows per background load slice (~10–25 ms each at 100k tickets). */
const LOAD_SLICE_ROWS = 2000;

const NONE = -1;
/** queue_changes.ticket_rowid -1: anything may have changed (cache/deferred-indexes.ts), reload. */
const RELOAD_MARK = -1;
const code = <T extends string | number>(values: readonly T[]) => new Map<T, number>(values.map((v, i) => [v, i]));
const STATUS_CODE = code(TICKET_STATUSES);
const CATEGORY_CODE = code(TICKET_CATEGORIES);
const SLA_CODE = code(SLA_SUMMARY_STATES);
/** A value the app does not know (a newer service): matches no filter on that column, sorts as usual. */
const UNKNOWN = 255;

type Row = [rowid: number, status: string, category: string, severity: number, sla: string, escalated: number, assignee: string | null, org: string, prio: string, key: string];

interface TextSet {
  /** 1 at the slot of every ticket the query matches */
  member: Uint8Array;
}

interface Predicate {
  readonly status: Uint8Array | null;
  readonly category: Uint8Array | null;
  readonly severity: Uint8Array | null;
  readonly sla: Uint8Array | null;
  /** -1: any; 0 / 1: escalated or not */
  readonly escalated: number;
  /** undefined: any; NONE: unassigned; else the interned user id (an unknown id interns as a fresh number, matching nothing) */
  readonly assignee: number | undefined;
  readonly org: number | undefined;
  readonly text: Uint8Array | null;
}

export interface MemoryWindow {
  readonly rowids: number[];
  readonly total: number;
}

export class QueueMemoryIndex {
  private loaded = false;
  /** a background load in progress: the log position before its first slice, the last (prio, key) read */
  private loading: { seq: number; after: [string, string] | null } | null = null;
  private lastSeq = 0;
  private size = 0;
  private capacity = 0;
  private rowidOf = new Float64Array(0);
  private status = new Uint8Array(0);
  private category = new Uint8Array(0);
  private severity = new Uint8Array(0);
  private sla = new Uint8Array(0);
  private escalated = new Uint8Array(0);
  private assignee = new Int32Array(0);
  private org = new Int32Array(0);
  private prio: string[] = [];
  private key: string[] = [];
  private alive = new Uint8Array(0);
  /** live slots in queue order (priority key, then ticket key) */
  private order: number[] = [];
  private readonly slotOf = new Map<number, number>();
  private readonly ids = new Map<string, number>();
  private readonly textSets = new Map<string, TextSet>();
  private readonly stmts;
  private readonly deferred: DeferredIndexes;

  constructor(private readonly db: Database.Database) {
    this.deferred = new DeferredIndexes(db);
    const columns = `rowid, status, category, severity, sla_state, escalation_id IS NOT NULL, assignee_id, organization_id, priority_key, key`;
    this.stmts = {
      // Every column is in the covering queue index, already in queue order: a scan of the index, not of the
      // ~2 KB ticket rows (100k tickets: ~150 ms instead of ~500 ms). While a bootstrap defers it: the table.
      // (prepared when used: preparing it fails while the index is deferred)
      allInOrder: () => db.prepare(`SELECT ${columns} FROM tickets INDEXED BY tickets_queue_order ORDER BY priority_key, key`).raw(),
      all: db.prepare(`SELECT ${columns} FROM tickets`).raw(),
      firstSlice: () => db.prepare(`SELECT ${columns} FROM tickets INDEXED BY tickets_queue_order ORDER BY priority_key, key LIMIT ?`).raw(),
      nextSlice: () =>
        db
          .prepare(
            `SELECT ${columns} FROM tickets INDEXED BY tickets_queue_order
             WHERE priority_key >= ? AND (priority_key > ? OR key > ?) ORDER BY priority_key, key LIMIT ?`,
          )
          .raw(),
      some: db.prepare(`SELECT ${columns} FROM tickets WHERE rowid IN (SELECT value FROM json_each(?))`).raw(),
      // AUTOINCREMENT keeps the highest seq ever assigned in sqlite_sequence, also when the log is emptied
      lastSeq: db.prepare("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'queue_changes'), 0)").pluck(),
      // the first unseen entry, and the highest seq ever assigned: entries after lastSeq that are gone (pruned,
      // or the log emptied) mean some changes were missed
      firstAfter: db
        .prepare("SELECT (SELECT min(seq) FROM queue_changes WHERE seq > ?), coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'queue_changes'), 0)")
        .raw(),
      changes: db.prepare('SELECT seq, ticket_rowid FROM queue_changes WHERE seq > ? ORDER BY seq LIMIT ?').raw(),
      textAll: db.prepare('SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?').pluck(),
    };
  }

  /** Whether the index holds every ticket (after a full load or the last slice of a background load). */
  get ready(): boolean {
    return this.loaded;
  }

  /** A first bootstrap defers the queue indexes and leaves ticket writes unlogged (cache migrations 11, 12). */
  bootstrapRunning(): boolean {
    return this.deferred.any();
  }

  /**
   * One slice of a background load (app start with a large cache: a full load blocks the thread ~0.2–0.5 s at
   * 100k tickets). Slices follow the queue order by keyset, so rows arrive sorted. Writes between slices are
   * caught up from the log position taken before the first slice; a row read twice (it moved forward) is
   * simply updated. Returns true once the index is ready; false while a bootstrap runs (call again later).
   */
  loadSlice(rows = LOAD_SLICE_ROWS): boolean {
    if (this.loaded) return true;
    if (this.bootstrapRunning()) {
      this.loading = null;
      return false;
    }
    if (this.loading === null) {
      this.loading = { seq: this.stmts.lastSeq.get() as number, after: null };
      this.clear(LOAD_SLICE_ROWS);
    }
    const after = this.loading.after;
    const batch = (after === null ? this.stmts.firstSlice().all(rows) : this.stmts.nextSlice().all(after[0], after[0], after[1], rows)) as Row[];
    for (const row of batch) {
      if (this.slotOf.has(row[0])) {
        this.put(row);
        continue;
      }
      if (this.size === this.capacity) this.allocate(this.capacity * 2);
      const s = this.size++;
      this.write(s, row);
      const last = this.order.at(-1);
      if (last === undefined || cmp(this.prio[last]!, this.key[last]!, row[8], row[9]) <= 0) this.order.push(s);
      else this.order.splice(this.lowerBound(row[8], row[9]), 0, s);
    }
    const tail = batch.at(-1);
    if (tail !== undefined) this.loading.after = [tail[8], tail[9]];
    if (batch.length === rows) return false;
    this.lastSeq = this.loading.seq;
    this.loading = null;
    this.loaded = true;
    this.refresh();
    return true;
  }

  /**
   * Brings the index up to the committed state of the database. Cheap when nothing changed (one seek). When
   * only a full reload will do: `reload: 'now'` reloads at once; `'defer'` unloads the index and returns false,
   * the caller then loads it in slices (loadSlice) and answers from SQL meanwhile.
   */
  refresh(reload: 'now' | 'defer' = 'now'): boolean {
    const full = (): boolean => {
      if (reload === 'now') {
        this.reload();
        return true;
      }
      this.loaded = false;
      this.loading = null;
      return false;
    };
    // Unlogged writes while a bootstrap defers the queue indexes: only a reload is right (the queue service
    // does not use this index then; tests that force it pay for the reload).
    if (!this.loaded || this.deferred.any()) return full();
    const [first, newest] = this.stmts.firstAfter.get(this.lastSeq) as [number | null, number];
    if (first === null) return newest > this.lastSeq ? full() : true;
    if (first > this.lastSeq + 1) return full();
    const entries = this.stmts.changes.all(this.lastSeq, RELOAD_AFTER_CHANGES + 1) as [number, number | null][];
    if (entries.length > RELOAD_AFTER_CHANGES || entries.some(([, rowid]) => rowid === RELOAD_MARK)) return full();
    const rowids = new Set<number>();
    let textOfManyChanged = false;
    for (const [seq, rowid] of entries) {
      this.lastSeq = seq;
      if (rowid === null) textOfManyChanged = true;
      else rowids.add(rowid);
    }
    const ids = [...rowids];
    const present = new Set<number>();
    for (const row of this.stmts.some.all(JSON.stringify(ids)) as Row[]) {
      present.add(row[0]);
      this.put(row);
    }
    for (const rowid of ids) if (!present.has(rowid)) this.remove(rowid);
    if (textOfManyChanged) this.textSets.clear();
    else if (ids.length > 0) this.recheckText(ids);
    return true;
  }

  window(filter: QueueFilter, ftsQuery: string | null, currentUserId: string, offset: number, limit: number): MemoryWindow {
    const p = this.predicate(filter, ftsQuery, currentUserId);
    const rowids: number[] = [];
    const end = offset + limit;
    let total = 0;
    const { order } = this;
    for (let i = 0; i < order.length; i++) {
      const s = order[i]!;
      if (!this.matches(p, s)) continue;
      if (total >= offset && total < end) rowids.push(this.rowidOf[s]!);
      total++;
    }
    return { rowids, total };
  }

  count(filter: QueueFilter, ftsQuery: string | null, currentUserId: string): number {
    const p = this.predicate(filter, ftsQuery, currentUserId);
    let total = 0;
    for (let s = 0; s < this.size; s++) if (this.alive[s] === 1 && this.matches(p, s)) total++;
    return total;
  }

  countsByStatus(filter: QueueFilter, ftsQuery: string | null, currentUserId: string): Record<TicketStatus, number> {
    const p = { ...this.predicate({ ...filter, statuses: undefined }, ftsQuery, currentUserId) };
    const perCode = new Array<number>(TICKET_STATUSES.length).fill(0);
    for (let s = 0; s < this.size; s++) {
      if (this.alive[s] !== 1 || !this.matches(p, s)) continue;
      const c = this.status[s]!;
      if (c !== UNKNOWN) perCode[c]!++;
    }
    return Object.fromEntries(TICKET_STATUSES.map((st, i) => [st, perCode[i]!])) as Record<TicketStatus, number>;
  }

  private matches(p: Predicate, s: number): boolean {
    if (p.status !== null && p.status[this.status[s]!] !== 1) return false;
    if (p.category !== null && p.category[this.category[s]!] !== 1) return false;
    if (p.severity !== null && p.severity[this.severity[s]!] !== 1) return false;
    if (p.sla !== null && p.sla[this.sla[s]!] !== 1) return false;
    if (p.escalated !== -1 && this.escalated[s] !== p.escalated) return false;
    if (p.assignee !== undefined && this.assignee[s] !== p.assignee) return false;
    if (p.org !== undefined && this.org[s] !== p.org) return false;
    if (p.text !== null && p.text[s] !== 1) return false;
    return true;
  }

  private predicate(f: QueueFilter, ftsQuery: string | null, currentUserId: string): Predicate {
    const mask = <T>(values: readonly T[] | undefined, codes: ReadonlyMap<T, number>): Uint8Array | null => {
      if (values === undefined) return null;
      const m = new Uint8Array(256);
      for (const v of values) {
        const c = codes.get(v);
        if (c !== undefined) m[c] = 1;
      }
      return m;
    };
    const severities = f.severities === undefined ? null : new Uint8Array(256);
    for (const v of f.severities ?? []) severities![v] = 1;
    const assignee =
      f.assignee === undefined ? undefined : f.assignee.kind === 'unassigned' ? NONE : this.intern(f.assignee.kind === 'me' ? currentUserId : f.assignee.userId);
    return {
      status: mask(f.statuses, STATUS_CODE),
      category: mask(f.categories, CATEGORY_CODE),
      severity: severities,
      sla: mask(f.slaStates, SLA_CODE),
      escalated: f.escalated === undefined ? -1 : f.escalated ? 1 : 0,
      assignee,
      org: f.organizationId === undefined ? undefined : this.intern(f.organizationId),
      text: ftsQuery === null ? null : this.textSet(ftsQuery).member,
    };
  }

  // ---- text match sets ----------------------------------------------------------------------------

  private textSet(query: string): TextSet {
    const kept = this.textSets.get(query);
    if (kept !== undefined && kept.member.length >= this.size) {
      this.textSets.delete(query); // re-insert: Map order is the LRU order
      this.textSets.set(query, kept);
      return kept;
    }
    const member = new Uint8Array(Math.max(this.capacity, 1));
    for (const rowid of this.stmts.textAll.all(query) as number[]) {
      const s = this.slotOf.get(rowid);
      if (s !== undefined) member[s] = 1;
    }
    const set = { member };
    this.textSets.delete(query);
    this.textSets.set(query, set);
    if (this.textSets.size > TEXT_SETS_KEPT) this.textSets.delete(this.textSets.keys().next().value!);
    return set;
  }

  /**
   * Re-decides the changed rows' membership in every kept match set. Asking tickets_fts would not do: a prefix
   * query cannot seek to a rowid, so `MATCH ? AND rowid IN (…)` reads the whole match list (~20 ms for "ps"*,
   * per kept query). Instead the changed rows' text is copied into a small temporary FTS5 table with the same
   * tokenizer and the queries run there: the same matching rules, over a few rows.
   */
  private recheckText(rowids: readonly number[]): void {
    if (this.textSets.size === 0) return;
    const recheck = this.recheckTable();
    recheck.clear.run();
    recheck.fill.run(JSON.stringify(rowids));
    for (const [query, set] of this.textSets) {
      if (set.member.length < this.capacity) {
        // new slots beyond the set: rebuild on next use
        this.textSets.delete(query);
        continue;
      }
      for (const rowid of rowids) {
        const s = this.slotOf.get(rowid);
        if (s !== undefined) set.member[s] = 0;
      }
      for (const rowid of recheck.match.all(query) as number[]) {
        const s = this.slotOf.get(rowid);
        if (s !== undefined) set.member[s] = 1;
      }
    }
  }

  private recheck: { clear: Database.Statement; fill: Database.Statement; match: Database.Statement } | null = null;

  /** temp.queue_text_recheck: same columns and tokenizer as tickets_fts (cache migration 2), in temp storage. */
  private recheckTable(): NonNullable<QueueMemoryIndex['recheck']> {
    if (this.recheck !== null) return this.recheck;
    const main = (this.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'tickets_fts'").pluck().get() as string | undefined) ?? '';
    const tokenizer = /tokenize\s*=\s*'([^']*)'/.exec(main)?.[1] ?? 'unicode61 remove_diacritics 2';
    this.db.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS temp.queue_text_recheck USING fts5(key, title, description, org_name, tokenize = '${tokenizer.replaceAll("'", "''")}')`,
    );
    this.recheck = {
      clear: this.db.prepare('DELETE FROM temp.queue_text_recheck'),
      // the same text the tickets_fts triggers index (cache migration 2)
      fill: this.db.prepare(
        `INSERT INTO temp.queue_text_recheck (rowid, key, title, description, org_name)
         SELECT t.rowid, t.key, t.title, t.description, coalesce((SELECT name FROM organizations WHERE id = t.organization_id), '')
         FROM tickets t WHERE t.rowid IN (SELECT value FROM json_each(?))`,
      ),
      match: this.db.prepare('SELECT rowid FROM temp.queue_text_recheck WHERE queue_text_recheck MATCH ?').pluck(),
    };
    return this.recheck;
  }

  // ---- maintenance --------------------------------------------------------------------------------

  private reload(): void {
    // The log position first: whatever commits after it is applied on the next refresh (at worst twice,
    // which is harmless: put() is idempotent). Reads here see one committed state (single connection).
    this.lastSeq = this.stmts.lastSeq.get() as number;
    const inOrder = !this.deferred.has('tickets_queue_order');
    const rows = (inOrder ? this.stmts.allInOrder().all() : this.stmts.all.all()) as Row[];
    this.loading = null;
    this.clear(rows.length + 1024);
    for (const row of rows) this.write(this.size++, row);
    this.order = [];
    for (let s = 0; s < this.size; s++) this.order.push(s);
    if (!inOrder) this.order.sort((a, b) => this.compare(a, b));
    this.loaded = true;
  }

  private clear(capacity: number): void {
    this.slotOf.clear();
    this.textSets.clear();
    this.size = 0;
    this.allocate(capacity);
    this.prio = [];
    this.key = [];
    this.order = [];
  }

  private put(row: Row): void {
    const existing = this.slotOf.get(row[0]);
    if (existing === undefined) {
      if (this.size === this.capacity) this.allocate(this.capacity * 2);
      const s = this.size++;
      this.write(s, row);
      this.order.splice(this.lowerBound(row[8], row[9]), 0, s);
      return;
    }
    const moved = this.prio[existing] !== row[8] || this.key[existing] !== row[9];
    if (moved) this.order.splice(this.positionOf(existing), 1);
    this.write(existing, row);
    if (moved) this.order.splice(this.lowerBound(row[8], row[9]), 0, existing);
  }

  private remove(rowid: number): void {
    const s = this.slotOf.get(rowid);
    if (s === undefined) return;
    this.order.splice(this.positionOf(s), 1);
    this.slotOf.delete(rowid);
    this.alive[s] = 0;
  }

  private write(s: number, [rowid, status, category, severity, sla, escalated, assignee, org, prio, key]: Row): void {
    this.rowidOf[s] = rowid;
    this.slotOf.set(rowid, s);
    this.status[s] = STATUS_CODE.get(status as TicketStatus) ?? UNKNOWN;
    this.category[s] = CATEGORY_CODE.get(category as (typeof TICKET_CATEGORIES)[number]) ?? UNKNOWN;
    this.severity[s] = severity >= 0 && severity < UNKNOWN ? severity : UNKNOWN;
    this.sla[s] = SLA_CODE.get(sla as (typeof SLA_SUMMARY_STATES)[number]) ?? UNKNOWN;
    this.escalated[s] = escalated;
    this.assignee[s] = assignee === null ? NONE : this.intern(assignee);
    this.org[s] = this.intern(org);
    this.prio[s] = prio;
    this.key[s] = key;
    this.alive[s] = 1;
  }

  private intern(id: string): number {
    let n = this.ids.get(id);
    if (n === undefined) {
      n = this.ids.size;
      this.ids.set(id, n);
    }
    return n;
  }

  private allocate(capacity: number): void {
    const grow = <A extends Uint8Array | Int32Array | Float64Array>(old: A, make: (n: number) => A): A => {
      const next = make(capacity);
      next.set(old.subarray(0, Math.min(old.length, this.size)));
      return next;
    };
    this.rowidOf = grow(this.rowidOf, (n) => new Float64Array(n));
    this.status = grow(this.status, (n) => new Uint8Array(n));
    this.category = grow(this.category, (n) => new Uint8Array(n));
    this.severity = grow(this.severity, (n) => new Uint8Array(n));
    this.sla = grow(this.sla, (n) => new Uint8Array(n));
    this.escalated = grow(this.escalated, (n) => new Uint8Array(n));
    this.assignee = grow(this.assignee, (n) => new Int32Array(n));
    this.org = grow(this.org, (n) => new Int32Array(n));
    this.alive = grow(this.alive, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }

  /** Queue order: priority key, then ticket key; both ASCII, so JS order equals SQLite's BINARY collation. */
  private compare(a: number, b: number): number {
    return cmp(this.prio[a]!, this.key[a]!, this.prio[b]!, this.key[b]!);
  }

  /** First position in `order` whose ticket sorts at or after (prio, key). */
  private lowerBound(prio: string, key: string): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.order[mid]!;
      if (cmp(this.prio[s]!, this.key[s]!, prio, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private positionOf(slot: number): number {
    // ticket keys are unique, but never trust that for an index into the order: scan the equal run
    const prio = this.prio[slot]!;
    const key = this.key[slot]!;
    for (let i = this.lowerBound(prio, key); i < this.order.length; i++) {
      const s = this.order[i]!;
      if (s === slot) return i;
      if (this.prio[s] !== prio || this.key[s] !== key) break;
    }
    const i = this.order.indexOf(slot);
    if (i < 0) throw new Error(`queue memory index: slot ${slot} is not in the order`);
    return i;
  }
}

function cmp(pa: string, ka: string, pb: string, kb: string): number {
  if (pa !== pb) return pa < pb ? -1 : 1;
  if (ka !== kb) return ka < kb ? -1 : 1;
  return 0;
}
