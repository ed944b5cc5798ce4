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
