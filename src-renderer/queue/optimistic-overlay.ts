import type { QueueRow } from '../../src-shared/ipc/contract';

/** The row fields a keyboard action changes locally before the core has answered. */
export type RowPatch = Partial<Pick<QueueRow, 'status' | 'assigneeId' | 'assigneeName'>>;

interface Entry {
  readonly patch: RowPatch;
  /** Identifies the newest local action on this ticket: an older call's failure must not undo a newer patch. */
  readonly token: number;
  /**
   * The loader's request sequence number when the core accepted the call, or null while it is in flight. A window
   * fetched by a later request already contains the core's own optimistic write, so it is the truth.
   */
  readonly ackedAt: number | null;
}

/**
 * The renderer's optimistic layer over the fetched queue rows, keyed by ticket id. A keypress shows its effect in
 * the same frame (the core round trip and the refetch take far longer); the patch ends when the call fails
 * (revert), when a fetched row already shows it, or when any window fetched after the core accepted the call
 * arrives (the core's answer replaces ours, whatever it says). The fetched rows themselves are never edited.
 */
export class OptimisticOverlay {
  private entries = new Map<string, Entry>();
  private nextToken = 0;
  /** Patched copies, reused while neither the fetched row nor the patch changes (stable identity for React). */
  private memo = new Map<string, { base: QueueRow; token: number; row: QueueRow }>();

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Adds (or merges into) the ticket's patch; returns the token that `acknowledge`/`revert` need. */
  apply(id: string, patch: RowPatch): number {
    const token = ++this.nextToken;
    this.entries.set(id, { patch: { ...this.entries.get(id)?.patch, ...patch }, token, ackedAt: null });
    return token;
  }

  /** The core accepted the call made with `token`; fetches issued after `sequence` carry its result. */
  acknowledge(id: string, token: number, sequence: number): void {
    const e = this.entries.get(id);
    if (e?.token === token) this.entries.set(id, { ...e, ackedAt: sequence });
  }

  /** The call made with `token` failed: drop the patch unless a newer action replaced it. */
  revert(id: string, token: number): boolean {
    if (this.entries.get(id)?.token !== token) return false;
    this.drop(id);
    return true;
  }

  /** A window fetched by request `sequence` arrived: its rows end the patches they answer. */
  reconcile(rows: readonly QueueRow[], sequence: number): void {
    for (const r of rows) {
      const e = this.entries.get(r.id);
      if (e && (reflects(r, e.patch) || (e.ackedAt !== null && sequence > e.ackedAt))) this.drop(r.id);
    }
  }

  /**
   * A full refresh round issued after `sequence` finished: accepted patches whose ticket is in none of the loaded
   * rows left the view (e.g. FEEDBACK REQUEST in "My queue"); nothing shows them any more.
   */
  settle(loadedIds: ReadonlySet<string>, sequence: number): void {
    for (const [id, e] of this.entries) if (e.ackedAt !== null && sequence > e.ackedAt && !loadedIds.has(id)) this.drop(id);
  }

  /** The row as the agent should see it: fetched truth plus the pending patch, marked as a local change. */
  view(row: QueueRow): QueueRow {
    const e = this.entries.get(row.id);
    if (!e) return row;
    const m = this.memo.get(row.id);
    if (m && m.base === row && m.token === e.token) return m.row;
    const patched: QueueRow = { ...row, ...e.patch, pendingLocalChanges: true };
    this.memo.set(row.id, { base: row, token: e.token, row: patched });
    return patched;
  }

  clear(): void {
    this.entries.clear();
    this.memo.clear();
  }

  private drop(id: string): void {
    this.entries.delete(id);
    this.memo.delete(id);
  }
}

function reflects(row: QueueRow, patch: RowPatch): boolean {
  return (Object.keys(patch) as (keyof RowPatch)[]).every((k) => row[k] === patch[k]);
}
