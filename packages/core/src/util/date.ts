import * as z from "zod";

/** The one date rule of every input: a real calendar date written YYYY-MM-DD
 * (2026-13-45 and 2026-02-30 are not dates), in a plausible range. Dates are
 * Beijing dates; no time zone enters. Instants use `z.iso.datetime()`, which
 * already checks the calendar. Pure, browser-safe. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

export function isCalendarDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || y > MAX_YEAR) return false;
  const at = new Date(Date.UTC(y, mo - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

/** The schema every date field uses. Messages are codes the error handler
 * translates: the format first, then whether the day exists. */
export const IsoDate = z
  .string()
  .regex(ISO, { message: "date.format", abort: true })
  .refine(isCalendarDate, { message: "date.not_a_day", abort: true });
