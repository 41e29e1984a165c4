/**
 * Intl formatting for the detail pane and the team boards. Wall-clock times are shown in the desk's time
 * zone (the business calendar's Europe/Berlin), not the laptop's: "Tue 14:00" must mean the same to an agent
 * travelling abroad as to the customer's SLA contract.
 */
export const DESK_TIME_ZONE = 'Europe/Berlin';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language, { timeZone: DESK_TIME_ZONE, ...options });
    formatters.set(key, f);
  }
  return f;
}

/** "Tue 14:00" style: weekday plus time; used for due instants within the next days. */
export function formatWeekdayTime(iso: string | number, language: string): string {
  return formatter(language, { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** "Tue 14:00" within the coming six days (unambiguous), otherwise weekday with date and time. */
export function formatDue(due: number, now: number, language: string): string {
  const days = (due - now) / 86_400_000;
  if (days >= 0 && days < 6) return formatWeekdayTime(due, language);
  return formatter(language, { weekday: 'short', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(due));
}

/** Full date and time, for timelines and tooltips. */
export function formatFullDateTime(iso: string | number, language: string): string {
  return formatter(language, { weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/** The value a `<input type="datetime-local">` shows for an instant, in the desk's time zone. */
export function toDateTimeLocalValue(ms: number): string {
  const parts = formatter('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(ms))
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * The instant a `<input type="datetime-local">` value means in the desk's time zone, or null when the value
 * is not a complete local date-time. Found by correcting a UTC guess with the zone's offset at that guess
 * (twice, so a DST switch between guess and answer is taken into account).
 */
export function fromDateTimeLocalValue(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(asUtc)) return null;
  let guess = asUtc;
  for (let i = 0; i < 2; i += 1) guess = asUtc - offsetMs(guess);
  return guess;
}

function offsetMs(instant: number): number {
  const p = formatter('en-CA', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  })
    .formatToParts(new Date(instant))
    .reduce<Record<string, number>>((acc, part) => (part.type === 'literal' ? acc : { ...acc, [part.type]: Number(part.value) }), {});
  const local = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return local - Math.floor(instant / 1000) * 1000;
}
