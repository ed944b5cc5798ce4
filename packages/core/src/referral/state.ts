import type { ActorRef } from "../context";
import { deadline, type ClockRule } from "../policy";
import type { PolicyDefaults } from "../policy/defaults";

/** 行政执法机关移送涉嫌犯罪案件 (国务院令第310号): the states of a criminal
 * referral, the step open in each, who may take it, and its statutory clock.
 * Pure: no I/O, no "now" other than what the caller passes. */

export const States = [
  "reported", // the case team has reported to the agency head
  "approved", // the head approved the transfer
  "not-transferred", // the head decided not to transfer (terminal)
  "transferred", // the police received the case
  "case-opened", // the police opened a criminal case (terminal)
  "refused", // the police refused to open a case
  "supervision-requested", // the agency asked the procuratorate to supervise (立案监督)
  "explanation-requested", // the procuratorate asked the police to explain the refusal
  "explained", // the police explained (terminal)
] as const;
export type State = (typeof States)[number];

/** Who acts. The head is a tenant admin; officers (and admins) handle the
 * case; police and procuratorate are judicial users of the addressed organ. */
export const Parties = ["head", "officer", "police", "procuratorate"] as const;
export type Party = (typeof Parties)[number];

export const Actions = ["approve", "reject", "transfer", "open-case", "refuse", "request-supervision", "request-explanation", "explain"] as const;
export type Action = (typeof Actions)[number];

export const Transitions: readonly { action: Action; from: State; to: State; by: Party }[] = [
  { action: "approve", from: "reported", to: "approved", by: "head" },
  { action: "reject", from: "reported", to: "not-transferred", by: "head" },
  { action: "transfer", from: "approved", to: "transferred", by: "officer" },
  { action: "open-case", from: "transferred", to: "case-opened", by: "police" },
  { action: "refuse", from: "transferred", to: "refused", by: "police" },
  { action: "request-supervision", from: "refused", to: "supervision-requested", by: "officer" },
  { action: "request-explanation", from: "supervision-requested", to: "explanation-requested", by: "procuratorate" },
  { action: "explain", from: "explanation-requested", to: "explained", by: "police" },
];

export type Step = "headDecision" | "transfer" | "policeDecision" | "procuratorateReview" | "explanation";

/** A step as the referral keeps it: open until `doneAt`, with who took it, how, and why. */
export interface StoredStep {
  step: Step;
  by: Party;
  startedAt: string;
  dueAt?: string;
  doneAt?: string;
  doneBy?: ActorRef;
  action?: Action;
  note?: string;
}

type ClockKey = keyof PolicyDefaults["referral"] & ("headDecision" | "transferToPolice" | "policeDecision" | "policeExplanation");

/** The step open in each state: who owes it and the clock that runs from entering the state. */
export const StepOf: Partial<Record<State, { step: Step; by: Party; clock?: ClockKey }>> = {
  reported: { step: "headDecision", by: "head", clock: "headDecision" },
  approved: { step: "transfer", by: "officer", clock: "transferToPolice" },
  transferred: { step: "policeDecision", by: "police", clock: "policeDecision" },
  // No statutory clock for the procuratorate's review.
  "supervision-requested": { step: "procuratorateReview", by: "procuratorate" },
  "explanation-requested": { step: "explanation", by: "police", clock: "policeExplanation" },
};

export const Terminal: readonly State[] = ["not-transferred", "case-opened", "explained"];

export type Refusal = "terminal" | "invalid_transition" | "not_allowed";

/** Where `action` by one of `parties` leads from `state`, or why it is refused. */
export function transition(state: State, action: Action, parties: readonly Party[]): { ok: true; to: State; by: Party } | { ok: false; reason: Refusal } {
  const t = Transitions.find((x) => x.from === state && x.action === action);
  if (!t) return { ok: false, reason: Terminal.includes(state) ? "terminal" : "invalid_transition" };
  if (!parties.includes(t.by)) return { ok: false, reason: "not_allowed" };
  return { ok: true, to: t.to, by: t.by };
}

export interface OpenStep {
  step: Step;
  by: Party;
  startedAt: string;
  dueAt?: string;
  clock?: ClockKey;
}

/** The step that opens on entering `state` at `enteredAt`, with its due time in Beijing time. */
export function openStep(state: State, enteredAt: string, rules: { referral: Record<ClockKey, ClockRule> }): OpenStep | undefined {
  const s = StepOf[state];
  if (!s) return undefined;
  return {
    step: s.step,
    by: s.by,
    startedAt: enteredAt,
    ...(s.clock ? { clock: s.clock, dueAt: deadline(enteredAt, rules.referral[s.clock].duration).dueAt } : {}),
  };
}

/** Overdue: not done by its due time (a step done late stays marked late). */
export function isOverdue(step: { dueAt?: string; doneAt?: string }, now: Date): boolean {
  if (!step.dueAt) return false;
  return Date.parse(step.doneAt ?? now.toISOString()) > Date.parse(step.dueAt);
}
