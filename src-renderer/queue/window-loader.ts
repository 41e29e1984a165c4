import type { BuiltInView, QueueFilter, QueueRow, Result, SupportDeskApi } from '../../src-shared/ipc/contract';
import type { ContractError } from '../../src-shared/ipc/contract';
import { OptimisticOverlay } from './optimistic-overlay';

export const PAGE_SIZE = 100;

export interface QueueScope {
  readonly view: BuiltInView | null;
  readonly filter: QueueFilter;
}

/**
 * Fetches the queue in aligned pages of PAGE_SIZE around what the virtualiser shows: never all rows, however
 * many tickets there are. A scope change bumps the generation so late answers for the old scope are dropped.
 */
export class WindowLoader {
  private pages = new Map<number, QueueRow[]>();
  private inflight = new Map<number, Promise<void>>();
  private generation = 0;
  /** Per page, the sequence number of the newest request: an older answer never overwrites a newer one. */
  private latest = new Map<number, number>();
  private sequence = 0;
  private scope: QueueScope = { view: 'all_open', filter: {} };
  total = 0;
  /** Local keyboard actions not yet answered by a fetched window; `rowAt` shows them over the fetched rows. */
  readonly overlay = new OptimisticOverlay();

  constructor(
    private readonly api: SupportDeskApi,
    private readonly onChange: (total: number) => void,
    private readonly onError: (error: ContractError) => void,
  ) {}

  setScope(scope: QueueScope): void {
    this.scope = scope;
    this.generation += 1;
    this.pages.clear();
    this.inflight.clear();
    this.latest.clear();
  }

  rowAt(index: number): QueueRow | undefined {
    const row = this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
    return row && this.overlay.size > 0 ? this.overlay.view(row) : row;
  }

  /** Sequence number of the newest window request so far: a request issued later sees every write before now. */
  get lastRequest(): number {
    return this.sequence;
  }

  /** Index of a loaded row by ticket id, or -1. */
  indexOf(id: string): number {
    for (const [page, rows] of this.pages) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return page * PAGE_SIZE + i;
    }
    return -1;
  }

  loadedRows(): QueueRow[] {
    return [...this.pages.values()].flat();
  }

  private pagesFor(start: number, end: number): number[] {
    const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
    const last = Math.floor(Math.max(0, end) / PAGE_SIZE);
    const out: number[] = [];
    for (let p = first; p <= last; p++) out.push(p);
    return out;
  }

  private fetchPage(page: number): Promise<void> {
    const gen = this.generation;
    const seq = ++this.sequence;
    this.latest.set(page, seq);
    const promise = this.api.calls['queue.window']({ ...this.scope, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (r: Result<{ rows: QueueRow[]; total: number }>) => {
        if (gen !== this.generation || this.latest.get(page) !== seq) return;
        this.inflight.delete(page);
        if (!r.ok) {
          this.onError(r.error);
          return;
        }
        this.pages.set(page, r.value.rows);
        if (this.overlay.size > 0) {
          this.overlay.reconcile(r.value.rows, seq);
          this.overlay.settle(new Set(this.loadedRows().map((row) => row.id)), seq);
        }
        this.total = r.value.total;
        this.onChange(this.total);
      },
    );
    this.inflight.set(page, promise);
    return promise;
  }

  /** Loads pages covering [start, end] that are neither cached nor on their way. */
  ensure(start: number, end: number): Promise<void> {
    const missing = this.pagesFor(start, end).filter((p) => !this.pages.has(p) && !this.inflight.has(p));
    return Promise.all(missing.map((p) => this.fetchPage(p))).then(() => undefined);
  }

  /**
   * Live update: refetches the pages covering [start, end] while the old rows stay on screen (no flicker, no
   * scroll jump), and forgets every other page because ranks may have shifted anywhere.
   */
  refresh(start: number, end: number): Promise<void> {
    const wanted = new Set(this.pagesFor(start, end));
    for (const p of [...this.pages.keys()]) if (!wanted.has(p)) this.pages.delete(p);
    this.inflight.clear();
    return Promise.all([...wanted].map((p) => this.fetchPage(p))).then(() => undefined);
  }
}
