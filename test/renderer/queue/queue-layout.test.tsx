// @vitest-environment happy-dom
import { waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COLUMN_TRACKS } from '../../../src-renderer/queue/columns';
import { formatBusinessDuration } from '../../../src-renderer/countdown/format';
import { createFakeApi } from '../fake-api';
import { bodyRows, queueGrid, renderApp, stubLayout } from '../render-app';

/** Issue 6, item 4: a dense queue that stays readable at 1440×900, with one duration format everywhere. */
const HOUR = 3_600_000;
const MIN = 60_000;
const nb = (s: string) => s.replace(/ /g, '\u00a0');

describe('business durations', () => {
  it('whole hours from 10 h on, hours and minutes below, minutes and seconds in the last hour; never days', () => {
    expect(formatBusinessDuration(-(197 * HOUR + 20 * MIN), 'en')).toBe(nb('−197 h'));
    expect(formatBusinessDuration(-(197 * HOUR + 20 * MIN), 'de')).toBe(nb('−197 h'));
    expect(formatBusinessDuration(1234 * HOUR, 'en')).toBe(nb('1,234 h'));
    expect(formatBusinessDuration(1234 * HOUR, 'de')).toBe(nb('1.234 h'));
    expect(formatBusinessDuration(10 * HOUR + 59 * MIN, 'en')).toBe(nb('10 h'));
    expect(formatBusinessDuration(3 * HOUR + 10 * MIN, 'en')).toBe(nb('3 h 10 min'));
    expect(formatBusinessDuration(3 * HOUR, 'en')).toBe(nb('3 h'));
    expect(formatBusinessDuration(42 * MIN + 10_000, 'en')).toBe(nb('42 min 10 s'));
  });
});

describe('queue columns at 1440 px', () => {
  let restore: () => void;
  beforeEach(() => {
    restore = stubLayout(680, 1440);
  });
  afterEach(() => restore());

  it('fit the queue width of a 1440 px window with the sidebar at their minimum widths', () => {
    const min = Object.values(COLUMN_TRACKS).reduce((sum, track) => sum + Number(/(\d+)px/.exec(track)![1]), 0);
    // 1440 − sidebar (200) − main padding and borders (about 40)
    expect(min).toBeLessThanOrEqual(1200);
    // The countdown column holds "! Reaktion −226 h" whole (it was cut at 142 px in the screenshot review).
    expect(Number(/(\d+)px/.exec(COLUMN_TRACKS.sla!)![1])).toBeGreaterThanOrEqual(150);
  });

  it('shows compact severity and category with the full label as tooltip/accessible name, and a tooltip on cut text', async () => {
    const api = createFakeApi({ tickets: 300 });
    renderApp(api);
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
    const row = bodyRows()[0]!;
    const index = Number(row.getAttribute('data-ticket-id')!.slice(1)) - 1;
    const detail = await api.calls['ticket.detail']({ ticketId: api.ticketId(index) });
    if (!detail.ok) throw new Error('fixture');
    const t = detail.value.ticket;

    const severity = row.querySelector('.cell--severity .severity')!;
    expect(severity.textContent).toBe(`S${t.severity}`);
    expect(severity.getAttribute('title')).toMatch(new RegExp(`^${t.severity} · `));
    expect(severity.getAttribute('aria-label')).toBe(severity.getAttribute('title'));

    const category = row.querySelector('.cell--category span')!;
    expect(category.getAttribute('title')!.length).toBeGreaterThanOrEqual(category.textContent!.length);
    expect(category.textContent!.length).toBeLessThanOrEqual(11);

    for (const col of ['title', 'organizationName', 'endUserCompany', 'assigneeName', 'updatedAt']) {
      const cell = row.querySelector(`.cell--${col} [title]`);
      expect(cell, col).not.toBeNull();
      expect(cell!.getAttribute('title')!.length, col).toBeGreaterThanOrEqual(cell!.textContent!.length);
    }
    expect(row.querySelector('.cell--title [title]')!.getAttribute('title')).toBe(t.title);
  });

  it('keeps the full column names as accessible names where the visible header is shortened', async () => {
    const api = createFakeApi({ tickets: 50 });
    renderApp(api);
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
    const grid = queueGrid();
    expect(within(grid).getByRole('columnheader', { name: 'Affected end-user company' }).textContent).toBe('Affected');
    expect(within(grid).getByRole('columnheader', { name: 'Severity' }).textContent).toBe('Sev.');
    expect(within(grid).getByRole('columnheader', { name: 'Next automatic step' }).textContent).toBe('Next step');
  });
});
