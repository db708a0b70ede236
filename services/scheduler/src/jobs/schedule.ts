import { Cron } from 'croner';
import type { JobSchedule } from '@justfit/events';

/** A schedule that cannot be read: the message says which part and why. */
export class InvalidScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidScheduleError';
  }
}

/**
 * A cron expression read in an IANA time zone. Five fields (minute hour day-of-month month day-of-week), or six with
 * seconds first; day-of-month and day-of-week combine with OR as in Vixie cron. Around a daylight-saving change a
 * fixed time of day (`30 2 * * *`) runs once: in the spring gap at the first valid time after it, on the repeated
 * hour in autumn only the first time; a pattern with a wildcard or step in the hour (`0 * * * *`) runs at each
 * wall-clock time that exists, so it skips the gap and runs on both occurrences of the repeated hour.
 */
export class CronSchedule {
  private readonly cron: Cron;

  constructor(readonly schedule: JobSchedule) {
    if (!isTimeZone(schedule.timeZone)) {
      throw new InvalidScheduleError(`time zone ${JSON.stringify(schedule.timeZone)} is not an IANA time zone`);
    }
    try {
      this.cron = new Cron(schedule.cron, { timezone: schedule.timeZone, mode: '5-or-6-parts', paused: true });
    } catch (e) {
      throw new InvalidScheduleError(`cron ${JSON.stringify(schedule.cron)}: ${(e as Error).message}`);
    }
    if (this.cron.nextRun(new Date(0)) === null) {
      throw new InvalidScheduleError(`cron ${JSON.stringify(schedule.cron)} is never due`);
    }
  }

  /** The first due time strictly after `afterMs`, or undefined if the pattern has none. */
  nextAfter(afterMs: number): number | undefined {
    // croner strips milliseconds and starts from the next whole second, so a due time equal to `afterMs` is excluded.
    return this.cron.nextRun(new Date(afterMs))?.getTime();
  }

  /** The next `count` due times after `afterMs`. */
  next(count: number, afterMs: number): number[] {
    return this.cron.nextRuns(count, new Date(afterMs)).map((d) => d.getTime());
  }

  /**
   * The due times in (`afterMs`, `untilMs`]: how many, the first, the last and the one before the last. At most
   * `limit` are walked; beyond that (a per-second job down for hours) the last is found directly and the count is a
   * lower bound.
   */
  dueBetween(afterMs: number, untilMs: number, limit = 10_000): DueTimes {
    const first = this.nextAfter(afterMs);
    if (first === undefined || first > untilMs) return { count: 0 };
    let count = 1;
    let previous: number | undefined;
    let last = first;
    for (let next = this.nextAfter(last); next !== undefined && next <= untilMs; next = this.nextAfter(last)) {
      if (count >= limit) {
        const [latest, beforeLatest] = this.cron.previousRuns(2, new Date(untilMs + 1000)).map((d) => d.getTime());
        return { count, first, previous: beforeLatest, last: latest ?? last };
      }
      previous = last;
      last = next;
      count++;
    }
    return { count, first, previous, last };
  }
}

export type DueTimes = { count: 0 } | { count: number; first: number; previous?: number; last: number };

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
