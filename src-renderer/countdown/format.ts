const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function unit(language: string, value: number, u: 'day' | 'hour' | 'minute' | 'second'): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(value);
}

/**
 * Business durations in hours and minutes only: a business day is not 24 h, so "1 d" would mislead
 * (JSM's "1d 26h" is the cautionary tale). Seconds appear in the last hour, where they matter.
 */
export function formatBusinessDuration(ms: number, language: string): string {
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  const h = Math.floor(abs / HOUR);
  const m = Math.floor((abs % HOUR) / MINUTE);
  if (h === 0) {
    const s = Math.floor((abs % MINUTE) / 1000);
    return `${sign}${unit(language, m, 'minute')} ${unit(language, s, 'second')}`;
  }
  return `${sign}${unit(language, h, 'hour')} ${unit(language, m, 'minute')}`;
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
