import { isHoliday, isMakeUpDay, lastCalendarYear } from "./calendar";
import type { Duration } from "./defaults";

/** Deadlines in Asia/Shanghai (UTC+8, no daylight saving). A clock of N days
 * or months ends at 24:00 Beijing time of the last day; one of N hours ends
 * N hours later; working days follow the State Council's holiday notices
 * (the calendar in force, ./calendar.ts). Pure: no I/O, no "now". */

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The Beijing calendar date of an instant, as YYYY-MM-DD. */
export function shanghaiDate(at: Date | string): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant Beijing midnight ends the given date (i.e. 24:00 that day). */
function endOfShanghaiDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + DAY_MS);
}

function addDaysToDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string): boolean {
  if (isMakeUpDay(date)) return true;
  if (isHoliday(date)) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

export interface Deadline {
  dueAt: string;
  /** True when the deadline falls past the last year of the official calendar:
   * a working-day count there guessed at holidays, and any clock ending there
   * may end on a holiday nobody has published yet. Shown wherever the deadline is. */
  beyondCalendar: boolean;
}

/** Does a deadline (the instant its last day ends) fall past the calendar's last year? */
export function beyondCalendar(dueAt: string): boolean {
  return Number(shanghaiDate(new Date(Date.parse(dueAt) - 1)).slice(0, 4)) > lastCalendarYear();
}

function flagged(dueAt: string): Deadline {
  return { dueAt, beyondCalendar: beyondCalendar(dueAt) };
}

export function deadline(from: Date | string, d: Duration): Deadline {
  const start = new Date(from);
  switch (d.unit) {
    case "hours":
      return { dueAt: new Date(start.getTime() + d.amount * 3600_000).toISOString(), beyondCalendar: false };
    case "days":
      return flagged(endOfShanghaiDay(addDaysToDate(shanghaiDate(start), d.amount)).toISOString());
    case "months": {
      const [y, m, day] = shanghaiDate(start).split("-").map(Number) as [number, number, number];
      const target = new Date(Date.UTC(y, m - 1 + d.amount, 1));
      // The same day of the month, or the month's last day when it has none (31 Jan + 1 month = 28/29 Feb).
      const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      target.setUTCDate(Math.min(day, lastDay));
      return flagged(endOfShanghaiDay(target.toISOString().slice(0, 10)).toISOString());
    }
    case "working-days": {
      let date = shanghaiDate(start);
      let left = d.amount;
      while (left > 0) {
        date = addDaysToDate(date, 1);
        if (isWorkingDay(date)) left--;
      }
      return flagged(endOfShanghaiDay(date).toISOString());
    }
  }
}

/** Is `a` no longer than `b`? (A tenant may only tighten a clock.) */
export function durationAtMost(a: Duration, b: Duration): boolean {
  const from = new Date("2026-01-01T00:00:00Z");
  return Date.parse(deadline(from, a).dueAt) <= Date.parse(deadline(from, b).dueAt);
}

export function isOverdue(dueAt: string, now: Date, doneAt?: string): boolean {
  return Date.parse(doneAt ?? now.toISOString()) > Date.parse(dueAt);
}
