// @vitest-environment happy-dom
import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SlaClockView } from '../../src-shared/ipc/contract';
import { createBusinessCalendar } from '../../src-shared/calendar/business-calendar';
import { countdownAt, deriveCountdown, headlineClock } from '../../src-renderer/countdown/countdown-model';
import { SlaCountdown } from '../../src-renderer/countdown/SlaCountdown';
import { createUiClock, uiClock } from '../../src-renderer/clock/ui-clock';
import { createI18n } from '../../src-renderer/i18n/setup';
import './render-app';

const HOUR = 3_600_000;
// Tuesday 2026-03-03 10:00 Europe/Berlin (09:00Z), inside default service hours.
const NOW = Date.parse('2026-03-03T09:00:00Z');
const cal = createBusinessCalendar();

function running(dueAt: number, atRisk = false): SlaClockView {
  return { kind: 'resolution', state: 'running', atRisk, dueAt: new Date(dueAt).toISOString(), remainingMs: dueAt - NOW, reasonCode: 'running' };
}

describe('countdown model', () => {
  it('derives ok / at risk / breached / paused / met from the clock and now', () => {
    const due = cal.addBusinessTime(NOW, 5 * HOUR);
    expect(countdownAt(running(due), NOW, cal)).toEqual({ tone: 'ok', remainingMs: 5 * HOUR });
    expect(countdownAt(running(due, true), NOW, cal).tone).toBe('at_risk');
    // The same running clock turns breached by itself once now passes the deadline (no refetch needed).
    const later = cal.addBusinessTime(due, HOUR);
    expect(countdownAt(running(due), later, cal)).toEqual({ tone: 'breached', remainingMs: -HOUR });
    expect(countdownAt({ ...running(due), state: 'paused', dueAt: null, remainingMs: 2 * HOUR }, NOW, cal)).toEqual({ tone: 'paused', remainingMs: 2 * HOUR });
    expect(countdownAt({ ...running(due), state: 'met' }, NOW, cal).tone).toBe('met');
    expect(countdownAt(null, NOW, cal).tone).toBe('none');
  });

  it('counts business time only: a deadline after a weekend is not 2+ days away in business time', () => {
    // Friday 2026-03-06 16:00 Berlin → Monday 10:00 Berlin.
    const fri = Date.parse('2026-03-06T15:00:00Z');
    const mon = Date.parse('2026-03-09T09:00:00Z');
    const v = countdownAt(running(mon), fri, cal);
    expect(v.remainingMs).toBe(cal.businessTimeBetween(fri, mon));
    expect(v.remainingMs!).toBeLessThan(24 * HOUR);
    const d = deriveCountdown(running(mon), fri, cal)!;
    const closed = d.closed.reduce((s, c) => s + c.totalMs, 0);
    expect(d.wallMs - closed).toBe(d.businessMs);
    expect(d.closed.map((c) => c.reason)).toContain('outside_service_hours');
  });

  it('names public holidays the calendar skipped', () => {
    // Across Easter 2026 (Good Friday 3 April, Easter Monday 6 April) in Bavaria.
    const thu = Date.parse('2026-04-02T12:00:00Z');
    const tue = Date.parse('2026-04-07T12:00:00Z');
    const d = deriveCountdown(running(tue), thu, cal)!;
    const holidays = d.closed.find((c) => c.reason === 'public_holiday');
    expect(holidays?.count).toBeGreaterThanOrEqual(2);
    expect(holidays?.names.length).toBeGreaterThan(0);
  });

  it('shows the most urgent clock of a row', () => {
    const a = running(NOW + 5 * HOUR);
    const b = { ...running(NOW + 2 * HOUR), kind: 'first_response' as const };
    const p: SlaClockView = { ...a, kind: 'update', state: 'paused' };
    expect(headlineClock([p, a, b])).toBe(b);
    expect(headlineClock([p])).toBe(p);
  });
});

describe('SlaCountdown component on the shared clock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('colours by tone and ticks into breached when the deadline passes', () => {
    const i18n = createI18n('en');
    const due = NOW + 90_000; // 10:01:30 Berlin, inside service hours
    render(
      <I18nextProvider i18n={i18n}>
        <SlaCountdown clocks={[running(due)]} />
        <SlaCountdown clocks={[running(NOW + 3 * HOUR, true)]} />
        <SlaCountdown clocks={[{ ...running(due), state: 'paused', dueAt: null, remainingMs: 4 * HOUR }]} />
      </I18nextProvider>,
    );
    const tones = () => Array.from(document.querySelectorAll('[data-tone]')).map((e) => e.getAttribute('data-tone'));
    expect(tones()).toEqual(['ok', 'at_risk', 'paused']);
    expect(document.querySelector('.countdown--ok')!.textContent).toContain('1\u00a0min\u00a030\u00a0s');
    act(() => {
      vi.advanceTimersByTime(120_000);
    });
    expect(tones()).toEqual(['breached', 'at_risk', 'paused']);
    expect(document.querySelector('.countdown--breached')!.textContent).toContain('−');
    expect(screen.getAllByText(/\(breached\)/).length).toBe(1);
  });

  it('shows the derivation tooltip on hover', async () => {
    const i18n = createI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <SlaCountdown clocks={[running(Date.parse('2026-03-09T09:00:00Z'))]} />
      </I18nextProvider>,
    );
    const { fireEvent } = await import('@testing-library/react');
    fireEvent.mouseEnter(document.querySelector('.tip-anchor')!);
    const tip = screen.getByRole('tooltip');
    expect(tip.textContent).toMatch(/outside service hours/);
    expect(tip.textContent).toMatch(/= business time/);
  });
});

describe('one clock for the whole UI', () => {
  afterEach(() => vi.restoreAllMocks());

  it('starts exactly one interval no matter how many countdowns subscribe, and stops it when none is left', () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    const i18n = createI18n('en');
    const clocks = Array.from({ length: 500 }, (_, i) => [running(NOW + (i + 1) * HOUR)]);
    const view = render(
      <I18nextProvider i18n={i18n}>
        {clocks.map((c, i) => (
          <SlaCountdown key={i} clocks={c} />
        ))}
      </I18nextProvider>,
    );
    expect(document.querySelectorAll('[data-tone]').length).toBe(500);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(uiClock.activeTimers()).toBe(1);
    view.unmount();
    expect(uiClock.activeTimers()).toBe(0);
  });

  it('a private clock instance behaves the same (subscribe/unsubscribe bookkeeping)', () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    const clock = createUiClock(1000, () => 0);
    const offs = Array.from({ length: 100 }, () => clock.subscribe(() => undefined));
    expect(spy).toHaveBeenCalledTimes(1);
    offs.slice(1).forEach((off) => off());
    expect(clock.activeTimers()).toBe(1);
    offs[0]!();
    expect(clock.activeTimers()).toBe(0);
  });
});
