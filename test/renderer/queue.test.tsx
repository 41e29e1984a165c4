// @vitest-environment happy-dom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApi } from './fake-api';
import { bodyRows, press, queueGrid, renderApp, stubLayout } from './render-app';
import { PAGE_SIZE } from '../../src-renderer/queue/window-loader';

let restore: () => void;
beforeEach(() => {
  restore = stubLayout(680);
});
afterEach(() => restore());

describe('queue with 100k tickets', () => {
  it('renders only a window of rows and fetches pages, never all rows', async () => {
    const api = createFakeApi({ tickets: 100_000 });
    renderApp(api);
    await waitFor(() => expect(screen.getByRole('button', { name: /All open/ })).toBeTruthy());
    act(() => screen.getByRole('button', { name: /All open/ }).click());
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(0));

    const grid = queueGrid();
    const total = Number(grid.getAttribute('aria-rowcount')) - 1;
    expect(total).toBeGreaterThan(50_000);
    // 680 px / 34 px rows = 20 visible + overscan: far below the total.
    const domRows = within(grid).getAllByRole('row').length;
    expect(domRows).toBeLessThan(60);
    expect(bodyRows()[0]!.textContent).toContain('PS-');

    const windows = api.log.filter((c) => c.name === 'queue.window').map((c) => c.request as { offset: number; limit: number });
    expect(windows.every((w) => w.limit <= PAGE_SIZE)).toBe(true);
    const fetched = windows.reduce((sum, w) => sum + w.limit, 0);
    expect(fetched).toBeLessThan(1_000);
  });

  it('fetches the window around the selection when jumping to the end', async () => {
    const api = createFakeApi({ tickets: 100_000 });
    renderApp(api);
    await waitFor(() => expect(screen.getByRole('button', { name: /All open/ })).toBeTruthy());
    act(() => screen.getByRole('button', { name: /All open/ }).click());
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(0));
    const total = Number(queueGrid().getAttribute('aria-rowcount')) - 1;

    act(() => press('End'));
    // The virtualiser scrolled its element; happy-dom does not fire the scroll event a browser would.
    const body = queueGrid().querySelector('.queue-body')!;
    await waitFor(() => expect(body.scrollTop).toBeGreaterThan(0));
    act(() => {
      body.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => {
      const windows = api.log.filter((c) => c.name === 'queue.window').map((c) => c.request as { offset: number });
      expect(windows.some((w) => w.offset >= total - PAGE_SIZE)).toBe(true);
    });
    await waitFor(() => expect(screen.getByRole('row', { selected: true }).getAttribute('aria-rowindex')).toBe(String(total + 1)));
    expect(within(queueGrid()).getAllByRole('row').length).toBeLessThan(60);
  });

  it('shows uncapped counts per view, formatted with Intl', async () => {
    const api = createFakeApi({ tickets: 100_000 });
    renderApp(api);
    const allOpen = await screen.findByRole('button', { name: /All open/ });
    await waitFor(() => expect(allOpen.textContent).toMatch(/\d{2},\d{3}/));
    const expected = (await api.calls['queue.counts']({ filter: {} })) as { ok: true; value: { views: { all_open: number } } };
    expect(allOpen.textContent).toContain(new Intl.NumberFormat('en').format(expected.value.views.all_open));
  });
});
