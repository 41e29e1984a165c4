// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi, DEMO_PASSWORD, ME, type Rejection } from './fake-api';
import { bodyRows, press, renderApp, selectedRow, stubLayout } from './render-app';

let restore: () => void;
beforeEach(() => {
  restore = stubLayout(680);
});
afterEach(() => restore());

async function allOpen(api: ReturnType<typeof createFakeApi>) {
  renderApp(api);
  await waitFor(() => expect(bodyRows().length).toBeGreaterThan(5));
  act(() => press('g'));
  act(() => press('o'));
  await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('All open'));
  await waitFor(() => expect(bodyRows().length).toBeGreaterThan(5));
}

describe('live updates', () => {
  it('keeps the selected ticket selected when rows above it leave the view, and marks changed rows', async () => {
    const api = createFakeApi({ tickets: 2_000 });
    await allOpen(api);
    for (let i = 0; i < 4; i++) act(() => press('j'));
    const selectedId = selectedRow()!.getAttribute('data-ticket-id')!;
    const above = bodyRows()
      .slice(0, 2)
      .map((r) => r.getAttribute('data-ticket-id')!);
    // A pull closes the first two tickets: everything below moves up by two ranks.
    for (const id of above) api.setStatus(Number(id.slice(1)) - 1, 'CLOSED');
    const windowsBefore = api.log.filter((c) => c.name === 'queue.window').length;
    act(() => api.emit('tickets.changed', { ids: above, reason: 'pull' }));
    await waitFor(() => expect(bodyRows()[0]!.getAttribute('data-ticket-id')).not.toBe(above[0]));
    expect(selectedRow()!.getAttribute('data-ticket-id')).toBe(selectedId);
    expect(selectedRow()!.getAttribute('aria-rowindex')).toBe('4');
    // Only the visible window was refetched, not the queue.
    const refetched = api.log.filter((c) => c.name === 'queue.window').slice(windowsBefore);
    expect(refetched.length).toBeLessThanOrEqual(2);
  });

  it('flags a changed row briefly (CSS animation class) after a change to it', async () => {
    const api = createFakeApi({ tickets: 500 });
    await allOpen(api);
    const id = bodyRows()[1]!.getAttribute('data-ticket-id')!;
    act(() => api.emit('tickets.changed', { ids: [id], reason: 'pull' }));
    await waitFor(() => expect(bodyRows().find((r) => r.getAttribute('data-ticket-id') === id)!.className).toContain('is-changed'));
    const row = bodyRows().find((r) => r.getAttribute('data-ticket-id') === id)!;
    act(() => {
      fireEvent.animationEnd(row);
    });
    expect(row.className).not.toContain('is-changed');
  });

  it('a transition updates the row through the tickets.changed event', async () => {
    const api = createFakeApi({ tickets: 500 });
    await allOpen(api);
    for (let g = 0; g < 15 && !['NEW', 'OPEN', 'FEEDBACK_REQUEST'].includes(api.statusOf(Number(selectedRow()!.getAttribute('data-ticket-id')!.slice(1)) - 1)); g++) act(() => press('j'));
    const row = selectedRow()!;
    act(() => press('i'));
    await waitFor(() => expect(within(selectedRow()!).getByText('IN PROGRESS')).toBeTruthy());
    expect(selectedRow()!.getAttribute('data-ticket-id')).toBe(row.getAttribute('data-ticket-id'));
  });

  it('runs one UI clock with a full 100k queue on screen', async () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    const api = createFakeApi({ tickets: 100_000 });
    await allOpen(api);
    // waitFor polls with its own 50 ms interval; every other interval in the app must be the one clock.
    const appIntervals = spy.mock.calls.filter(([, ms]) => ms !== 50);
    expect(appIntervals.length).toBe(1);
    spy.mockRestore();
  });
});

function rejection(id: number, key: string): Rejection {
  return { id, mutationName: 'transition', args: { ticketId: 't1', to: 'DONE', expectedStatus: 'NEW' }, ticketKey: key, code: 'CONFLICT', message: 'status changed', at: '2026-03-03T08:55:00.000Z' };
}

describe('sync status bar and rejection inbox', () => {
  it('shows connection, pending count, last sync and the bootstrap progress', async () => {
    const api = createFakeApi({ sync: { connection: 'offline', pendingChanges: 3, bootstrap: { done: 250, total: 1000, active: true } } });
    renderApp(api);
    const bar = await screen.findByRole('contentinfo', { name: 'Sync status' });
    await waitFor(() => expect(within(bar).getByText('Offline')).toBeTruthy());
    expect(within(bar).getByText('3 changes waiting to sync')).toBeTruthy();
    const progress = within(bar).getByRole('progressbar');
    expect(progress.getAttribute('aria-valuenow')).toBe('25');
    act(() => api.emit('sync.state', { ...api.state.sync, connection: 'online', pendingChanges: 0, bootstrap: { done: 1000, total: 1000, active: false } }));
    await waitFor(() => expect(within(bar).getByText('Online')).toBeTruthy());
    expect(within(bar).getByText('0 changes waiting to sync')).toBeTruthy();
    expect(within(bar).queryByRole('progressbar')).toBeNull();
    expect(within(bar).getByText(/^Synced /)).toBeTruthy();
  });

  it('lists rejected changes with their reason; retry and discard each take one click', async () => {
    const api = createFakeApi({ rejections: [rejection(1, 'PS-10001'), rejection(2, 'PS-10002')] });
    renderApp(api);
    const inbox = await screen.findByRole('button', { name: '2 rejected changes' });
    act(() => inbox.click());
    const dialog = await screen.findByRole('dialog', { name: 'Rejected changes' });
    const first = within(dialog).getByRole('listitem', { name: 'PS-10001: Status change' });
    expect(first.textContent).toContain('Someone changed this ticket in the meantime');
    act(() => within(first).getByRole('button', { name: 'Retry' }).click());
    await waitFor(() => expect(within(dialog).queryByRole('listitem', { name: 'PS-10001: Status change' })).toBeNull());
    expect(api.log.find((c) => c.name === 'rejections.retry')?.request).toEqual({ id: 1 });
    const second = within(dialog).getByRole('listitem', { name: 'PS-10002: Status change' });
    act(() => within(second).getByRole('button', { name: 'Discard' }).click());
    await waitFor(() => expect(within(dialog).getByText('No rejected changes.')).toBeTruthy());
    expect(api.log.find((c) => c.name === 'rejections.discard')?.request).toEqual({ id: 2 });
    // A new rejection arriving as an event shows up in the inbox.
    act(() => api.emit('rejection.added', rejection(3, 'PS-10003')));
    await waitFor(() => expect(within(dialog).getByRole('listitem', { name: 'PS-10003: Status change' })).toBeTruthy());
  });

  it('keeps a rejection listed and shows the error when retry fails', async () => {
    const api = createFakeApi({ rejections: [rejection(1, 'PS-10001')] });
    renderApp(api);
    await screen.findByRole('grid');
    act(() => press('x'));
    const dialog = await screen.findByRole('dialog', { name: 'Rejected changes' });
    api.failNext('rejections.retry', { code: 'FORBIDDEN', message: 'no' });
    act(() => within(dialog).getByRole('button', { name: 'Retry' }).click());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('You are not allowed to do this.'));
    expect(within(dialog).getByRole('listitem', { name: 'PS-10001: Status change' })).toBeTruthy();
  });
});

describe('sign-in', () => {
  it('shows the sign-in form without a session and errors by code', async () => {
    const api = createFakeApi({ session: null });
    renderApp(api);
    const email = await screen.findByLabelText('E-mail');
    fireEvent.change(email, { target: { value: ME.email } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    act(() => screen.getByRole('button', { name: 'Sign in' }).click());
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('UNAUTHENTICATED');
    expect(alert.textContent).toBe('E-mail or password is wrong, or the session has expired.');
    expect(screen.queryByRole('grid')).toBeNull();

    fireEvent.change(screen.getByLabelText('Server URL'), { target: { value: 'http://unreachable.example/' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: DEMO_PASSWORD } });
    act(() => screen.getByRole('button', { name: 'Sign in' }).click());
    await waitFor(() => expect(api.log.filter((c) => c.name === 'auth.signIn').length).toBe(2));
    await waitFor(() => expect(screen.getByRole('alert').getAttribute('data-code')).toBe('INTERNAL'));
  });

  it('enters the app after a successful sign-in', async () => {
    const api = createFakeApi({ session: null });
    renderApp(api);
    fireEvent.change(await screen.findByLabelText('E-mail'), { target: { value: ME.email } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: DEMO_PASSWORD } });
    act(() => screen.getByRole('button', { name: 'Sign in' }).click());
    await waitFor(() => expect(screen.getByRole('grid', { name: 'Ticket queue' })).toBeTruthy());
  });
});
