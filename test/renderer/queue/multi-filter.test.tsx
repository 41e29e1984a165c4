// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueueFilter } from '../../../src-shared/ipc/contract';
import { createFakeApi, type FakeApi } from '../fake-api';
import { bodyRows, press, renderApp, stubLayout } from '../render-app';

/**
 * The queue's multi-value filters (queue/MultiFilter.tsx): several values per field reach the core as one
 * list, "any" clears the field, and the popup works from the keyboard. Native Tab/Space are the browser's
 * (covered end to end in test/e2e/agent-ui.spec.ts); here the control's own key handling is checked.
 */

let restore: () => void;
beforeEach(() => {
  restore = stubLayout(680);
});
afterEach(() => restore());

function lastFilter(api: FakeApi): QueueFilter {
  return (api.log.filter((c) => c.name === 'queue.window').at(-1)!.request as { filter: QueueFilter }).filter;
}

async function ready(): Promise<FakeApi> {
  const api = createFakeApi({ tickets: 1_000 });
  renderApp(api);
  await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
  return api;
}

/** The row's Status cell, found by the column header (as the e2e helpers do). */
function statusOfRow(row: HTMLElement): string {
  const at = screen.getAllByRole('columnheader').findIndex((h) => h.textContent?.trim() === 'Status');
  expect(at).toBeGreaterThanOrEqual(0);
  return within(row).getAllByRole('gridcell')[at]!.textContent?.trim() ?? '';
}

const statusGroup = () => screen.getByRole('group', { name: 'Status' });

describe('multi-value queue filters', () => {
  it('two statuses go to the core as one list in status order, the button says "2 selected", rows match', async () => {
    const api = await ready();
    const button = screen.getByRole('button', { name: 'Status: any' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('group', { name: 'Status' })).toBeNull();

    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-controls')).toBe(statusGroup().id);
    // picked in reverse order; the filter keeps the statuses' own order
    fireEvent.click(within(statusGroup()).getByRole('checkbox', { name: 'IN PROGRESS' }));
    await waitFor(() => expect(lastFilter(api).statuses).toEqual(['IN_PROGRESS']));
    expect(button.textContent).toContain('Status: IN PROGRESS');
    fireEvent.click(within(statusGroup()).getByRole('checkbox', { name: 'NEW' }));
    await waitFor(() => expect(lastFilter(api).statuses).toEqual(['NEW', 'IN_PROGRESS']));
    expect(button.textContent).toContain('Status: 2 selected');
    expect(within(statusGroup()).getByRole<HTMLInputElement>('checkbox', { name: 'NEW' }).checked).toBe(true);
    await waitFor(() => {
      const statuses = bodyRows().map((r) => statusOfRow(r));
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['NEW', 'IN PROGRESS']));
    });

    // unticking one leaves the other
    fireEvent.click(within(statusGroup()).getByRole('checkbox', { name: 'IN PROGRESS' }));
    await waitFor(() => expect(lastFilter(api).statuses).toEqual(['NEW']));
  });

  it('"any" clears only its own field', async () => {
    const api = await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Severity: any' }));
    const severity = screen.getByRole('group', { name: 'Severity' });
    fireEvent.click(within(severity).getByRole('checkbox', { name: '1 · Total outage' }));
    fireEvent.click(within(severity).getByRole('checkbox', { name: '2 · Critical' }));
    fireEvent.click(screen.getByRole('button', { name: 'Status: any' }));
    fireEvent.click(within(statusGroup()).getByRole('checkbox', { name: 'NEW' }));
    await waitFor(() => expect(lastFilter(api)).toEqual({ severities: [1, 2], statuses: ['NEW'] }));
    expect(screen.getByRole('button', { name: 'Severity: 2 selected' })).toBeTruthy();

    fireEvent.click(within(screen.getByRole('group', { name: 'Severity' })).getByRole('button', { name: 'Any severity' }));
    await waitFor(() => expect(lastFilter(api)).toEqual({ statuses: ['NEW'] }));
    expect(screen.getByRole('button', { name: 'Severity: any' })).toBeTruthy();
    expect(screen.getAllByRole<HTMLInputElement>('checkbox', { hidden: true }).filter((c) => c.closest('[aria-label="Severity"]') && c.checked)).toEqual([]);
  });

  it('keyboard: ArrowDown opens into the list, arrows move, Escape closes and returns focus without closing the detail', async () => {
    const api = await ready();
    act(() => press('Enter'));
    await screen.findByRole('complementary', { name: 'Ticket detail pane' });
    const button = screen.getByRole('button', { name: 'Category: any' });
    button.focus();
    act(() => {
      fireEvent.keyDown(button, { key: 'ArrowDown' });
    });
    const group = screen.getByRole('group', { name: 'Category' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(within(group).getByRole('button', { name: 'Any category' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    const outage = within(group).getByRole<HTMLInputElement>('checkbox', { name: 'Cloud outage' });
    expect(document.activeElement).toBe(outage);
    // Space on a focused checkbox is the browser's toggle (a click); a queue shortcut (`,` settings) must not leak out
    fireEvent.click(outage);
    await waitFor(() => expect(lastFilter(api).categories).toEqual(['cloud_outage']));
    fireEvent.keyDown(outage, { key: ',' });
    expect(screen.queryByRole('dialog', { name: 'Settings' })).toBeNull();

    fireEvent.keyDown(outage, { key: 'Escape' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('group', { name: 'Category' })).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(button.textContent).toContain('Category: Cloud outage');
    expect(screen.getByRole('complementary', { name: 'Ticket detail pane' })).toBeTruthy();
    // with the popup closed, Escape is the queue's again
    act(() => press('Escape'));
    await waitFor(() => expect(screen.queryByRole('complementary', { name: 'Ticket detail pane' })).toBeNull());
  });

  it('closes when focus leaves it or on a press outside, and a second click on the button closes it', async () => {
    await ready();
    const button = screen.getByRole('button', { name: 'SLA: any' });
    fireEvent.click(button);
    const checkbox = within(screen.getByRole('group', { name: 'SLA' })).getAllByRole('checkbox')[0]!;
    fireEvent.focusOut(checkbox, { relatedTarget: screen.getByRole('searchbox', { name: 'Search tickets' }) });
    expect(button.getAttribute('aria-expanded')).toBe('false');

    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    fireEvent.pointerDown(screen.getByRole('grid'));
    expect(button.getAttribute('aria-expanded')).toBe('false');

    fireEvent.click(button);
    // a press inside (on a checkbox) keeps it open
    fireEvent.pointerDown(within(screen.getByRole('group', { name: 'SLA' })).getAllByRole('checkbox')[0]!);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });
});
