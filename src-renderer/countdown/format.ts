const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function unit(language: string, value: number, u: 'day' | 'hour' | 'minute' | 'second'): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(value);
}

const NBSP = '\u00a0';

/**
 * Business durations, the same format in the queue, the detail and the derivation tooltip:
 * - from 10 h: whole hours only, "−197 h" (minutes are noise at that size, and "−197h 20" got cut in the queue);
 * - from 1 h: "3 h 10 min"; in the last hour: "42 min 10 s" (seconds matter there).
 * Never days: a business day is the calendar's service hours, not 24 h, and differs between weekdays, so "8 d"
 * would be ambiguous (JSM's "1d 26h" is the cautionary tale); the tooltip explains the business-time derivation.
 * Hours round down, so the time left is never overstated. "h", "min", "s" read the same in German and English;
 * the number follows the language (1,234 h / 1.234 h); the value never wraps inside.
 */
export function formatBusinessDuration(ms: number, language: string): string {
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  const n = (v: number) => new Intl.NumberFormat(language).format(v);
  const h = Math.floor(abs / HOUR);
  const m = Math.floor((abs % HOUR) / MINUTE);
  if (h >= 10) return `${sign}${n(h)}${NBSP}h`;
  if (h >= 1) return m === 0 ? `${sign}${h}${NBSP}h` : `${sign}${h}${NBSP}h${NBSP}${m}${NBSP}min`;
  const s = Math.floor((abs % MINUTE) / 1000);
  return `${sign}${m}${NBSP}min${NBSP}${s}${NBSP}s`;
}

/** Calendar durations (automatic transitions run on calendar days): days, hours, minutes. */
export function formatCalendarDuration(ms: number, language: string): string {
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  const m = Math.floor((abs % HOUR) / MINUTE);
  if (d > 0) return `${sign}${unit(language, d, 'day')} ${unit(language, h, 'hour')}`;
  if (h > 0) return `${sign}${unit(language, h, 'hour')} ${unit(language, m, 'minute')}`;
  return `${sign}${unit(language, m, 'minute')}`;
}

export function formatDateTime(iso: string | number, language: string): string {
  return new Intl.DateTimeFormat(language, { weekday: 'short', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(
    typeof iso === 'number' ? iso : Date.parse(iso),
  );
}

/** Dense form for table cells: "03.11. 14:05". */
export function formatShortDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(Date.parse(iso));
}

export function formatCount(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}

/** "3 minutes ago" in the chosen language. */
export function formatRelative(thenMs: number, nowMs: number, language: string): string {
  const diff = thenMs - nowMs;
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < MINUTE) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour');
  return rtf.format(Math.round(diff / DAY), 'day');
}
