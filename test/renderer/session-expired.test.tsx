// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApi, DEMO_PASSWORD, ME, type FakeApi } from './fake-api';
import { bodyRows, press, renderApp, selectedRow, stubLayout } from './render-app';

/**
 * Issue 6, item 2: a token the service no longer accepts (expired, revoked) brings the agent to a pre-filled
 * sign-in prompt; nothing is signed out (the core keeps cache and outbox), and the desk resumes after sign-in.
 */
let restore: () => void;
beforeEach(() => {
  restore = stubLayout(680);
  window.localStorage.clear();
});
afterEach(() => restore());

const SERVER = 'http://127.0.0.1:8080/';

async function ready(): Promise<FakeApi> {
  const api = createFakeApi({ tickets: 300 });
  renderApp(api);
  await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
  return api;
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

async function signInAgain(api: FakeApi): Promise<void> {
  fireEvent.change(input('Password'), { target: { value: DEMO_PASSWORD } });
  fireEvent.submit(input('Password').closest('form')!);
  await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
  const signIns = api.log.filter((c) => c.name === 'auth.signIn').map((c) => c.request as { serverUrl: string; email: string });
  expect(signIns).toEqual([{ serverUrl: SERVER, email: ME.email, password: DEMO_PASSWORD }]);
}

describe('expired session', () => {
  it('sync state UNAUTHENTICATED: pre-filled prompt that keeps the pending changes, no sign-out, resumes after sign-in', async () => {
    const api = await ready();
    act(() => press('j'));
    const selected = selectedRow()!.getAttribute('data-ticket-id');

    act(() =>
      api.emit('sync.state', { ...api.state.sync, connection: 'offline', pendingChanges: 3, lastError: { code: 'UNAUTHENTICATED', message: 'token expired' } }),
    );
    expect((await screen.findByRole('status')).textContent).toContain('Your session has expired');
    expect(screen.queryByRole('grid')).toBeNull();
    expect(input('Server URL').value).toBe(SERVER);
    expect(input('E-mail').value).toBe(ME.email);
    expect(screen.getByRole('status').textContent).toContain('Your 3 changes waiting to sync are kept');
    expect(api.log.some((c) => c.name === 'auth.signOut')).toBe(false);

    await signInAgain(api);
    expect(selectedRow()!.getAttribute('data-ticket-id')).toBe(selected);
    expect(api.log.some((c) => c.name === 'auth.signOut')).toBe(false);
  });

  it('a call answered UNAUTHENTICATED brings the same prompt (not just an error line)', async () => {
    const api = await ready();
    api.failNext('ticket.mutate', { code: 'UNAUTHENTICATED', message: 'token revoked' });
    act(() => press('a'));
    expect((await screen.findByRole('status')).textContent).toContain('Your session has expired');
    expect(input('E-mail').value).toBe(ME.email);
    await signInAgain(api);
  });

  it('a wrong password on the prompt keeps it open with the reason', async () => {
    const api = await ready();
    act(() => api.emit('sync.state', { ...api.state.sync, lastError: { code: 'UNAUTHENTICATED', message: 'token expired' } }));
    expect((await screen.findByRole('status')).textContent).toContain('Your session has expired');
    fireEvent.change(input('Password'), { target: { value: 'wrong' } });
    fireEvent.submit(input('Password').closest('form')!);
    expect((await screen.findByRole('alert')).getAttribute('data-code')).toBe('UNAUTHENTICATED');
    expect(screen.getByRole('status').textContent).toContain('Your session has expired');
  });
});
