// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRANSITIONS } from '../../src-shared/domain/workflow';
import { createFakeApi, type FakeApi } from './fake-api';
import { bodyRows, press, renderApp, selectedRow, stubLayout } from './render-app';

/**
 * Issue 6, item 1: after a change the service re-ranks the selected ticket beyond the loaded pages. The
 * selection must stay on that ticket by id (never on "whatever is now in row n"), ticket keys must act on it,
 * and j/k continue from where it was.
 */
let restore: () => void;
beforeEach(() => {
  restore = stubLayout(680);
});
afterEach(() => restore());

const indexOfId = (id: string) => Number(id.slice(1)) - 1;
const idOf = (row: HTMLElement) => row.getAttribute('data-ticket-id')!;
const canFeedback = (api: FakeApi, id: string) => TRANSITIONS.staff[api.statusOf(indexOfId(id))].includes('FEEDBACK_REQUEST');

function mutations(api: FakeApi): { name: string; args: { ticketId: string } }[] {
  return api.log.filter((c) => c.name === 'ticket.mutate').map((c) => c.request as { name: string; args: { ticketId: string } });
}

/**
 * 2000 tickets: "My queue" has far more than one 100-row page, so a ticket ranked last is outside the loaded
 * window. Selects a ticket (not the first row) that allows FEEDBACK REQUEST and whose follower does too, so the
 * old index-based code would have changed the follower without any error.
 */
async function selectCandidate(): Promise<{ api: FakeApi; id: string; follower: string; rowIndex: string }> {
  const api = createFakeApi({ tickets: 2000 });
  renderApp(api);
  await waitFor(() => expect(bodyRows().length).toBeGreaterThan(10));
  act(() => press('j'));
  for (let guard = 0; guard < 15; guard++) {
    const rows = bodyRows();
    const sel = selectedRow()!;
    const next = rows.find((r) => r.getAttribute('aria-rowindex') === String(Number(sel.getAttribute('aria-rowindex')) + 1))!;
    if (canFeedback(api, idOf(sel)) && canFeedback(api, idOf(next))) return { api, id: idOf(sel), follower: idOf(next), rowIndex: sel.getAttribute('aria-rowindex')! };
    act(() => press('j'));
  }
  throw new Error('no candidate ticket in the first rows');
}

async function reRankBeyondWindow(api: FakeApi, id: string): Promise<void> {
  act(() => {
    api.rankLast(indexOfId(id));
    api.emit('tickets.changed', { ids: [id], reason: 'pull' });
  });
  await waitFor(() => expect(bodyRows().some((r) => idOf(r) === id)).toBe(false));
}

describe('selection is by ticket id, never by row position', () => {
  it('queue only: the re-ranked ticket stays selected (no other row highlighted), keys act on it, j continues from its place', async () => {
    const { api, id, follower, rowIndex } = await selectCandidate();
    await reRankBeyondWindow(api, id);

    expect(selectedRow()).toBeUndefined();
    act(() => press('f'));
    await waitFor(() => expect(api.statusOf(indexOfId(id))).toBe('FEEDBACK_REQUEST'));
    expect(mutations(api).map((m) => m.args.ticketId)).toEqual([id]);
    expect(api.statusOf(indexOfId(follower))).not.toBe('FEEDBACK_REQUEST');

    act(() => press('j'));
    expect(idOf(selectedRow()!)).toBe(follower);
    expect(selectedRow()!.getAttribute('aria-rowindex')).toBe(rowIndex);
  });

  it('k from the re-ranked state selects the ticket that was just above it', async () => {
    const { api, id, rowIndex } = await selectCandidate();
    const above = bodyRows().find((r) => r.getAttribute('aria-rowindex') === String(Number(rowIndex) - 1))!;
    await reRankBeyondWindow(api, id);
    expect(selectedRow()).toBeUndefined();
    act(() => press('k'));
    expect(idOf(selectedRow()!)).toBe(idOf(above));
  });

  it('with the detail open: the pane and the keys keep the ticket; j opens the one that followed it', async () => {
    const { api, id, follower } = await selectCandidate();
    const key = api.ticketKey(indexOfId(id));
    act(() => press('Enter'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: new RegExp(key) })).toBeTruthy());
    await reRankBeyondWindow(api, id);

    expect(selectedRow()).toBeUndefined();
    expect(screen.getByRole('heading', { level: 2, name: new RegExp(key) })).toBeTruthy();
    act(() => press('f'));
    await waitFor(() => expect(api.statusOf(indexOfId(id))).toBe('FEEDBACK_REQUEST'));
    expect(mutations(api).map((m) => m.args.ticketId)).toEqual([id]);

    act(() => press('j'));
    const followerKey = api.ticketKey(indexOfId(follower));
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: new RegExp(followerKey) })).toBeTruthy());
    expect(idOf(selectedRow()!)).toBe(follower);
  });

  it('a click selects the ticket shown in the clicked row', async () => {
    const { id } = await selectCandidate();
    const other = bodyRows().find((r) => idOf(r) !== id)!;
    act(() => other.click());
    expect(idOf(selectedRow()!)).toBe(idOf(other));
  });
});
