import { createStore, type StoreApi } from 'zustand/vanilla';
import { type z } from 'zod';
import {
  type RejectionSchema,
  type ViewCountsSchema,
  type BuiltInView,
  type ContractError,
  type QueueFilter,
  type QueueRow,
  type Session,
  type Settings,
  type SupportDeskApi,
  type SyncState,
} from '../../src-shared/ipc/contract';
import { TRANSITIONS } from '../../src-shared/domain/workflow';
import type { TicketStatus } from '../../src-shared/domain/status';
import { WindowLoader, type QueueScope } from '../queue/window-loader';
import type { RowPatch } from '../queue/optimistic-overlay';

export type Rejection = z.infer<typeof RejectionSchema>;
export type ViewCounts = z.infer<typeof ViewCountsSchema>;
export type ViewRef = { readonly kind: 'builtin'; readonly id: BuiltInView } | { readonly kind: 'saved'; readonly id: string };
export type Overlay = 'palette' | 'help' | 'settings' | 'rejections' | 'saveView' | null;
export type Area = 'queue' | 'team';

/** A message for the agent: an i18n key plus parameters (an error's stable code is one of them). */
export interface Notice {
  readonly kind: 'error' | 'info';
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export interface PendingConfirm {
  readonly ticketId: string;
  readonly ticketKey: string;
  readonly to: TicketStatus;
  readonly expectedStatus: TicketStatus;
}

export interface DeskState {
  readonly session: Session | null;
  readonly sessionChecked: boolean;
  readonly settings: Settings | null;
  readonly view: ViewRef;
  /** Filters the agent applied on top of the view (text search included). */
  readonly filter: QueueFilter;
  /** Shown next to the organisation filter chip (the filter itself holds only the id). */
  readonly organizationFilterName: string | null;
  readonly counts: ViewCounts | null;
  readonly total: number;
  /** Bumped whenever loaded rows change, so the table re-reads the loader. */
  readonly rowsVersion: number;
  readonly selectedIndex: number;
  readonly selectedId: string | null;
  readonly detailTicketId: string | null;
  readonly changedIds: ReadonlySet<string>;
  readonly sync: SyncState | null;
  readonly rejections: readonly Rejection[];
  readonly overlay: Overlay;
  readonly confirm: PendingConfirm | null;
  readonly whyTicketId: string | null;
  readonly notice: Notice | null;
  readonly area: Area;
  readonly searchFocusRequest: number;
  /**
   * Set when the service no longer accepts the session's token (expired or revoked: UNAUTHENTICATED from a call
   * or the sync state). The app then asks for the password again, pre-filled with this server and e-mail; the
   * session, the local cache and the outbox stay as they are (nothing is signed out), and the desk resumes after
   * the new sign-in.
   */
  readonly reauth: { readonly serverUrl: string; readonly email: string } | null;
}

export interface DeskActions {
  start(): () => void;
  signIn(serverUrl: string, email: string, password: string): Promise<ContractError | null>;
  signOut(): Promise<void>;
  setView(view: ViewRef): void;
  setFilter(patch: Partial<QueueFilter>, organizationName?: string | null): void;
  clearFilters(): void;
  setVisibleRange(start: number, end: number): void;
  /** Selects the row at `index`; `ticketId` names the ticket the agent saw there (a click), else the loaded row's. */
  select(index: number, ticketId?: string): void;
  move(delta: number): void;
  openDetail(): void;
  closeTopmost(): void;
  setOverlay(overlay: Overlay): void;
  setArea(area: Area): void;
  requestTransition(to: TicketStatus): void;
  confirmTransition(): Promise<void>;
  cancelConfirm(): void;
  assignToMe(): Promise<void>;
  filterBySelectedOrganization(): Promise<void>;
  toggleWhy(ticketId?: string): void;
  saveSettings(patch: Partial<Settings>): Promise<boolean>;
  saveCurrentView(name: string): Promise<boolean>;
  deleteSavedView(id: string): Promise<void>;
  retryRejection(id: number): Promise<void>;
  discardRejection(id: number): Promise<void>;
  syncNow(): Promise<void>;
  clearChanged(id: string): void;
  focusSearch(): void;
  notify(notice: Notice | null): void;
  rowAt(index: number): QueueRow | undefined;
}

export type Desk = DeskState & DeskActions;
export type DeskStore = StoreApi<Desk>;

const CONFIRM_REQUIRED: ReadonlySet<TicketStatus> = new Set(['DONE', 'CLOSED']);

/** The token was refused: the agent must sign in again (see DeskState.reauth). */
export function isSessionExpired(error: { readonly code: string } | null | undefined): boolean {
  return error?.code === 'UNAUTHENTICATED';
}

function errorNotice(error: ContractError): Notice {
  return { kind: 'error', key: `errors.${error.code}`, params: { code: error.code } };
}

export function createDeskStore(api: SupportDeskApi): DeskStore {
  let visible: [number, number] = [0, 50];
  let countsInFlight = false;
  let countsAgain = false;

  const store = createStore<Desk>()((set, get) => {
    /** Shows a failed call; an expired session instead brings the sign-in prompt, keeping everything else. */
    function fail(error: ContractError): Pick<DeskState, 'notice'> | Pick<DeskState, 'reauth'> {
      const session = get().session;
      if (isSessionExpired(error) && session) return { reauth: { serverUrl: session.serverUrl, email: session.user.email } };
      return { notice: errorNotice(error) };
    }

    const loader = new WindowLoader(
      api,
      (total) => set((s) => ({ total, rowsVersion: s.rowsVersion + 1, ...reselect(s) })),
      (error) => set(fail(error)),
    );

    /**
     * Selection is by ticket id, never by row position: when rows move, the selection follows its ticket. If the
     * ticket left the loaded rows (its rank changed beyond them, or it left the view), it stays selected by id —
     * the detail pane and ticket keys keep targeting it, no row is highlighted — and `selectedIndex` keeps the
     * position it had, so j/k continue from there. Only without a selected id (a new view, Home/End before the
     * page arrived) does a position pick the ticket.
     */
    function reselect(s: DeskState): Pick<DeskState, 'selectedIndex' | 'selectedId'> {
      if (s.selectedId === null) {
        const index = Math.min(s.selectedIndex, Math.max(0, loader.total - 1));
        return { selectedIndex: index, selectedId: loader.rowAt(index)?.id ?? null };
      }
      const byId = loader.indexOf(s.selectedId);
      if (byId >= 0) return { selectedIndex: byId, selectedId: s.selectedId };
      return { selectedIndex: Math.min(s.selectedIndex, loader.total), selectedId: s.selectedId };
    }

    /** The sync engine reports a refused token as its last error: ask for the password again. */
    function syncAuth(sync: SyncState): Partial<Pick<DeskState, 'reauth'>> {
      const session = get().session;
      if (!session || !isSessionExpired(sync.lastError) || get().reauth) return {};
      return { reauth: { serverUrl: session.serverUrl, email: session.user.email } };
    }

    function scope(): QueueScope {
      const { view, filter, settings } = get();
      if (view.kind === 'builtin') return { view: view.id, filter };
      const saved = settings?.savedViews.find((v) => v.id === view.id);
      return { view: null, filter: { ...(saved?.filter ?? {}), ...filter } };
    }

    async function refreshCounts(): Promise<void> {
      if (countsInFlight) {
        countsAgain = true;
        return;
      }
      countsInFlight = true;
      try {
        do {
          countsAgain = false;
          const r = await api.calls['queue.counts']({ filter: scope().filter });
          if (r.ok) set({ counts: r.value });
        } while (countsAgain);
      } finally {
        countsInFlight = false;
      }
    }

    function reload(): void {
      loader.setScope(scope());
      set((s) => ({ rowsVersion: s.rowsVersion + 1, selectedIndex: 0, selectedId: null, total: 0, whyTicketId: null }));
      void loader.ensure(0, Math.max(visible[1] - visible[0], 50));
      void refreshCounts();
    }

    /** After a renewed sign-in: the same view and selection (by id) over freshly fetched rows. */
    function resume(): void {
      loader.setScope(scope());
      set((s) => ({ rowsVersion: s.rowsVersion + 1 }));
      void loader.ensure(visible[0], Math.max(visible[1], visible[0] + 50));
      void refreshCounts();
    }

    async function loadSignedIn(resuming = false): Promise<void> {
      const [settings, sync, rejections] = await Promise.all([
        api.calls['settings.get']({}),
        api.calls['sync.state']({}),
        api.calls['rejections.list']({}),
      ]);
      set({
        settings: settings.ok ? settings.value : get().settings,
        sync: sync.ok ? sync.value : null,
        ...(sync.ok ? syncAuth(sync.value) : {}),
        rejections: rejections.ok ? rejections.value : [],
      });
      if (resuming) resume();
      else reload();
    }

    /**
     * Optimistic keyboard action: the row shows `patch` in this same frame (marked as a local change), then the
     * core is asked. A failed call removes the patch and says why; an accepted one stays until a window fetched
     * afterwards brings the core's truth (see OptimisticOverlay). The row is not re-sorted or filtered out
     * before that refetch, so the selection never jumps under the agent's fingers.
     */
    async function mutate(name: 'transition' | 'assign', ticketId: string, args: Record<string, unknown>, patch: RowPatch): Promise<void> {
      const token = loader.overlay.apply(ticketId, patch);
      set((s) => ({ rowsVersion: s.rowsVersion + 1 }));
      const r = await api.calls['ticket.mutate']({ name, args: { ticketId, ...args } });
      if (r.ok) {
        loader.overlay.acknowledge(ticketId, token, loader.lastRequest);
        return;
      }
      const reverted = loader.overlay.revert(ticketId, token);
      set((s) => ({ ...fail(r.error), rowsVersion: reverted ? s.rowsVersion + 1 : s.rowsVersion }));
    }

    /** The loaded row of `ticketId` (with its optimistic patch), if it is in the loaded window. */
    function loadedRow(ticketId: string | null): QueueRow | undefined {
      if (ticketId === null) return undefined;
      const index = loader.indexOf(ticketId);
      return index < 0 ? undefined : loader.rowAt(index);
    }

    /** Whether the selected ticket is the row at `selectedIndex` (false: it left the loaded rows). */
    function selectionShown(s: DeskState): boolean {
      return s.selectedId !== null && loader.rowAt(s.selectedIndex)?.id === s.selectedId;
    }

    /**
     * The ticket a ticket action acts on: the one whose detail is shown when the pane is open, else the selected
     * ticket — always by id. Its status comes from the loaded row (with any optimistic patch, so chained keys
     * see what the agent sees) or, when it is not loaded, from the core's detail of that very ticket.
     */
    async function currentTicket(): Promise<{ id: string; key: string; status: TicketStatus } | null> {
      const s = get();
      const id = s.detailTicketId ?? s.selectedId;
      if (id === null) return null;
      const row = loadedRow(id);
      if (row) return row;
      const r = await api.calls['ticket.detail']({ ticketId: id });
      if (!r.ok) {
        set(fail(r.error));
        return null;
      }
      return { id, key: r.value.ticket.key, status: loadedRow(id)?.status ?? r.value.ticket.status };
    }

    /** Synchronous when the target is loaded, so a keypress patches its row in the same frame. */
    function withCurrentTicket(run: (t: { id: string; key: string; status: TicketStatus }) => void | Promise<void>): Promise<void> {
      const s = get();
      const row = loadedRow(s.detailTicketId ?? s.selectedId);
      if (row) return Promise.resolve(run(row));
      return currentTicket().then((t) => (t ? run(t) : undefined));
    }

    return {
      session: null,
      sessionChecked: false,
      settings: null,
      view: { kind: 'builtin', id: 'my_queue' },
      filter: {},
      organizationFilterName: null,
      counts: null,
      total: 0,
      rowsVersion: 0,
      selectedIndex: 0,
      selectedId: null,
      detailTicketId: null,
      changedIds: new Set(),
      sync: null,
      rejections: [],
      overlay: null,
      confirm: null,
      whyTicketId: null,
      notice: null,
      area: 'queue',
      searchFocusRequest: 0,
      reauth: null,

      start() {
        const offs = [
          api.events['tickets.changed']((e) => {
            if (!get().session) return;
            set({ changedIds: new Set(e.ids) });
            void loader.refresh(visible[0], visible[1]);
            void refreshCounts();
          }),
          api.events['sync.state']((sync) => set({ sync, ...syncAuth(sync) })),
          api.events['rejection.added']((r) => set((s) => ({ rejections: [...s.rejections.filter((x) => x.id !== r.id), r] }))),
          api.events['settings.changed']((settings) => set({ settings })),
          api.events['ticket.open']((e) => {
            void api.calls['ticket.findByKey']({ key: e.key }).then((r) => {
              if (r.ok && r.value) set({ detailTicketId: r.value.ticketId, area: 'queue' });
            });
          }),
        ];
        void api.calls['auth.getSession']({}).then(async (r) => {
          set({ session: r.ok ? r.value : null, sessionChecked: true, notice: r.ok ? null : errorNotice(r.error) });
          if (r.ok && r.value) await loadSignedIn();
        });
        return () => offs.forEach((off) => off());
      },

      async signIn(serverUrl, email, password) {
        const r = await api.calls['auth.signIn']({ serverUrl, email, password });
        if (!r.ok) return r.error;
        // After an expired session the core reopens the same (server, account) cache, outbox included: the
        // pending changes go out with the new token. The same account keeps its view, selection and open ticket.
        const resuming = get().reauth !== null && get().session?.user.id === r.value.user.id;
        set({ session: r.value, reauth: null, ...(resuming ? {} : { detailTicketId: null }) });
        await loadSignedIn(resuming);
        return null;
      },

      async signOut() {
        await api.calls['auth.signOut']({});
        set({ session: null, reauth: null, detailTicketId: null, overlay: null, counts: null, total: 0 });
      },

      setView(view) {
        set({ view, filter: {}, organizationFilterName: null, area: 'queue' });
        reload();
      },

      setFilter(patch, organizationName) {
        const next: QueueFilter = { ...get().filter, ...patch };
        for (const k of Object.keys(next) as (keyof QueueFilter)[]) if (next[k] === undefined || next[k] === '') delete next[k];
        set({ filter: next, ...(organizationName !== undefined ? { organizationFilterName: organizationName } : {}) });
        reload();
      },

      clearFilters() {
        set({ filter: {}, organizationFilterName: null });
        reload();
      },

      setVisibleRange(start, end) {
        visible = [start, end];
        void loader.ensure(start, end);
      },

      select(index, ticketId) {
        const clamped = Math.max(0, Math.min(index, get().total - 1));
        const id = ticketId ?? loader.rowAt(clamped)?.id ?? null;
        // An open detail pane follows the selection, so j/k read ticket after ticket (triage without Enter/Escape).
        set((s) => ({ selectedIndex: clamped, selectedId: id, detailTicketId: s.detailTicketId !== null && id !== null ? id : s.detailTicketId }));
      },

      move(delta) {
        const s = get();
        const atIndex = loader.rowAt(s.selectedIndex);
        // The selected ticket left the loaded rows and another ticket now holds its old position: it sat just
        // before that one, so `j` lands on the position itself and `k` on the one before.
        const left = s.selectedId !== null && atIndex !== undefined && !selectionShown(s);
        get().select(left && delta > 0 ? s.selectedIndex + delta - 1 : s.selectedIndex + delta);
      },

      openDetail() {
        const id = get().selectedId;
        if (id !== null) set({ detailTicketId: id });
      },

      closeTopmost() {
        const s = get();
        if (s.confirm) set({ confirm: null });
        else if (s.overlay) set({ overlay: null });
        else if (s.whyTicketId) set({ whyTicketId: null });
        else if (s.detailTicketId) set({ detailTicketId: null });
      },

      setOverlay(overlay) {
        set({ overlay });
      },

      setArea(area) {
        set({ area, overlay: null });
      },

      requestTransition(to) {
        void withCurrentTicket((row) => {
          if (!TRANSITIONS.staff[row.status].includes(to)) {
            set({ notice: { kind: 'error', key: 'notices.transitionNotAllowed', params: { key: row.key, from: row.status, to } } });
            return;
          }
          const pending = { ticketId: row.id, ticketKey: row.key, to, expectedStatus: row.status };
          if (CONFIRM_REQUIRED.has(to)) set({ confirm: pending });
          else void mutate('transition', row.id, { to, expectedStatus: row.status }, { status: to });
        });
      },

      async confirmTransition() {
        const c = get().confirm;
        if (!c) return;
        set({ confirm: null });
        await mutate('transition', c.ticketId, { to: c.to, expectedStatus: c.expectedStatus }, { status: c.to });
      },

      cancelConfirm() {
        set({ confirm: null });
      },

      async assignToMe() {
        const me = get().session?.user;
        if (!me) return;
        await withCurrentTicket((row) => mutate('assign', row.id, { assigneeId: me.id }, { assigneeId: me.id, assigneeName: me.displayName }));
      },

      async filterBySelectedOrganization() {
        const id = get().detailTicketId ?? get().selectedId;
        if (id === null) return;
        const r = await api.calls['ticket.detail']({ ticketId: id });
        if (!r.ok) {
          set(fail(r.error));
          return;
        }
        get().setFilter({ organizationId: r.value.ticket.organizationId }, r.value.organizationName);
      },

      toggleWhy(ticketId) {
        const id = ticketId ?? get().selectedId;
        set((s) => ({ whyTicketId: s.whyTicketId === id ? null : id }));
      },

      async saveSettings(patch) {
        const r = await api.calls['settings.set'](patch);
        if (!r.ok) {
          set(fail(r.error));
          return false;
        }
        set({ settings: r.value });
        return true;
      },

      async saveCurrentView(name) {
        const settings = get().settings;
        if (!settings) return false;
        const id = crypto.randomUUID();
        const base = scope().filter;
        const view = get().view;
        // A built-in view's own rule is not a filter; keep the closest filter equivalent where one exists.
        const viewFilter: QueueFilter = view.kind === 'builtin' && view.id === 'my_queue' ? { assignee: 'me' } : view.kind === 'builtin' && view.id === 'unassigned' ? { assignee: 'unassigned' } : {};
        const ok = await get().saveSettings({ savedViews: [...settings.savedViews, { id, name, filter: { ...viewFilter, ...base } }] });
        if (ok) set({ overlay: null, view: { kind: 'saved', id }, filter: {}, organizationFilterName: null });
        if (ok) reload();
        return ok;
      },

      async deleteSavedView(id) {
        const settings = get().settings;
        if (!settings) return;
        const ok = await get().saveSettings({ savedViews: settings.savedViews.filter((v) => v.id !== id) });
        if (ok && get().view.kind === 'saved' && get().view.id === id) get().setView({ kind: 'builtin', id: 'my_queue' });
      },

      async retryRejection(id) {
        const r = await api.calls['rejections.retry']({ id });
        if (!r.ok) set(fail(r.error));
        else set((s) => ({ rejections: s.rejections.filter((x) => x.id !== id) }));
      },

      async discardRejection(id) {
        const r = await api.calls['rejections.discard']({ id });
        if (!r.ok) set(fail(r.error));
        else set((s) => ({ rejections: s.rejections.filter((x) => x.id !== id) }));
      },

      async syncNow() {
        const r = await api.calls['sync.now']({});
        if (!r.ok) set(fail(r.error));
      },

      clearChanged(id) {
        set((s) => {
          if (!s.changedIds.has(id)) return s;
          const next = new Set(s.changedIds);
          next.delete(id);
          return { changedIds: next };
        });
      },

      focusSearch() {
        set((s) => ({ area: 'queue', searchFocusRequest: s.searchFocusRequest + 1 }));
      },

      notify(notice) {
        set({ notice });
      },

      rowAt(index) {
        return loader.rowAt(index);
      },
    };
  });
  return store;
}
