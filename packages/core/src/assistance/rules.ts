import { Policy, type Duration } from "../policy/index";

/** Pure rules of cross-region assistance (跨区域协助): kinds, clocks,
 * confidentiality and the state machine of both copies. No I/O, no "now". */

export const RequestTypes = [
  { type: "investigation", zh: "调查取证", en: "Investigation and evidence", departmentType: "market", clock: "answerInformation" },
  { type: "service", zh: "文书送达", en: "Service of documents", departmentType: "supervision-office", clock: "answerOther" },
  { type: "inspection", zh: "现场核查", en: "On-site inspection", departmentType: "market", clock: "answerOther" },
  { type: "enforcement", zh: "协助执行", en: "Enforcement", departmentType: "market", clock: "answerEnforcement" },
  { type: "information", zh: "提供信息", en: "Supplying information", departmentType: "supervision-office", clock: "answerInformation" },
  { type: "staff", zh: "调用异地执法力量", en: "Lending enforcement staff", departmentType: "supervision-office", clock: "answerEnforcement" },
] as const;
export type RequestType = (typeof RequestTypes)[number]["type"];
export const RequestTypeCodes = RequestTypes.map((t) => t.type) as [RequestType, ...RequestType[]];

/** 公开 / 内部 / 涉密: a confidential request shows only its kind, parties and
 * dates in lists; facts, entity and attachments are shown on the detail page
 * to the parties only. */
export const Confidentialities = [
  { level: "public", zh: "公开", en: "Public" },
  { level: "internal", zh: "内部", en: "Internal" },
  { level: "confidential", zh: "涉密", en: "Confidential" },
] as const;
export type Confidentiality = (typeof Confidentialities)[number]["level"];
export const ConfidentialityCodes = Confidentialities.map((c) => c.level) as [Confidentiality, ...Confidentiality[]];

export function typeInfo(type: RequestType) {
  return RequestTypes.find((t) => t.type === type)!;
}

/** The clock that applies to an answer of this kind (RULES.md): information 30 days, enforcement 6 months. */
export function answerClock(type: RequestType): Duration {
  const policy = Policy.current().assistance;
  return policy[typeInfo(type).clock].duration;
}

export function acknowledgeClock(): Duration {
  return Policy.current().assistance.acknowledge.duration;
}

/** The default answer deadline, or the sender's own if it is not later.
 * Returns undefined when the requested one is later than the rule allows or
 * earlier than the acknowledgement deadline. */
export function answerDeadline(type: RequestType, sentAt: string, requested?: string): { dueAt: string; ackDueAt: string } | { error: "deadline_too_late" | "deadline_too_early"; maxDueAt: string } {
  const max = Policy.deadline(sentAt, answerClock(type)).dueAt;
  const ackDueAt = Policy.deadline(sentAt, acknowledgeClock()).dueAt;
  if (!requested) return { dueAt: max, ackDueAt };
  const at = new Date(requested).toISOString();
  if (Date.parse(at) > Date.parse(max)) return { error: "deadline_too_late", maxDueAt: max };
  if (Date.parse(at) <= Date.parse(sentAt)) return { error: "deadline_too_early", maxDueAt: max };
  // The answer may not be due before acknowledgement is.
  return { dueAt: at, ackDueAt: Date.parse(ackDueAt) < Date.parse(at) ? ackDueAt : at };
}

// ------------------------------------------------------------------ states

/** The receiver's copy: received → accepted | declined; accepted → answered; any open one → withdrawn. */
export const Statuses = ["received", "accepted", "declined", "answered", "withdrawn"] as const;
export type Status = (typeof Statuses)[number];

export type Action = "accept" | "decline" | "question" | "reply" | "answer" | "withdraw";

/** The kinds of entry in a request's thread: the parties' actions, and what the platform writes (routed, escalated, reassigned, designated). */
export const PostKinds = ["routed", "accept", "decline", "question", "reply", "answer", "withdraw", "escalated", "reassigned", "designated"] as const;
export type PostKind = (typeof PostKinds)[number];

const allowed: Record<Action, { box: "inbox" | "sent"; from: readonly Status[] }> = {
  accept: { box: "inbox", from: ["received"] },
  decline: { box: "inbox", from: ["received"] },
  question: { box: "inbox", from: ["received", "accepted"] },
  answer: { box: "inbox", from: ["accepted"] },
  reply: { box: "sent", from: ["received", "accepted"] },
  withdraw: { box: "sent", from: ["received", "accepted"] },
};

/** May this action be taken on a copy in this box and status? */
export function canAct(action: Action, box: "inbox" | "sent", status: Status): boolean {
  const rule = allowed[action];
  return rule.box === box && rule.from.includes(status);
}

export function nextStatus(action: Action, status: Status): Status {
  switch (action) {
    case "accept":
      return "accepted";
    case "decline":
      return "declined";
    case "answer":
      return "answered";
    case "withdraw":
      return "withdrawn";
    default:
      return status;
  }
}

export function isOpen(status: Status) {
  return status === "received" || status === "accepted";
}

/** Escalation stages: acknowledge (while received), answer (while accepted). */
export type Stage = "acknowledge" | "answer";
export const Stages = ["acknowledge", "answer"] as const satisfies readonly Stage[];

/** What the clocks of a copy are read from (a stored copy, the API's Info, the portal's detail). */
export interface Clocked {
  status: Status;
  ackDueAt: string;
  dueAt: string;
}

/** The running clock of a copy: its stage, when that stage is due, and whether it is overdue. */
export interface RunningClock {
  stage: Stage;
  dueAt: string;
  /** Past due at `now`: strictly after the due instant (at the instant itself it is still on time). */
  overdue: boolean;
}

/** THE one rule of which clock runs: acknowledge while received (due at
 * ackDueAt), answer while accepted (due at dueAt), none once closed. Every
 * caller (the module, the escalator, the dashboard, the portal) asks this. */
export function runningClock(copy: Clocked, now: number | Date = Date.now()): RunningClock | undefined {
  const stage: Stage | undefined = copy.status === "received" ? "acknowledge" : copy.status === "accepted" ? "answer" : undefined;
  if (!stage) return undefined;
  const dueAt = stage === "acknowledge" ? copy.ackDueAt : copy.dueAt;
  const at = typeof now === "number" ? now : now.getTime();
  return { stage, dueAt, overdue: Date.parse(dueAt) < at };
}

/** The stage whose clock runs now and when it is due, or undefined once closed or already escalated. */
export function currentStage(copy: Clocked & { escalatedStages?: readonly string[] | null }): { stage: Stage; dueAt: string } | undefined {
  const clock = runningClock(copy);
  if (!clock || (copy.escalatedStages ?? []).includes(clock.stage)) return undefined;
  return { stage: clock.stage, dueAt: clock.dueAt };
}

/** The gsi2 sort key for the due index: the due time, or "~" (after every date) when nothing is due. */
export function dueSlot(copy: Parameters<typeof currentStage>[0] & { id: string }): string {
  const s = currentStage(copy);
  return s ? `${s.dueAt}#${copy.id}` : `~#${copy.id}`;
}


/** The gsi1 sort key for open items by the due time of their running stage, escalated or not ("~" once closed). */
export function openSlot(copy: Clocked & { id: string }): string {
  const clock = runningClock(copy);
  return clock ? `${clock.dueAt}#${copy.id}` : `~#${copy.id}`;
}

// ------------------------------------------------------------------ counters

/** A tenant's assistance counters (RULES.md service targets), added to in the
 * transaction of each change they count. */
export interface Counters {
  sent: number;
  received: number;
  /** Acknowledged (accepted or declined with reasons), and of those within 7 days of receipt. */
  acknowledged: number;
  acknowledgedOnTime: number;
  accepted: number;
  acceptedOnTime: number;
  answered: number;
  answeredOnTime: number;
  /** Sum over answered requests of the days from receipt to answer. */
  answerDaysTotal: number;
}

export const EmptyCounters: Counters = {
  sent: 0,
  received: 0,
  acknowledged: 0,
  acknowledgedOnTime: 0,
  accepted: 0,
  acceptedOnTime: 0,
  answered: 0,
  answeredOnTime: 0,
  answerDaysTotal: 0,
};

/** Days between two instants, to two decimals. */
export function daysBetween(from: string, to: string): number {
  return Math.round(((Date.parse(to) - Date.parse(from)) / 86_400_000) * 100) / 100;
}
