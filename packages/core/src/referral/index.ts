export * as Referral from "./index";

import * as z from "zod";
import { Clock } from "../clock";
import { actorRef, useActor, useLocale, useTenant, type Actor } from "../context";
import { commit } from "../outbox/commit";
import { Tx, type TxItem } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { Department } from "../department";
import { Policy } from "../policy";
import { translate } from "../i18n/index";
import { fn } from "../util/fn";
import { mapPage, page, PageInput, type Page } from "../util/page";
import { createId, idSchema } from "../util/id";
import { clockOwners } from "./clock-owners";
import { departmentOfType, judicialOrgan } from "./organ";
import { ClockEntity, InboxEntity, JudicialRequestEntity, ReferralEntity, ReferralVisitEntity, type ReferralItem } from "./referral.entity";
import { isOverdue, openStep, Parties, States, transition, type Action, type Party, type Step, type StoredStep } from "./state";

export { judicialOrgan, type Organ } from "./organ";
/** Department scoping of records written before it (the migrate:department-scope job). */
export * as ScopeMigration from "./migrate";
export { Actions, Parties, States, StepOf, Transitions } from "./state";

/** 行刑衔接: an officer opens a transfer with its case team and evidence; the
 * agency head decides, the case goes to the police, the police decide, and
 * when they refuse the procuratorate may ask them to explain. Every step runs
 * on its statutory clock (Policy.referral), kept as one clock item per open
 * step in the tenant's due-time index. Judicial users see only what is
 * addressed to their organ's department. */

export const Id = idSchema("crf");

const Sha256 = z.string().regex(/^[a-f0-9]{64}$/, { message: "referral.evidence_hash" });

export const TeamMember = z.object({
  name: z.string().trim().min(2).max(50),
  /** 行政执法证号 */
  badgeNo: z.string().trim().min(2).max(30),
});

export const EvidenceItem = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(["document", "record", "photo", "video", "sample", "other"]).default("document"),
  /** SHA-256 of the evidence file's content, hex. */
  sha256: Sha256,
});

export const StepInfo = z.object({
  step: z.enum(["headDecision", "transfer", "policeDecision", "procuratorateReview", "explanation"]),
  by: z.enum(Parties),
  startedAt: z.string(),
  dueAt: z.string().optional(),
  /** The deadline falls past the official working-day calendar's last year (Policy.beyondCalendar). */
  dueBeyondCalendar: z.boolean().optional(),
  doneAt: z.string().optional(),
  doneBy: z.object({ id: z.string(), name: z.string() }).loose().optional(),
  action: z.string().optional(),
  note: z.string().optional(),
  overdue: z.boolean(),
});
export type StepInfo = z.infer<typeof StepInfo>;

export const Info = z
  .object({
    id: Id,
    title: z.string(),
    creditCode: z.string().optional(),
    entityName: z.string().optional(),
    suspectedOffence: z.string(),
    facts: z.string(),
    team: z.array(TeamMember),
    evidence: z.array(EvidenceItem),
    departmentId: z.string().optional(),
    state: z.enum(States),
    steps: z.array(StepInfo),
    /** The step now owed, if any, and whether it is overdue. */
    openStep: StepInfo.optional(),
    policeDepartmentId: z.string().optional(),
    procuratorateDepartmentId: z.string().optional(),
    createdBy: z.object({ id: z.string(), name: z.string() }).loose(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Referral" });
export type Info = z.infer<typeof Info>;

type Stored = ReferralItem;

function toInfo(r: Stored, now = Clock.now()): Info {
  const steps = r.steps.map((s) => StepInfo.parse({ ...s, overdue: isOverdue(s, now), ...(s.dueAt ? { dueBeyondCalendar: Policy.beyondCalendar(s.dueAt) } : {}) }));
  const open = steps.find((s) => !s.doneAt);
  return Info.parse({
    id: r.id,
    title: r.title,
    creditCode: r.creditCode ?? undefined,
    entityName: r.entityName ?? undefined,
    suspectedOffence: r.suspectedOffence,
    facts: r.facts,
    team: r.team,
    evidence: r.evidence,
    departmentId: r.departmentId ?? undefined,
    state: r.state,
    steps,
    openStep: open,
    policeDepartmentId: r.policeDepartmentId ?? undefined,
    procuratorateDepartmentId: r.procuratorateDepartmentId ?? undefined,
    createdBy: { id: r.createdBy.id, name: r.createdBy.name },
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  });
}

function clockItem(tenantId: string, r: { id: string; title: string; departmentId?: string | null }, s: StoredStep, departmentId?: string) {
  return {
    tenantId,
    dueAt: s.dueAt!,
    targetId: r.id,
    step: s.step,
    kind: "referral" as const,
    referralId: r.id,
    title: r.title,
    by: s.by,
    startedAt: s.startedAt,
    ...(departmentId ? { departmentId } : {}),
    ...clockOwners(r.departmentId, departmentId),
  };
}

// ---------------------------------------------------------------- open

export const OpenInput = z
  .object({
    title: z.string().trim().min(2).max(100),
    creditCode: CreditCode.optional(),
    entityName: z.string().trim().min(2).max(100).optional(),
    suspectedOffence: z.string().trim().min(2).max(200),
    facts: z.string().trim().min(2).max(5000),
    team: z.array(TeamMember).min(1).max(10),
    evidence: z.array(EvidenceItem).min(1).max(100),
    /** The joint visit whose result (移送) this transfer comes from, and the item; the visit shows it (Visit.fromID). */
    visitId: idSchema("vst").optional(),
    visitItemCode: z.string().trim().max(32).optional(),
  })
  .meta({
    id: "ReferralOpen",
    example: {
      title: "某食品公司涉嫌生产销售不符合安全标准的食品案",
      suspectedOffence: "生产、销售不符合安全标准的食品罪（刑法第一百四十三条）",
      facts: "抽检发现该公司生产的熟肉制品菌落总数严重超标，足以造成严重食物中毒事故。",
      team: [
        { name: "陈静", badgeNo: "FJ35010201" },
        { name: "林强", badgeNo: "FJ35010202" },
      ],
      evidence: [{ name: "检验报告 JY-2026-118", kind: "document", sha256: "9f2c1a6b0d4e8f3a7c5b2e1d0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a" }],
    },
  });

/** The case team reports to the head: the head's clock starts now. */
export const open = fn(OpenInput, async (input) => {
  const tenantId = useTenant();
  const actor = useActor();
  const minTeam = Policy.current().referral.teamSize.value;
  const badges = new Set(input.team.map((m) => m.badgeNo));
  if (badges.size < minTeam) {
    throw new VisibleError("referral.team_too_small", { min: minTeam }, 400, [
      { field: "team", rule: "too_small", message: translate("referral.team_too_small", useLocale(), { min: minTeam }) },
    ]);
  }
  const now = Clock.iso();
  const step = openStep("reported", now, Policy.current())!;
  const referral: Stored = {
    tenantId,
    id: createId("crf"),
    title: input.title,
    creditCode: input.creditCode,
    entityName: input.entityName,
    suspectedOffence: input.suspectedOffence,
    facts: input.facts,
    team: input.team,
    evidence: input.evidence,
    departmentId: actor.type === "user" ? actor.departmentId : undefined,
    ...(input.visitId ? { visitId: input.visitId, ...(input.visitItemCode ? { visitItemCode: input.visitItemCode } : {}) } : {}),
    state: "reported",
    steps: [strip(step)],
    createdBy: actorRef(actor),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await commit({
    action: "referral.open",
    target: { type: "referral", id: referral.id },
    state: referral,
    summary: { title: referral.title, offence: referral.suspectedOffence, team: input.team.length, evidence: input.evidence.length, dueAt: step.dueAt },
    items: () => [
      Tx.put(ReferralEntity.create(referral)),
      Tx.put(ClockEntity.create(clockItem(tenantId, referral, strip(step)))),
      // The link the visit shows (移送 → this transfer).
      ...(input.visitId ? [Tx.put(ReferralVisitEntity.put({ tenantId, visitId: input.visitId, referralId: referral.id, ...(input.visitItemCode ? { itemCode: input.visitItemCode } : {}) }))] : []),
    ],
  });
  return toInfo(referral);
});

function strip(s: { step: Step; by: Party; startedAt: string; dueAt?: string }): StoredStep {
  return { step: s.step, by: s.by, startedAt: s.startedAt, ...(s.dueAt ? { dueAt: s.dueAt } : {}) };
}

// ---------------------------------------------------------------- reading

async function load(id: string): Promise<Stored> {
  const res = await ReferralEntity.get({ tenantId: useTenant(), id }).go({ consistent: true });
  if (!res.data) throw new NotFoundError("referral.not_found");
  return res.data;
}

/** The parties the actor may act as on this referral. */
async function partiesOf(r: Stored, actor: Actor): Promise<Party[]> {
  if (actor.type !== "user" && actor.type !== "machine") return [];
  if (actor.role === "tenant-admin") return ["head", "officer"];
  // An officer acts only on their own department's case.
  if (actor.role === "officer") return Department.owns(r.departmentId) ? ["officer"] : [];
  if (actor.role === "judicial") {
    const o = await judicialOrgan(actor);
    if (o?.organ === "police" && o.departmentId === r.policeDepartmentId) return ["police"];
    if (o?.organ === "procuratorate" && o.departmentId === r.procuratorateDepartmentId) return ["procuratorate"];
  }
  return [];
}

/** A judicial user sees a referral only when it was addressed to their department. */
async function visible(r: Stored, actor: Actor): Promise<boolean> {
  if (actor.type === "user" && actor.role === "judicial") {
    const o = await judicialOrgan(actor);
    if (!o) return false;
    return o.departmentId === r.policeDepartmentId || o.departmentId === r.procuratorateDepartmentId;
  }
  // Facts and evidence reach the referring department and the overseers only.
  return Department.owns(r.departmentId, Department.scopeOf(actor));
}

export const fromID = fn(Id, async (id) => {
  const r = await load(id);
  if (!(await visible(r, useActor()))) throw new NotFoundError("referral.not_found");
  return toInfo(r);
});

export const ListInput = PageInput;

/** The transfers opened from a visit (its 移送 results): a visit has a few. */
export async function ofVisit(visitId: string): Promise<{ id: string; itemCode?: string }[]> {
  const res = await ReferralVisitEntity.query.byVisit({ tenantId: useTenant(), visitId }).go({ limit: 100 });
  return res.data.map((r) => ({ id: r.referralId, ...(r.itemCode ? { itemCode: r.itemCode } : {}) }));
}

/** One page of the referrals the actor sees, newest first: a judicial user's
 * organ inbox, an officer's own department's, everything for the overseers. */
export async function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  const tenantId = useTenant();
  const actor = useActor();
  const now = Clock.now();
  if (actor.type === "user" && actor.role === "judicial") {
    const o = await judicialOrgan(actor);
    if (!o) return { items: [], cursor: null };
    const inbox = await page(InboxEntity.query.byDepartment({ tenantId, departmentId: o.departmentId }), input);
    const got = inbox.items.length ? await ReferralEntity.get(inbox.items.map((i) => ({ tenantId, id: i.referralId }))).go() : { data: [] };
    const byId = new Map(got.data.map((r) => [r.id, r]));
    const rows = inbox.items.map((i) => byId.get(i.referralId)).filter((x): x is Stored => !!x);
    return { items: rows.map((r) => toInfo(r, now)), cursor: inbox.cursor };
  }
  const scope = Department.scopeOf(actor);
  if (scope.all) return mapPage(await page(ReferralEntity.query.byTenant({ tenantId }), input), (r) => toInfo(r, now));
  if (!scope.departmentId) return { items: [], cursor: null };
  return mapPage(await page(ReferralEntity.query.byDepartment({ tenantId, departmentId: scope.departmentId }), input), (r) => toInfo(r, now));
}

// ---------------------------------------------------------------- steps

interface Act {
  id: string;
  version: number;
  action: Action;
  note: string;
  /** After the referral is found and the step allowed: fields the step sets
   * besides state and steps, and a judicial department it newly addresses. */
  prepare?: () => Promise<{ set: Partial<Pick<Stored, "policeDepartmentId" | "procuratorateDepartmentId">>; address?: string }>;
}

async function act(a: Act): Promise<Info> {
  const tenantId = useTenant();
  const actor = useActor();
  const r = await load(a.id);
  if (!(await visible(r, actor))) throw new NotFoundError("referral.not_found");
  const t = transition(r.state, a.action, await partiesOf(r, actor));
  if (!t.ok) {
    if (t.reason === "not_allowed") throw new VisibleError("referral.not_allowed", { action: a.action }, 403);
    throw new VisibleError("referral.invalid_transition", { state: r.state, action: a.action }, 409);
  }
  if (r.version !== a.version) throw new ConflictError();
  const prepared = a.prepare ? await a.prepare() : { set: {}, address: undefined };
  const now = Clock.iso();
  const previous = r.steps.find((s) => !s.doneAt);
  const steps: StoredStep[] = r.steps.map((s) => (s === previous ? { ...s, doneAt: now, doneBy: actorRef(actor), action: a.action, note: a.note } : s));
  const next = openStep(t.to, now, Policy.current());
  if (next) steps.push(strip(next));
  const updated: Stored = { ...r, ...prepared.set, state: t.to, steps, updatedAt: now, version: r.version + 1 };
  const owedBy = (s: StoredStep) => (s.by === "police" ? updated.policeDepartmentId : s.by === "procuratorate" ? updated.procuratorateDepartmentId : undefined);
  const items = (): TxItem[] => [
    // The whole record, not an update expression: its event's state hash is the stored record's, re-checked by verify.
    // (A referral of no department cannot be put whole, lacking its list key: it keeps the update.)
    updated.departmentId
      ? Tx.put(ReferralEntity.put(updated).where((attr, op) => op.eq(attr.version, a.version)))
      : Tx.update(
          ReferralEntity.patch({ tenantId, id: r.id })
            .set({ ...prepared.set, state: t.to, steps, updatedAt: now, version: updated.version })
            .where((attr, op) => op.eq(attr.version, a.version)),
        ),
    ...(previous?.dueAt ? [Tx.delete(ClockEntity.delete({ tenantId, dueAt: previous.dueAt, targetId: r.id, step: previous.step }))] : []),
    ...(next?.dueAt ? [Tx.put(ClockEntity.create(clockItem(tenantId, r, strip(next), owedBy(strip(next)))))] : []),
    ...(prepared.address ? [Tx.put(InboxEntity.put({ tenantId, departmentId: prepared.address, referralId: r.id, addressedAt: now }))] : []),
  ];
  await commit({
    action: `referral.${a.action}`,
    target: { type: "referral", id: r.id },
    state: updated,
    summary: { from: r.state, to: t.to, note: a.note, late: previous ? isOverdue({ dueAt: previous.dueAt, doneAt: now }, new Date(now)) : false, nextDueAt: next?.dueAt },
    items,
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(updated);
}

const Version = z.number().int().positive();
const Note = z.string().trim().min(2).max(2000);

export const DecideInput = z
  .object({ id: Id, version: Version, approve: z.boolean(), reason: Note })
  .meta({ id: "ReferralDecide" });

/** 机关负责人: approve the transfer or decide not to transfer, with reasons. */
export const decide = fn(DecideInput, (input) =>
  act({ id: input.id, version: input.version, action: input.approve ? "approve" : "reject", note: input.reason }),
);

export const TransferInput = z
  .object({
    id: Id,
    version: Version,
    /** The police department receiving it; the tenant's standard public-security bureau when omitted. */
    policeDepartmentId: Department.Id.optional(),
    note: Note,
  })
  .meta({ id: "ReferralTransfer" });

/** Send the approved case to the police: their clock starts on receipt. */
export const transfer = fn(TransferInput, (input) =>
  act({
    id: input.id,
    version: input.version,
    action: "transfer",
    note: input.note,
    async prepare() {
      const depId = input.policeDepartmentId ?? Department.standardId(useTenant(), "public-security");
      const dep = await departmentOfType(depId, "public-security");
      if (!dep) throw new VisibleError("referral.not_police", { departmentId: depId }, 400);
      return { set: { policeDepartmentId: dep.id }, address: dep.id };
    },
  }),
);

export const PoliceDecisionInput = z
  .object({ id: Id, version: Version, openCase: z.boolean(), reason: Note })
  .meta({ id: "ReferralPoliceDecision" });

/** 公安机关: open a criminal case, or refuse with reasons. */
export const policeDecision = fn(PoliceDecisionInput, (input) =>
  act({ id: input.id, version: input.version, action: input.openCase ? "open-case" : "refuse", note: input.reason }),
);

export const SupervisionInput = z
  .object({ id: Id, version: Version, procuratorateDepartmentId: Department.Id, note: Note })
  .meta({ id: "ReferralSupervision" });

/** After a refusal the agency asks the procuratorate to supervise (提请立案监督). */
export const requestSupervision = fn(SupervisionInput, (input) =>
  act({
    id: input.id,
    version: input.version,
    action: "request-supervision",
    note: input.note,
    async prepare() {
      const dep = await departmentOfType(input.procuratorateDepartmentId, "procuratorate");
      if (!dep) throw new VisibleError("referral.not_procuratorate", { departmentId: input.procuratorateDepartmentId }, 400);
      return { set: { procuratorateDepartmentId: dep.id }, address: dep.id };
    },
  }),
);

export const ExplanationRequestInput = z
  .object({ id: Id, version: Version, note: Note })
  .meta({ id: "ReferralExplanationRequest" });

/** 人民检察院: ask the police to explain why they did not open a case (7 days). */
export const requestExplanation = fn(ExplanationRequestInput, (input) =>
  act({ id: input.id, version: input.version, action: "request-explanation", note: input.note }),
);

export const ExplainInput = z.object({ id: Id, version: Version, explanation: Note }).meta({ id: "ReferralExplain" });

/** 公安机关: the explanation the procuratorate asked for. */
export const explain = fn(ExplainInput, (input) => act({ id: input.id, version: input.version, action: "explain", note: input.explanation }));

// ---------------------------------------------------------------- overdue

export const OverdueItem = z.object({
  kind: z.enum(["referral", "judicial-request"]),
  /** The referral; for a judicial request, the referral it concerns or else the request itself. */
  referralId: z.string(),
  requestId: z.string().optional(),
  step: z.string(),
  by: z.string(),
  title: z.string(),
  departmentId: z.string().optional(),
  startedAt: z.string(),
  dueAt: z.string(),
  overdueMs: z.number(),
});
export type OverdueItem = z.infer<typeof OverdueItem>;

/** At most this many overdue steps are read for one list (the dashboard's). */
export const MAX_OVERDUE = 1000;

/** The clock items past due that the actor sees: the whole tenant's for the
 * overseers and the platform (the roll-up job), a department's for its
 * officers (the clocks of its referrals and of the judicial requests addressed
 * to it), and for a judicial liaison the steps its organ owes. */
async function overdueClocks(before: string, all: boolean) {
  const tenantId = useTenant();
  const actor = useActor();
  const read = { pages: "all" as const, count: MAX_OVERDUE };
  if (!all && actor.type === "user" && actor.role === "judicial") {
    const o = await judicialOrgan(actor);
    if (!o) return [];
    return (await ClockEntity.query.byOwing({ tenantId, owingDepartmentId: o.departmentId }).lt({ dueAt: before }).go(read)).data;
  }
  const scope = Department.scopeOf(actor);
  if (all || scope.all) return (await ClockEntity.query.byDue({ tenantId }).lt({ dueAt: before }).go(read)).data;
  if (!scope.departmentId) return [];
  return (await ClockEntity.query.byOwner({ tenantId, ownerDepartmentId: scope.departmentId }).lt({ dueAt: before }).go(read)).data;
}

/** Open steps (of referrals and of judicial requests) past their due time,
 * most overdue first, as the actor may see them (department-scoped; `all`
 * for the whole tenant whoever asks). One query on a due-time index that
 * reads only what is overdue. */
export async function overdueSteps(options: { all?: boolean } = {}): Promise<{ count: number; items: OverdueItem[] }> {
  const now = Clock.now();
  const clocks = await overdueClocks(now.toISOString(), !!options.all);
  const items = clocks
    .filter((c) => Date.parse(c.dueAt) < now.getTime())
    .map((c) =>
      OverdueItem.parse({
        kind: c.kind,
        referralId: c.referralId ?? c.targetId,
        requestId: c.kind === "judicial-request" ? c.targetId : undefined,
        step: c.step,
        by: c.by,
        title: c.title,
        departmentId: c.departmentId ?? undefined,
        startedAt: c.startedAt,
        dueAt: c.dueAt,
        overdueMs: now.getTime() - Date.parse(c.dueAt),
      }),
    );
  return { count: items.length, items };
}

export { ClockEntity, InboxEntity, JudicialRequestEntity };
