import Holidays from 'date-holidays';
import type { HolidaySource } from './config';

/**
 * Public holidays by local date ("YYYY-MM-DD" → name), computed once per year and cached: date-holidays
 * evaluates its rule set (Easter arithmetic etc.) on every call, which is far too slow for a per-day loop.
 */
export class HolidayLookup {
  private readonly hd: Holidays;
  private readonly types: ReadonlySet<string>;
  private readonly byYear = new Map<number, ReadonlyMap<string, string>>();

  constructor(private readonly source: HolidaySource) {
    this.hd = source.state === undefined
      ? new Holidays(source.country)
      : source.region === undefined
        ? new Holidays(source.country, source.state)
        : new Holidays(source.country, source.state, source.region);
    this.types = new Set(source.types);
  }

  /** The holiday's name, or undefined on an ordinary day. Several holidays on one date are joined. */
  nameOn(year: number, localDate: string): string | undefined {
    let dates = this.byYear.get(year);
    if (!dates) {
      dates = this.computeYear(year);
      this.byYear.set(year, dates);
    }
    return dates.get(localDate);
  }

  private computeYear(year: number): ReadonlyMap<string, string> {
    const dates = new Map<string, string>();
    for (const h of this.hd.getHolidays(year, this.source.language)) {
      if (!this.types.has(h.type)) continue;
      // `date` is the local date in the holiday's own terms ("2026-12-25 00:00:00"); the calendar applies it to
      // the whole local day in its own time zone, so a holiday never starts at 23:00 or 01:00 because of UTC.
      const day = h.date.slice(0, 10);
      const existing = dates.get(day);
      dates.set(day, existing === undefined ? h.name : `${existing} / ${h.name}`);
    }
    return dates;
  }
}
