import type { Counters } from "../assistance/rules";
import { EmptyCounters } from "../assistance/rules";
import { Policy } from "../policy/index";

/** The counters are assistance's own (assistance/rules.ts); re-exported for readers of figures. */
export { EmptyCounters, type Counters };

/** Pure statistics of assistance for dashboards (RULES.md service targets).
 * Counters are kept per tenant and updated in the same transaction as the
 * change they count, so a dashboard reads one item and two small index
 * ranges, never all requests. */

export interface OpenOverdue {
  /** Received requests this tenant owes an acknowledgement or answer for, past due. */
  owedAcknowledge: number;
  owedAnswer: number;
  /** Sent requests other tenants owe this tenant, past due. */
  awaited: number;
  /** Overdue criminal-transfer steps (行刑衔接), when that module reports them. */
  referralSteps: number;
  /** Overdue warnings (预警 not acknowledged or decided in time); absent in reports before warnings. */
  warnings?: number;
}

export interface Figure {
  key: "acceptedWithin7Days" | "meanDaysToAnswer" | "answeredByDeadline";
  /** null while there is nothing to measure. */
  value: number | null;
  target: number;
  kind: "share-at-least" | "days-at-most";
  met: boolean | null;
  zh: string;
  en: string;
  source: string;
}

export interface Figures {
  sent: number;
  received: number;
  answered: number;
  figures: Figure[];
  overdue: OpenOverdue;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The three IMI figures against their targets. A request still waiting past
 * its clock counts as missed already (otherwise a tenant that never answers
 * would look perfect). */
export function figures(c: Counters, overdue: OpenOverdue, targets: ReturnType<typeof Policy.current>["assistanceTargets"] = Policy.current().assistanceTargets): Figures {
  const acceptDen = c.acknowledged + overdue.owedAcknowledge;
  const acceptValue = acceptDen > 0 ? round(c.acceptedOnTime / acceptDen) : null;
  const meanValue = c.answered > 0 ? round(c.answerDaysTotal / c.answered, 1) : null;
  const byDeadlineDen = c.answered + overdue.owedAnswer;
  const byDeadlineValue = byDeadlineDen > 0 ? round(c.answeredOnTime / byDeadlineDen) : null;
  const judge = (value: number | null, t: { value: number; kind: "share-at-least" | "days-at-most" }) =>
    value === null ? null : t.kind === "share-at-least" ? value >= t.value : value <= t.value;
  const make = (key: Figure["key"], value: number | null): Figure => {
    const t = targets[key];
    return { key, value, target: t.value, kind: t.kind, met: judge(value, t), zh: t.zh, en: t.en, source: t.source };
  };
  return {
    sent: c.sent,
    received: c.received,
    answered: c.answered,
    figures: [make("acceptedWithin7Days", acceptValue), make("meanDaysToAnswer", meanValue), make("answeredByDeadline", byDeadlineValue)],
    overdue,
  };
}

/** Province- or city-wide totals from the latest report of each tenant below. */
export function sumCounters(list: Counters[]): Counters {
  const out = { ...EmptyCounters };
  for (const c of list) for (const k of Object.keys(out) as (keyof Counters)[]) out[k] += c[k] ?? 0;
  return out;
}

// ------------------------------------------------------------------ time ranges (pure)

/** A month in Asia/Shanghai, YYYY-MM. */
export const MONTH_RE = /^(19|20|21)\d\d-(0[1-9]|1[0-2])$/;

/** How many months a range may span, and how many a tenant reports upward
 * (its superiors can show any range within the last REPORTED_MONTHS). */
export const MAX_RANGE_MONTHS = 24;
export const REPORTED_MONTHS = 24;

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length <= MAX_RANGE_MONTHS * 5; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The named ranges the portal offers, in Asia/Shanghai: this month, this quarter, this year. */
export function namedRange(kind: "month" | "quarter" | "year", today: string): { from: string; to: string } {
  const month = today.slice(0, 7);
  const [y, m] = month.split("-").map(Number) as [number, number];
  if (kind === "month") return { from: month, to: month };
  if (kind === "quarter") {
    const first = Math.floor((m - 1) / 3) * 3 + 1;
    return { from: `${y}-${String(first).padStart(2, "0")}`, to: `${y}-${String(first + 2).padStart(2, "0")}` };
  }
  return { from: `${y}-01`, to: `${y}-12` };
}

/** Whether a range is usable: both months, from ≤ to, at most MAX_RANGE_MONTHS. */
export function validRange(from: string, to: string): boolean {
  return MONTH_RE.test(from) && MONTH_RE.test(to) && from <= to && monthsBetween(from, to).length <= MAX_RANGE_MONTHS;
}

/** The counters of the months in [from, to] added up. */
export function sumMonths(months: readonly (Counters & { month: string })[], from: string, to: string): Counters {
  return sumCounters(months.filter((m) => m.month >= from && m.month <= to));
}

/** Coverage of assignments (属地责任): counts a tenant reports, summed over tenants. */
export interface CoverageCounts {
  items: number;
  assigned: number;
  unassigned: number;
  needsReview: number;
}

export function sumCoverage(list: readonly (CoverageCounts | null | undefined)[]): (CoverageCounts & { reported: number }) | null {
  const got = list.filter((c): c is CoverageCounts => !!c);
  if (!got.length) return null;
  return got.reduce<CoverageCounts & { reported: number }>((s, c) => ({ items: s.items + c.items, assigned: s.assigned + c.assigned, unassigned: s.unassigned + c.unassigned, needsReview: s.needsReview + c.needsReview, reported: s.reported + 1 }), {
    items: 0,
    assigned: 0,
    unassigned: 0,
    needsReview: 0,
    reported: 0,
  });
}
