// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_INFO, type TicketStatus } from '../../src-shared/domain/status';
import type { SupportDeskApi } from '../../src-shared/ipc/contract';
import { createFakeApi, type FakeApi } from './fake-api';
import { bodyRows, press, renderApp, selectedRow, stubLayout } from './render-app';

let restore: () => void;
beforeEach(() => {
  restore = stubLayout(680);
});
afterEach(() => restore());

type MutateCall = SupportDeskApi['calls']['ticket.mutate'];

/** Holds every `ticket.mutate` until the test releases it, so the UI can be inspected before the core answers. */
function gateMutate(api: FakeApi): { release(): Promise<void>; held(): number; readonly requests: unknown[] } {
  const original: MutateCall = api.calls['ticket.mutate'];
  const waiting: (() => void)[] = [];
  const requests: unknown[] = [];
  const gated: MutateCall = async (request) => {
    requests.push(request);
    await new Promise<void>((resolve) => waiting.push(resolve));
    return original(request);
  };
  (api.calls as Record<string, unknown>)['ticket.mutate'] = gated;
  return {
    async release() {
      await act(async () => {
        for (const go of waiting.splice(0)) go();
        await Promise.resolve();
      });
    },
    held: () => waiting.length,
    requests,
  };
}

function indexOfRow(row: HTMLElement): number {
  return Number(row.getAttribute('data-ticket-id')!.slice(1)) - 1;
}

function rowById(id: string): HTMLElement | undefined {
  return bodyRows().find((r) => r.getAttribute('data-ticket-id') === id);
}

function statusText(row: HTMLElement): string {
  return row.querySelector('.cell--status')!.textContent ?? '';
}

function pendingMark(row: HTMLElement): Element | null {
  return row.querySelector('[aria-label="Local changes not yet synced"]');
}

async function ready(tickets = 300): Promise<FakeApi> {
  const api = createFakeApi({ tickets });
  renderApp(api);
  await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
  return api;
}

/** Moves the selection down until the fake's status of the selected ticket is one of `statuses`. */
function selectStatus(api: FakeApi, statuses: readonly TicketStatus[]): HTMLElement {
  for (let guard = 0; guard < 30 && !statuses.includes(api.statusOf(indexOfRow(selectedRow()!))); guard++) act(() => press('j'));
  const row = selectedRow()!;
  expect(statuses).toContain(api.statusOf(indexOfRow(row)));
  return row;
}

describe('optimistic keyboard transitions', () => {
  it('shows the new status in the same event, before the core has answered, and keeps the selection', async () => {
    const api = await ready();
    const gate = gateMutate(api);
    const row = selectStatus(api, ['NEW', 'OPEN', 'IN_PROGRESS']);
    const id = row.getAttribute('data-ticket-id')!;
    const index = indexOfRow(row);
    const before = api.statusOf(index);
    const rowIndex = row.getAttribute('aria-rowindex');

    act(() => press('p'));

    // Synchronously after the key event: the call is held, the fake still has the old status, the row does not.
    expect(gate.held()).toBe(1);
    expect(api.statusOf(index)).toBe(before);
    expect(statusText(rowById(id)!)).toBe(STATUS_INFO.PEER_REVIEW.label);
    expect(pendingMark(rowById(id)!)).not.toBeNull();
    expect(selectedRow()!.getAttribute('data-ticket-id')).toBe(id);
    expect(selectedRow()!.getAttribute('aria-rowindex')).toBe(rowIndex);

    await gate.release();
    await waitFor(() => expect(pendingMark(rowById(id)!)).toBeNull());
    expect(api.statusOf(index)).toBe('PEER_REVIEW');
    expect(statusText(rowById(id)!)).toBe(STATUS_INFO.PEER_REVIEW.label);
    expect(selectedRow()!.getAttribute('data-ticket-id')).toBe(id);
  });

  it('chains a second key on the patched status (expectedStatus is what the agent sees)', async () => {
    const api = await ready();
    const gate = gateMutate(api);
    const row = selectStatus(api, ['NEW', 'OPEN', 'IN_PROGRESS']);
    const id = row.getAttribute('data-ticket-id')!;
    act(() => press('p'));
    act(() => press('i'));
    expect(statusText(rowById(id)!)).toBe(STATUS_INFO.IN_PROGRESS.label);
    expect(gate.requests.at(-1)).toEqual({ name: 'transition', args: { ticketId: id, to: 'IN_PROGRESS', expectedStatus: 'PEER_REVIEW' } });
    await gate.release();
    await waitFor(() => expect(pendingMark(rowById(id)!)).toBeNull());
    expect(api.statusOf(indexOfRow(rowById(id)!))).toBe('IN_PROGRESS');
  });

  it('reverts the row and shows the error when the call fails', async () => {
    const api = await ready();
    const row = selectStatus(api, ['NEW', 'OPEN', 'IN_PROGRESS']);
    const id = row.getAttribute('data-ticket-id')!;
    const before = api.statusOf(indexOfRow(row));
    api.failNext('ticket.mutate', { code: 'CONFLICT', message: 'status changed meanwhile' });

    act(() => press('p'));
    expect(statusText(rowById(id)!)).toBe(STATUS_INFO.PEER_REVIEW.label);

    await waitFor(() => expect(statusText(rowById(id)!)).toBe(STATUS_INFO[before].label));
    expect(pendingMark(rowById(id)!)).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('Someone changed this ticket in the meantime');
    expect(selectedRow()!.getAttribute('data-ticket-id')).toBe(id);
  });

  it('keeps the patch through a refetch that was asked for before the core accepted the call', async () => {
    const api = await ready();
    const gate = gateMutate(api);
    const row = selectStatus(api, ['NEW', 'OPEN', 'IN_PROGRESS']);
    const id = row.getAttribute('data-ticket-id')!;
    act(() => press('p'));
    const windowsBefore = api.log.filter((c) => c.name === 'queue.window').length;
    // An unrelated pull lands while the mutation is still on its way: its window still has the old status.
    act(() => api.emit('tickets.changed', { ids: ['t999999'], reason: 'pull' }));
    await waitFor(() => expect(api.log.filter((c) => c.name === 'queue.window').length).toBeGreaterThan(windowsBefore));
    await act(async () => {
      await Promise.resolve();
      await Promise.resolve();
    });
    expect(statusText(rowById(id)!)).toBe(STATUS_INFO.PEER_REVIEW.label);
    expect(pendingMark(rowById(id)!)).not.toBeNull();
    await gate.release();
    await waitFor(() => expect(pendingMark(rowById(id)!)).toBeNull());
    expect(statusText(rowById(id)!)).toBe(STATUS_INFO.PEER_REVIEW.label);
  });

  it('lets the core truth replace the patch after the refetch (e.g. the service rejected the change)', async () => {
    const api = await ready();
    const row = selectStatus(api, ['NEW', 'OPEN', 'IN_PROGRESS']);
    const id = row.getAttribute('data-ticket-id')!;
    const index = indexOfRow(row);
    const before = api.statusOf(index);
    act(() => press('p'));
    await waitFor(() => expect(api.statusOf(index)).toBe('PEER_REVIEW'));
    await waitFor(() => expect(pendingMark(rowById(id)!)).toBeNull());

    // The service refuses the pushed change later: the core restores the old status and says so.
    act(() => {
      api.setStatus(index, before);
      api.emit('rejection.added', {
        id: 7,
        mutationName: 'transition',
        args: { ticketId: id, to: 'PEER_REVIEW', expectedStatus: before },
        ticketKey: api.ticketKey(index),
        code: 'CONFLICT',
        message: 'changed on the service',
        at: '2026-03-03T09:00:00.000Z',
      });
      api.emit('tickets.changed', { ids: [id], reason: 'rejection' });
    });
    await waitFor(() => expect(statusText(rowById(id)!)).toBe(STATUS_INFO[before].label));
    expect(pendingMark(rowById(id)!)).toBeNull();
  });

  it('a patches the assignee at once; a row that leaves the view stays until the refetch, then the selection stays on that ticket by id and j moves on from its place', async () => {
    const api = await ready();
    const gate = gateMutate(api);
    act(() => press('g'));
    act(() => press('u'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Unassigned'));
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
    act(() => press('j'));
    const row = selectedRow()!;
    const id = row.getAttribute('data-ticket-id')!;
    const rowIndex = row.getAttribute('aria-rowindex');
    const next = bodyRows().find((r) => r.getAttribute('aria-rowindex') === String(Number(rowIndex) + 1))!.getAttribute('data-ticket-id');

    act(() => press('a'));
    expect(rowById(id)!.querySelector('.cell--assigneeName')!.textContent).toBe('Anna Agent');
    expect(pendingMark(rowById(id)!)).not.toBeNull();
    expect(selectedRow()!.getAttribute('data-ticket-id')).toBe(id);

    await gate.release();
    // Now assigned to me, the ticket is no longer "Unassigned": the refetch drops it. The selection stays on it by
    // id (no other ticket is silently selected in its place); `j` moves on to the ticket that followed it.
    await waitFor(() => expect(rowById(id)).toBeUndefined());
    expect(selectedRow()).toBeUndefined();
    act(() => press('j'));
    expect(selectedRow()!.getAttribute('aria-rowindex')).toBe(rowIndex);
    expect(selectedRow()!.getAttribute('data-ticket-id')).toBe(next);
  });
});
