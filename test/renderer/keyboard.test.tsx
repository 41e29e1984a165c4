// @vitest-environment happy-dom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionRegistry, defineShortcut } from '../../src-renderer/keyboard/action-registry';
import { BUILT_IN_SHORTCUTS, isForbiddenSequence, keyOf, sequencesOf } from '../../src-renderer/keyboard/shortcuts';
import { createFakeApi } from './fake-api';
import { bodyRows, press, queueGrid, renderApp, selectedRow, stubLayout } from './render-app';

let restore: () => void;
beforeEach(() => {
  restore = stubLayout(680);
});
afterEach(() => restore());

function selectedIndexIn(): number {
  return Number(selectedRow()!.getAttribute('data-ticket-id')!.slice(1)) - 1;
}

/** Presses j until the selected ticket's status (from the fake) satisfies `ok`. */
function selectWhere(api: ReturnType<typeof createFakeApi>, ok: (s: string) => boolean): void {
  for (let guard = 0; guard < 15 && !ok(api.statusOf(selectedIndexIn())); guard++) act(() => press('j'));
  expect(ok(api.statusOf(selectedIndexIn()))).toBe(true);
}

async function ready(tickets = 300) {
  const api = createFakeApi({ tickets });
  renderApp(api);
  await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
  return api;
}

describe('shortcut registry data', () => {
  it('has no clashing sequences, no prefix conflicts and no OS/browser chords other than mod+k', () => {
    const all = BUILT_IN_SHORTCUTS.flatMap((d) => sequencesOf(d).map((s) => ({ id: d.id, s })));
    for (const a of all) {
      expect(isForbiddenSequence(a.s), a.s).toBe(false);
      for (const b of all) {
        if (a === b) continue;
        expect(a.s === b.s || b.s.startsWith(`${a.s} `), `${a.id} (${a.s}) vs ${b.id} (${b.s})`).toBe(false);
      }
    }
  });

  it('ignores Ctrl/Cmd/Alt chords except Ctrl/Cmd+K', () => {
    const base = { ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, isComposing: false };
    expect(keyOf({ ...base, key: 'k', ctrlKey: true })).toBe('mod+k');
    expect(keyOf({ ...base, key: 'k', metaKey: true })).toBe('mod+k');
    expect(keyOf({ ...base, key: 'r', ctrlKey: true })).toBeNull();
    expect(keyOf({ ...base, key: 'f', metaKey: true })).toBeNull();
    expect(keyOf({ ...base, key: 'j', altKey: true })).toBeNull();
    expect(keyOf({ ...base, key: '?', shiftKey: true })).toBe('?');
  });

  it('refuses a new shortcut that clashes or belongs to the browser', () => {
    expect(() => defineShortcut({ id: 'x.clash', keys: 'j', group: 'ticket', labelKey: 'shortcuts.next' })).toThrow(/clashes/);
    expect(() => defineShortcut({ id: 'x.prefix', keys: 'g', group: 'ticket', labelKey: 'shortcuts.next' })).toThrow(/clashes/);
    expect(() => defineShortcut({ id: 'x.chord', keys: 'mod+s', group: 'ticket', labelKey: 'shortcuts.next' })).toThrow(/browser/);
  });
});

describe('keyboard triage', () => {
  it('moves the selection with j/k and arrows, and keeps the grid row carrying the ticket key', async () => {
    await ready();
    const first = selectedRow()!;
    expect(first.getAttribute('aria-rowindex')).toBe('2');
    act(() => press('j'));
    act(() => press('j'));
    expect(selectedRow()!.getAttribute('aria-rowindex')).toBe('4');
    act(() => press('ArrowUp'));
    expect(selectedRow()!.getAttribute('aria-rowindex')).toBe('3');
    act(() => press('k'));
    act(() => press('k'));
    expect(selectedRow()!.getAttribute('aria-rowindex')).toBe('2');
    expect(selectedRow()!.textContent).toMatch(/PS-\d+/);
    expect(queueGrid().getAttribute('aria-activedescendant')).toBe(selectedRow()!.id);
  });

  it('switches views with g then a letter', async () => {
    const api = await ready();
    act(() => press('g'));
    act(() => press('u'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Unassigned'));
    expect(screen.getByRole('button', { name: /Unassigned/ }).getAttribute('aria-current')).toBe('page');
    const last = api.log.filter((c) => c.name === 'queue.window').at(-1)!.request as { view: string };
    expect(last.view).toBe('unassigned');
    act(() => press('g'));
    act(() => press('w'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Waiting for customer'));
  });

  it('ignores shortcuts while typing in the search field, and / focuses it', async () => {
    await ready();
    act(() => press('/'));
    const search = screen.getByRole('searchbox', { name: 'Search tickets' });
    expect(document.activeElement).toBe(search);
    act(() => press('j', {}, search));
    expect(selectedRow()!.getAttribute('aria-rowindex')).toBe('2');
    act(() => press('Escape', {}, search));
    expect(document.activeElement).not.toBe(search);
    act(() => press('j'));
    expect(selectedRow()!.getAttribute('aria-rowindex')).toBe('3');
  });

  it('p sets PEER REVIEW on the selected ticket with the status it saw', async () => {
    const api = await ready();
    selectWhere(api, (s) => ['NEW', 'OPEN', 'IN_PROGRESS', 'FEEDBACK_REQUEST'].includes(s));
    const row = selectedRow()!;
    const id = row.getAttribute('data-ticket-id')!;
    const index = Number(id.slice(1)) - 1;
    const before = api.statusOf(index);
    act(() => press('p'));
    await waitFor(() => expect(api.log.some((c) => c.name === 'ticket.mutate')).toBe(true));
    const call = api.log.find((c) => c.name === 'ticket.mutate')!.request;
    expect(call).toEqual({ name: 'transition', args: { ticketId: id, to: 'PEER_REVIEW', expectedStatus: before } });
    expect(api.statusOf(index)).toBe('PEER_REVIEW');
  });

  it('d asks before DONE and only then mutates', async () => {
    const api = await ready();
    selectWhere(api, (s) => s !== 'DONE' && s !== 'CLOSED');
    act(() => press('d'));
    const dialog = await screen.findByRole('alertdialog');
    expect(api.log.some((c) => c.name === 'ticket.mutate')).toBe(false);
    act(() => within(dialog).getByRole('button', { name: 'Set DONE' }).click());
    await waitFor(() => expect(api.log.some((c) => c.name === 'ticket.mutate')).toBe(true));
  });

  it('Escape cancels the DONE confirmation without a mutation', async () => {
    const api = await ready();
    selectWhere(api, (s) => s !== 'DONE' && s !== 'CLOSED');
    act(() => press('d'));
    await screen.findByRole('alertdialog');
    act(() => press('Escape'));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(api.log.some((c) => c.name === 'ticket.mutate')).toBe(false);
  });

  it('a assigns the selected ticket to me', async () => {
    const api = await ready();
    const id = selectedRow()!.getAttribute('data-ticket-id');
    act(() => press('a'));
    await waitFor(() => expect(api.log.find((c) => c.name === 'ticket.mutate')?.request).toEqual({ name: 'assign', args: { ticketId: id, assigneeId: 'u-me' } }));
  });

  it('Enter opens the detail pane for the selected ticket and the detail follows j/k', async () => {
    const api = await ready();
    act(() => press('Enter'));
    const pane = await screen.findByRole('complementary', { name: 'Ticket detail pane' });
    const first = selectedRow()!.getAttribute('data-ticket-id')!;
    await waitFor(() => expect(api.log.some((c) => c.name === 'ticket.detail' && (c.request as { ticketId: string }).ticketId === first)).toBe(true));
    expect(pane).toBeTruthy();
    act(() => press('j'));
    const second = selectedRow()!.getAttribute('data-ticket-id')!;
    expect(second).not.toBe(first);
    await waitFor(() => expect(api.log.some((c) => c.name === 'ticket.detail' && (c.request as { ticketId: string }).ticketId === second)).toBe(true));
    act(() => press('Escape'));
    await waitFor(() => expect(screen.queryByRole('complementary', { name: 'Ticket detail pane' })).toBeNull());
  });
});

describe('command palette and shortcut overlay', () => {
  it('Ctrl+K opens a palette listing every registered action with its key', async () => {
    await ready();
    act(() => press('k', { ctrlKey: true }));
    const dialog = await screen.findByRole('dialog', { name: 'Command palette' });
    const options = within(dialog).getAllByRole('option');
    const { definitions, handlers } = actionRegistry.getState();
    const listed = definitions.filter((d) => d.id !== 'general.palette' && (!d.id.startsWith('view.saved.') || handlers[d.id]));
    expect(options.length).toBe(listed.length);
    for (const d of listed) {
      const option = dialog.querySelector(`#palette-${CSS.escape(d.id)}`);
      expect(option, d.id).not.toBeNull();
      expect(option!.querySelector('kbd')?.textContent, d.id).toBeTruthy();
    }
  });

  it('typing filters the palette and Enter runs the action', async () => {
    await ready();
    act(() => press('k', { metaKey: true }));
    const dialog = await screen.findByRole('dialog', { name: 'Command palette' });
    const input = within(dialog).getByRole('combobox');
    act(() => {
      input.focus();
    });
    const { fireEvent } = await import('@testing-library/react');
    fireEvent.change(input, { target: { value: 'escalations' } });
    expect(within(dialog).getAllByRole('option').map((o) => o.textContent)).toEqual([expect.stringContaining('Escalations')]);
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Escalations'));
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull();
  });

  it('? lists every shortcut of the registry', async () => {
    await ready();
    act(() => press('?', { shiftKey: true }));
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const d of actionRegistry.getState().definitions) expect(dialog.querySelector(`[data-shortcut="${d.id}"]`), d.id).not.toBeNull();
  });
});

describe('modals owned by other parts of the UI', () => {
  it('leaves every key, Escape included, to a foreign aria-modal dialog', async () => {
    await ready();
    act(() => press('Enter'));
    await screen.findByRole('complementary', { name: 'Ticket detail pane' });
    const foreign = document.createElement('div');
    foreign.setAttribute('role', 'dialog');
    foreign.setAttribute('aria-modal', 'true');
    document.body.appendChild(foreign);
    try {
      act(() => press('j'));
      expect(selectedRow()!.getAttribute('aria-rowindex')).toBe('2');
      act(() => press('Escape'));
      expect(screen.getByRole('complementary', { name: 'Ticket detail pane' })).toBeTruthy();
    } finally {
      foreign.remove();
    }
    act(() => press('Escape'));
    await waitFor(() => expect(screen.queryByRole('complementary', { name: 'Ticket detail pane' })).toBeNull());
  });
});
