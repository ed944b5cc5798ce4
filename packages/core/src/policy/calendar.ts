import shipped from "../../data/cn-workdays.json";
import { isCalendarDate } from "../util/date";

/** The working-day calendar: the State Council's yearly holiday notices, as
 * shipped in `data/cn-workdays.json`, plus the years the province adds when a
 * new notice is published (its configuration). One calendar per process,
 * replaced as a whole when the configuration changes. Pure, no I/O. */

export interface CalendarYear {
  /** Days off, by holiday name (春节: [...]). */
  holidays: Record<string, string[]>;
  /** Make-up working days (调休上班), on weekends. */
  workdays: string[];
  /** The notice it comes from. */
  source: string;
}

type Shipped = { sources: Record<string, string>; years: Record<string, { holidays: Record<string, string[]>; workdays?: Record<string, string[]> | string[] }> };

function fromShipped(data: Shipped): Record<string, CalendarYear> {
  const out: Record<string, CalendarYear> = {};
  for (const [year, y] of Object.entries(data.years)) {
    const w = y.workdays ?? [];
    out[year] = { holidays: y.holidays, workdays: Array.isArray(w) ? w : Object.values(w).flat(), source: data.sources[year] ?? "" };
  }
  return out;
}

export const ShippedYears: Readonly<Record<string, CalendarYear>> = fromShipped(shipped as unknown as Shipped);

let years: Record<string, CalendarYear> = { ...ShippedYears };
let holidays = new Set<string>();
let makeUpDays = new Set<string>();
let last = 0;

function index() {
  holidays = new Set(Object.values(years).flatMap((y) => Object.values(y.holidays).flat()));
  makeUpDays = new Set(Object.values(years).flatMap((y) => y.workdays));
  last = Math.max(...Object.keys(years).map(Number));
}
index();

/** The calendar in force: the shipped years and the province's added ones. */
export function installCalendar(added: Record<string, CalendarYear>) {
  years = { ...ShippedYears, ...added };
  index();
}

export function calendarYears(): Readonly<Record<string, CalendarYear>> {
  return years;
}

/** The last year the official calendar covers. */
export function lastCalendarYear(): number {
  return last;
}

export function isHoliday(date: string): boolean {
  return holidays.has(date);
}

export function isMakeUpDay(date: string): boolean {
  return makeUpDays.has(date);
}

export interface CalendarIssue {
  field: string;
  rule: "policy.calendar_year" | "policy.calendar_date" | "policy.calendar_weekday" | "policy.calendar_overlap" | "policy.source_required" | "policy.calendar_empty";
  params: Record<string, unknown>;
}

/** Problems with a year the province adds: it must be the year after the last
 * one held, every date a real day of that year, make-up days on weekends, no
 * day both off and worked, at least one holiday, and the notice named. */
export function yearIssues(year: number, entry: CalendarYear, lastHeld = last): CalendarIssue[] {
  const issues: CalendarIssue[] = [];
  if (year !== lastHeld + 1) issues.push({ field: "year", rule: "policy.calendar_year", params: { year, next: lastHeld + 1 } });
  if (!entry.source || entry.source.trim().length < 4) issues.push({ field: "source", rule: "policy.source_required", params: { path: `calendar.${year}` } });
  const names = Object.keys(entry.holidays);
  if (names.length === 0) issues.push({ field: "holidays", rule: "policy.calendar_empty", params: {} });
  const off = new Set<string>();
  for (const name of names) {
    entry.holidays[name]!.forEach((d, i) => {
      if (!isCalendarDate(d) || !d.startsWith(`${year}-`)) issues.push({ field: `holidays.${name}.${i}`, rule: "policy.calendar_date", params: { date: d, year } });
      off.add(d);
    });
  }
  entry.workdays.forEach((d, i) => {
    const field = `workdays.${i}`;
    if (!isCalendarDate(d) || !d.startsWith(`${year}-`)) issues.push({ field, rule: "policy.calendar_date", params: { date: d, year } });
    else if (![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) issues.push({ field, rule: "policy.calendar_weekday", params: { date: d } });
    if (off.has(d)) issues.push({ field, rule: "policy.calendar_overlap", params: { date: d } });
  });
  return issues;
}

/** Lines as a person types them from the notice: `春节: 2027-02-06~2027-02-13, 2027-02-15`. */
export function parseHolidayLines(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([^:：]+?)\s*[:：]\s*(.+)$/.exec(line);
    if (!m) continue;
    out[m[1]!] = parseDateList(m[2]!);
  }
  return out;
}

/** `2027-02-06~2027-02-13, 2027-02-15` → every day listed. A malformed piece is kept as typed, for the check to name. */
export function parseDateList(text: string): string[] {
  const days: string[] = [];
  for (const piece of text.split(/[,，、\s]+/).filter(Boolean)) {
    const range = /^(\d{4}-\d{2}-\d{2})[~～至](\d{4}-\d{2}-\d{2})$/.exec(piece);
    if (range && isCalendarDate(range[1]!) && isCalendarDate(range[2]!) && range[1]! <= range[2]!) {
      for (let t = Date.parse(`${range[1]}T00:00:00Z`); t <= Date.parse(`${range[2]}T00:00:00Z`) && days.length < 400; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
    } else days.push(piece);
  }
  return days;
}
