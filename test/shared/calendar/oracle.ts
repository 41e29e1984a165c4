import Holidays, { type HolidaysTypes } from 'date-holidays';
import type { CalendarConfigInput } from '../../../src-shared/calendar/config';

/**
 * A deliberately naive business calendar for property tests: it decides minute by minute whether the wall
 * clock shows a service time, with its own Intl reading of the clock and its own date-holidays `isHoliday`
 * check per local date. It shares nothing with the implementation except the config literal it reads.
 * Correct for instants in ms because every rule boundary and every real UTC-offset change falls on a whole
 * minute, so "open" is constant within each minute.
 */
export interface Oracle {
  isOpenMinute(minute: number): boolean;
  add(start: number, durationMs: number): number;
  between(a: number, b: number): number;
}

const MIN = 60_000;
const DAY = 86_400_000;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Span = [number, number];

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const spans = (list: readonly (readonly [string, string])[] | undefined): Span[] =>
  (list ?? []).map(([s, e]) => [minutesOf(s), minutesOf(e)]);

export function createOracle(config: CalendarConfigInput): Oracle {
  const tz = config.timeZone ?? 'Europe/Berlin';
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  });
  const weekly: NonNullable<CalendarConfigInput['serviceHours']> = config.serviceHours ?? { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] };
  const hoursByWeekday = WEEKDAYS.map((d) => spans(weekly[d]));
  // `undefined` means the documented default source (DE-BY-KATH, public holidays); `null` means none.
  const source = config.holidays === undefined ? { country: 'DE', state: 'BY', region: 'KATH' } : config.holidays;
  const holidayTypes = (source?.types ?? ['public']) as HolidaysTypes.HolidayType[];
  // Limiting the types makes isHoliday ~5× faster; the results are shared by oracles with the same source.
  const hd = source ? holidaysFor(source.country ?? 'DE', source.state, source.region, holidayTypes) : undefined;
  // Default closures as documented: 24 and 31 Dec every year.
  const closed = new Set((config.closedDays ?? [{ date: '12-24' }, { date: '12-31' }]).map((d) => d.date));
  const open = new Map((config.openDays ?? []).map((d) => [d.date, d.hours] as const));

  // The UTC offset per UTC day; a day whose two ends disagree (a switch inside) is read per 15-minute block,
  // and a block whose ends disagree minute by minute. Real zones switch at most once a day and on whole minutes.
  const readOffset = (minute: number): number => {
    const p = fmt.formatToParts(new Date(minute * MIN));
    const n = (t: string): number => Number(p.find((x) => x.type === t)!.value);
    return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute')) - minute * MIN;
  };
  const constantOver = (cache: Map<number, number | null>, key: number, first: number, last: number): number | null => {
    let o = cache.get(key);
    if (o === undefined) {
      const a = readOffset(first);
      o = a === readOffset(last) ? a : null;
      cache.set(key, o);
    }
    return o;
  };
  const dayOffsets = new Map<number, number | null>();
  const blockOffsets = new Map<number, number | null>();
  const offsetOf = (minute: number): number => {
    const day = Math.floor(minute / 1440);
    const block = Math.floor(minute / 15);
    return (
      constantOver(dayOffsets, day, day * 1440, day * 1440 + 1439) ??
      constantOver(blockOffsets, block, block * 15, block * 15 + 14) ??
      readOffset(minute)
    );
  };

  const dayHours = new Map<number, Span[]>();
  const hoursOfLocalDay = (localDay: number): Span[] => {
    let h = dayHours.get(localDay);
    if (h) return h;
    const d = new Date(localDay * DAY);
    const md = `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
    const ymd = `${d.getUTCFullYear()}-${md}`;
    const weekday = hoursByWeekday[(d.getUTCDay() + 6) % 7]!;
    const override = open.has(ymd) ? open.get(ymd) : open.has(md) ? open.get(md) : null;
    if (override !== null) h = override === undefined ? weekday : spans(override);
    else if (weekday.length === 0 || closed.has(ymd) || closed.has(md) || hd?.(ymd)) h = [];
    else h = weekday;
    dayHours.set(localDay, h);
    return h;
  };

  const isOpenMinute = (minute: number): boolean => {
    const local = minute * MIN + offsetOf(minute);
    const localDay = Math.floor(local / DAY);
    const minuteOfDay = (local - localDay * DAY) / MIN;
    return hoursOfLocalDay(localDay).some(([s, e]) => s <= minuteOfDay && minuteOfDay < e);
  };

  return {
    isOpenMinute,
    add(start, durationMs) {
      if (durationMs === 0) return start;
      let remaining = Math.abs(durationMs);
      let cursor = start;
      if (durationMs > 0) {
        for (let m = Math.floor(start / MIN); ; m++) {
          const end = (m + 1) * MIN;
          if (isOpenMinute(m)) {
            if (remaining <= end - cursor) return cursor + remaining;
            remaining -= end - cursor;
          }
          cursor = end;
        }
      }
      for (let m = Math.floor((start - 1) / MIN); ; m--) {
        const begin = m * MIN;
        if (isOpenMinute(m)) {
          if (remaining <= cursor - begin) return cursor - remaining;
          remaining -= cursor - begin;
        }
        cursor = begin;
      }
    },
    between(a, b) {
      if (b < a) return 0 - this.between(b, a);
      let total = 0;
      for (let m = Math.floor(a / MIN); m * MIN < b; m++) {
        if (isOpenMinute(m)) total += Math.min(b, (m + 1) * MIN) - Math.max(a, m * MIN);
      }
      return total;
    },
  };
}

const holidayMemo = new Map<string, (ymd: string) => boolean>();

function holidaysFor(country: string, state: string | undefined, region: string | undefined, types: HolidaysTypes.HolidayType[]): (ymd: string) => boolean {
  const key = JSON.stringify([country, state, region, types]);
  let check = holidayMemo.get(key);
  if (!check) {
    const opts = { types };
    const hd =
      state === undefined
        ? new Holidays(country, opts)
        : region === undefined
          ? new Holidays(country, state, opts)
          : new Holidays(country, state, region, opts);
    const byDate = new Map<string, boolean>();
    check = (ymd) => {
      let is = byDate.get(ymd);
      if (is === undefined) {
        // Noon: safely inside the local date whatever the holiday's own time zone does at midnight.
        const found = hd.isHoliday(`${ymd} 12:00`);
        is = Array.isArray(found) && found.some((x) => types.includes(x.type));
        byDate.set(ymd, is);
      }
      return is;
    };
    holidayMemo.set(key, check);
  }
  return check;
}
