import { VisibleError } from "../error";

/** 监管职责争议的状态机 — pure, no I/O.
 *
 *   negotiating ──propose──▶ proposed ──accept (last party)──▶ agreed ──file (备案)──▶ filed ──confirm──▶ confirmed
 *        ▲  ▲                 │  │ ▲                                               │
 *        │  └────decline──────┘  │ └─propose (counter)                              │
 *        └────────────────────── reject (establishment office sends the filing back) ┘
 *   negotiating | proposed ──escalate (协调)──▶ escalated ──decide──▶ decided
 *   negotiating | proposed ──withdraw──▶ withdrawn
 *
 * Who takes a step is a role IN THE DISPUTE, derived from the acting user's
 * department: a `party` (one of the departments concerned), the `host` (the
 * department that opened it, or the one it named), the `establishment` office
 * (机构编制委员会办公室 of the tenant, the arbiter). Anyone else is `other`. */

export const States = ["negotiating", "proposed", "agreed", "filed", "confirmed", "escalated", "decided", "withdrawn"] as const;
export type State = (typeof States)[number];

export const Steps = ["open", "post", "propose", "accept", "decline", "file", "confirm", "reject", "escalate", "decide", "withdraw"] as const;
export type Step = (typeof Steps)[number];

export const Roles = ["party", "host", "establishment", "other"] as const;
export type Role = (typeof Roles)[number];

/** States that end the dispute: nothing more may happen in them. */
export const Final: readonly State[] = ["confirmed", "decided", "withdrawn"];

interface Rule {
  from: readonly State[];
  by: readonly Role[];
  /** The state after the step. `accept` stays in `proposed` until the last party accepts. */
  to: State | "same";
}

/** The whole machine. `open` has no `from`: it creates the dispute in `negotiating`. */
export const Rules: Record<Exclude<Step, "open">, Rule> = {
  post: { from: ["negotiating", "proposed", "agreed", "filed", "escalated"], by: ["party", "host", "establishment"], to: "same" },
  propose: { from: ["negotiating", "proposed"], by: ["party"], to: "proposed" },
  accept: { from: ["proposed"], by: ["party"], to: "proposed" },
  decline: { from: ["proposed"], by: ["party"], to: "negotiating" },
  file: { from: ["agreed"], by: ["host"], to: "filed" },
  confirm: { from: ["filed"], by: ["establishment"], to: "confirmed" },
  reject: { from: ["filed"], by: ["establishment"], to: "negotiating" },
  escalate: { from: ["negotiating", "proposed"], by: ["host"], to: "escalated" },
  decide: { from: ["escalated"], by: ["establishment"], to: "decided" },
  withdraw: { from: ["negotiating", "proposed"], by: ["host"], to: "withdrawn" },
};

export const StateNames: Record<State, { zh: string; en: string }> = {
  negotiating: { zh: "协商中", en: "negotiating" },
  proposed: { zh: "已提出协商意见", en: "agreement proposed" },
  agreed: { zh: "已协商一致（待备案）", en: "agreed (to be filed)" },
  filed: { zh: "已报编办备案", en: "filed with the establishment office" },
  confirmed: { zh: "备案已确认", en: "filing confirmed" },
  escalated: { zh: "已提请编办协调", en: "escalated to the establishment office" },
  decided: { zh: "编办已裁定", en: "decided by the establishment office" },
  withdrawn: { zh: "已撤回", en: "withdrawn" },
};

export const StepNames: Record<Step, { zh: string; en: string }> = {
  open: { zh: "发起争议", en: "open" },
  post: { zh: "发表意见", en: "post" },
  propose: { zh: "提出协商意见", en: "propose an agreement" },
  accept: { zh: "同意协商意见", en: "accept the agreement" },
  decline: { zh: "不同意协商意见", en: "decline the agreement" },
  file: { zh: "报编办备案", en: "file the agreement" },
  confirm: { zh: "确认备案", en: "confirm the filing" },
  reject: { zh: "退回备案", en: "send the filing back" },
  escalate: { zh: "提请编办协调", en: "escalate" },
  decide: { zh: "作出裁定", en: "decide" },
  withdraw: { zh: "撤回争议", en: "withdraw" },
};

export const RoleNames: Record<Role, { zh: string; en: string }> = {
  party: { zh: "争议相关部门", en: "a department concerned" },
  host: { zh: "牵头发起部门", en: "the host department" },
  establishment: { zh: "机构编制委员会办公室", en: "the establishment office" },
  other: { zh: "其他人员", en: "anyone else" },
};

export type Check = { ok: true; to: State } | { ok: false; reason: "step_not_allowed" | "not_your_step"; by?: readonly Role[] };

/** May someone holding `roles` take `step` in `state`? Out-of-order steps are
 * refused first (whoever asks), then steps the roles may not take. */
export function check(state: State | null, step: Step, roles: Role | readonly Role[], opts: { lastAcceptance?: boolean } = {}): Check {
  const held: readonly Role[] = typeof roles === "string" ? [roles] : roles;
  if (step === "open") return state === null ? { ok: true, to: "negotiating" } : { ok: false, reason: "step_not_allowed" };
  if (state === null) return { ok: false, reason: "step_not_allowed" };
  const rule = Rules[step];
  if (!rule.from.includes(state)) return { ok: false, reason: "step_not_allowed" };
  if (!held.some((r) => rule.by.includes(r))) return { ok: false, reason: "not_your_step", by: rule.by };
  // The last party to accept (or a proposer who is the only party) makes it agreed.
  if ((step === "accept" || step === "propose") && opts.lastAcceptance) return { ok: true, to: "agreed" };
  return { ok: true, to: rule.to === "same" ? state : rule.to };
}

/** The state after `step`, or a refusal: `dispute.step_not_allowed` (409) naming
 * the state and the step, or `dispute.not_your_step` (403) naming who may. */
export function next(state: State | null, step: Step, roles: Role | readonly Role[], opts: { lastAcceptance?: boolean } = {}): State {
  const result = check(state, step, roles, opts);
  if (result.ok) return result.to;
  if (result.reason === "step_not_allowed") throw stepNotAllowed(state, step);
  const by = result.by ?? [];
  throw new VisibleError(
    "dispute.not_your_step",
    {
      step,
      stepZh: StepNames[step].zh,
      stepEn: StepNames[step].en,
      rolesZh: by.map((r) => RoleNames[r].zh).join("或"),
      rolesEn: by.map((r) => RoleNames[r].en).join(" or "),
    },
    403,
  );
}

export function stepNotAllowed(state: State | null, step: Step) {
  return new VisibleError(
    "dispute.step_not_allowed",
    {
      state: state ?? "none",
      step,
      stateZh: state ? StateNames[state].zh : "尚未发起",
      stateEn: state ? StateNames[state].en : "not opened",
      stepZh: StepNames[step].zh,
      stepEn: StepNames[step].en,
    },
    409,
  );
}

/** Every step that `roles` may take now (for the portal's buttons). */
export function allowed(state: State, roles: readonly Role[]): Step[] {
  return Steps.filter((s) => s !== "open" && check(state, s, roles).ok);
}
