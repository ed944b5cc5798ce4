export * as Dishonesty from "./index";

import * as z from "zod";
import { Business } from "../business/index";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { Credit } from "../credit/index";
import { Tx, type TxItem } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { commit } from "../outbox/commit";
import { deliveryOf, StalledInfo } from "../outbox/stalled";
import { current as policy } from "../policy/index";
import { deadline } from "../policy/deadline";
import { Tenant } from "../tenant/index";
import { fieldError } from "../util/field-error";
import { fn } from "../util/fn";
import { createId, idSchema } from "../util/id";
import { mapPage, page, PageInput, pageOf, type Page } from "../util/page";
import type { CreditPlatformPayload } from "./contract";
import { DeliveryEntity, ListingDueEntity, ListingEntity, type ListingItem } from "./dishonesty.entity";
import { PlatformNotified } from "./platform";
import * as Rules from "./rules";

export { Rules };
export { Categories, CategoryCodes, Measures, MeasureCodes, States, Steps, type CategoryCode, type MeasureCode, type State, type Step } from "./rules";
export { CreditPlatformMessage, CreditPlatformPayload, CreditPlatformListing, CreditPlatformHeaders } from "./contract";
export { PlatformNotified, deliver, sign, resetPlatformConfig, secretFrom } from "./platform";

/** 严重失信主体名单 (失信联合惩戒) and 信用修复. A listing is proposed only in a
 * statutory category (rules.ts), on the business's existing credit records
 * (a heavier penalty); the business is told and may state its case for the
 * notice window (PolicyDefaults.dishonesty.noticeWindow); only then is it
 * listed, with its joint measures, for the category's publication window,
 * after which it is removed (the expiry job, and at read time). A listed
 * business may apply for repair with evidence once the category allows it;
 * the office decides. Each step is a transition of rules.ts, committed with
 * its audit event; listing and removal regrade the business (Credit.note),
 * and every change of a published listing is sent to the province's credit
 * platform on its own queue (platform.ts), in the same commit (outbox). */

export const Id = idSchema("dsl").meta({ example: "dsl_01KBDW1T2B3C4D5E6F7G8H9J0K" });

const Text = z.object({ zh: z.string(), en: z.string() });
const ByRef = z.object({ id: z.string(), name: z.string() });
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, { message: "dishonesty.sha256" });

export const Info = z
  .object({
    id: Id,
    tenantId: z.string(),
    creditCode: z.string(),
    entityName: z.string(),
    category: z.object({ code: z.enum(Rules.CategoryCodes), name: Text, legalBasis: z.string() }),
    facts: z.string(),
    basis: z.array(z.object({ id: z.string(), kind: z.string(), outcome: z.string(), at: z.string(), ref: z.string().optional() })),
    measures: z.array(z.object({ code: z.enum(Rules.MeasureCodes), name: Text, basis: z.string() })),
    /** As stored. */
    state: z.enum(Rules.States),
    /** As of now: a published listing past its window reads as expired before the job removes it. */
    effectiveState: z.enum(Rules.States),
    notice: z.object({ at: z.string(), dueAt: z.string(), text: z.string() }).optional(),
    statement: z.object({ at: z.string(), text: z.string() }).optional(),
    reply: z.string().optional(),
    listedAt: z.string().optional(),
    expiresAt: z.string().optional(),
    repair: z
      .object({
        appliedAt: z.string(),
        dueAt: z.string(),
        reason: z.string(),
        evidence: z.array(z.object({ name: z.string(), sha256: z.string() })),
        decidedAt: z.string().optional(),
        approved: z.boolean().optional(),
        decision: z.string().optional(),
      })
      .optional(),
    /** When repair may be asked (listed only). */
    repairOpensAt: z.string().optional(),
    removedAt: z.string().optional(),
    removalReason: z.enum(["expired", "repaired", "withdrawn"]).optional(),
    steps: z.array(z.object({ step: z.enum(Rules.Steps), at: z.string(), by: ByRef, note: z.string().optional() })),
    /** The steps that may be taken now. */
    next: z.array(z.enum(Rules.Steps)),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "DishonestListing" });
export type Info = z.infer<typeof Info>;

export const Detail = Info.extend({
  /** What the credit platform acknowledged. */
  deliveries: z.array(z.object({ messageId: z.string(), event: z.string(), sequence: z.number(), status: z.number(), deliveredAt: z.string() })),
  /** Messages about this listing the platform gave up sending (shown until retried). */
  stalled: z.array(StalledInfo),
}).meta({ id: "DishonestListingDetail" });
export type Detail = z.infer<typeof Detail>;

export const ListPage = pageOf(Info).meta({ id: "DishonestListingPage" });

function measureInfo(codes: readonly string[]) {
  return codes.filter(Rules.isMeasure).map((m) => ({ code: m, name: { zh: Rules.Measures[m].zh, en: Rules.Measures[m].en }, basis: Rules.Measures[m].basis }));
}

function toInfo(r: ListingItem, now = Clock.now()): Info {
  const cat = Rules.Categories[r.category];
  const effective = Rules.effectiveState(r.state, r.expiresAt, now);
  return {
    id: r.id,
    tenantId: r.tenantId,
    creditCode: r.creditCode,
    entityName: r.entityName,
    category: { code: r.category, name: { zh: cat.zh, en: cat.en }, legalBasis: cat.legalBasis },
    facts: r.facts,
    basis: r.basis.map((b) => ({ id: b.id, kind: b.kind, outcome: b.outcome, at: b.at, ...(b.ref ? { ref: b.ref } : {}) })),
    measures: measureInfo(r.measures),
    state: r.state,
    effectiveState: effective,
    ...(r.notice ? { notice: r.notice } : {}),
    ...(r.statement ? { statement: r.statement } : {}),
    ...(r.reply ? { reply: r.reply } : {}),
    ...(r.listedAt ? { listedAt: r.listedAt, repairOpensAt: Rules.repairOpensAt(r.listedAt, r.category) } : {}),
    ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
    ...(r.repair ? { repair: r.repair } : {}),
    ...(r.removedAt ? { removedAt: r.removedAt } : {}),
    ...(r.removalReason ? { removalReason: r.removalReason } : {}),
    steps: r.steps.map((s) => ({ step: s.step, at: s.at, by: s.by, ...(s.note ? { note: s.note } : {}) })),
    next: effective === "expired" && r.state !== "expired" ? ["expire"] : Rules.allowed(r.state),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

// ---------------------------------------------------------------- reads

export const ListInput = PageInput.extend({
  state: z.enum(Rules.States).optional().meta({ description: "页内筛选：按当前状态 / page-local filter by current state" }),
});

/** The tenant's listings, newest first, one page (state filters the page read). */
export async function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  const { state, ...paging } = ListInput.parse(input);
  const now = Clock.now();
  const p = mapPage(await page(ListingEntity.query.byTenant({ tenantId: useTenant() }), paging), (r) => toInfo(r, now));
  return state ? { items: p.items.filter((i) => i.effectiveState === state), cursor: p.cursor } : p;
}

async function load(id: string): Promise<ListingItem> {
  const parsed = Id.safeParse(id);
  if (!parsed.success) throw new NotFoundError("dishonesty.not_found");
  const row = (await ListingEntity.get({ tenantId: useTenant(), id: parsed.data }).go({ consistent: true })).data;
  if (!row) throw new NotFoundError("dishonesty.not_found");
  return row;
}

export async function fromID(id: string): Promise<Detail> {
  const row = await load(id);
  const [deliveries, stalled] = await Promise.all([
    DeliveryEntity.query.byListing({ tenantId: row.tenantId, listingId: row.id }).go({ limit: 50 }),
    deliveryOf({ type: "dishonestListing", id: row.id }),
  ]);
  return {
    ...toInfo(row),
    deliveries: deliveries.data
      .map((d) => ({ messageId: d.messageId, event: d.event, sequence: d.sequence, status: d.status, deliveredAt: d.deliveredAt }))
      .sort((a, b) => a.sequence - b.sequence),
    stalled,
  };
}

// ---------------------------------------------------------------- steps

const Version = z.number().int().min(1);
const Note = (max: number) => z.string().trim().min(1).max(max);

function byNow() {
  const a = actorRef(useActor());
  return { id: a.id, name: a.name };
}

function stepOf(step: Rules.Step, note?: string) {
  return { step, at: Clock.iso(), by: byNow(), ...(note ? { note } : {}) };
}

/** Check the transition, or a 409 naming the state and the step. */
function transition(row: ListingItem, step: Rules.Step, approve?: boolean): Rules.State {
  try {
    return Rules.next(row.state, step, approve);
  } catch (err) {
    if (err instanceof Rules.StepNotAllowed) throw new VisibleError("dishonesty.step_not_allowed", { state: row.state, step }, 409);
    throw err;
  }
}

function expectVersion(row: ListingItem, version: number) {
  if (row.version !== version) throw new ConflictError();
}

/** The message the credit platform gets about this listing (after the change). */
function platformMessage(row: ListingItem, event: Rules.PlatformEvent, at: string) {
  const cat = Rules.Categories[row.category];
  const payload: CreditPlatformPayload = {
    version: "1",
    event,
    occurredAt: at,
    sequence: row.sequence,
    listing: {
      id: row.id,
      creditCode: row.creditCode,
      entityName: row.entityName,
      category: { code: row.category, name: { zh: cat.zh, en: cat.en }, legalBasis: cat.legalBasis },
      facts: row.facts,
      basis: row.basis.map((b) => ({ kind: b.kind, at: b.at, ...(b.ref ? { ref: b.ref } : {}) })),
      measures: measureInfo(row.measures),
      listedAt: row.listedAt!,
      expiresAt: row.expiresAt!,
      ...(row.removedAt ? { removedAt: row.removedAt } : {}),
      ...(row.removalReason === "expired" || row.removalReason === "repaired" ? { removalReason: row.removalReason } : {}),
      decidedBy: { tenantId: row.tenantId, tenantName: Tenant.nameOf(row.tenantId) },
    },
  };
  return PlatformNotified.create(row.tenantId, payload);
}

/** Write the row's next version (only from the version read) and its audit event, with the platform's message if any. */
async function save(
  before: ListingItem,
  after: ListingItem,
  action: string,
  summary: Record<string, string | number | boolean | undefined>,
  options: { event?: Rules.PlatformEvent; extra?: () => TxItem[] } = {},
): Promise<ListingItem> {
  const next: ListingItem = { ...after, version: before.version + 1, updatedAt: Clock.iso(), sequence: before.sequence + (options.event ? 1 : 0) };
  const { tenantId, id, ...fields } = next;
  await commit({
    action,
    target: { type: "dishonestListing", id },
    state: next,
    summary: { creditCode: next.creditCode, name: next.entityName, ...summary },
    items: () => [
      Tx.update(
        ListingEntity.patch({ tenantId, id })
          .set(fields)
          .where((a, op) => op.eq(a.version, before.version)),
      ),
      ...(options.extra?.() ?? []),
    ],
    messages: options.event ? [platformMessage(next, options.event, next.updatedAt)] : [],
    onConditionFailed: () => new ConflictError(),
  });
  return next;
}

export const ProposeInput = z
  .object({
    creditCode: CreditCode,
    /** A statutory category (rules.ts `Categories`); any other is refused naming this field. */
    category: z.string().trim().min(1).max(60),
    facts: Note(2000),
    /** IDs of the business's credit records the listing rests on (its penalties). */
    basis: z.array(z.string().trim().min(1).max(100)).min(1).max(10),
    /** Joint measures; the category's own list when absent. */
    measures: z.array(z.string().max(60)).min(1).max(10).optional(),
  })
  .meta({
    id: "DishonestProposeInput",
    example: { creditCode: "91350102MA2Y7K8L9Q", category: "samr-food-safety", facts: "生产经营添加非食用物质的食品，情节严重", basis: ["pen_01KBDW1T2B3C4D5E6F7G8H9J0K"] },
  });

function measuresOf(category: Rules.CategoryCode, codes: readonly string[] | undefined): Rules.MeasureCode[] {
  const allowed = Rules.Categories[category].measures as readonly string[];
  if (!codes) return [...allowed] as Rules.MeasureCode[];
  const unknown = codes.find((c) => !allowed.includes(c));
  if (unknown) throw fieldError("dishonesty.measure_not_allowed", "measures", { measure: unknown, category, allowed: allowed.join(", ") });
  return [...new Set(codes)] as Rules.MeasureCode[];
}

/** Propose a listing: a statutory category, on the business's own credit records. */
export const propose = fn(ProposeInput, async (input): Promise<Info> => {
  if (!Rules.isCategory(input.category)) {
    throw fieldError("dishonesty.category_not_statutory", "category", { category: input.category, allowed: Rules.CategoryCodes.join(", ") });
  }
  const category = input.category;
  const business = await Business.fromCode(input.creditCode).catch((err) => {
    if (err instanceof NotFoundError) throw fieldError("dishonesty.business_unknown", "creditCode", { creditCode: input.creditCode }, 404);
    throw err;
  });
  const records = await Credit.records(input.creditCode);
  const basis = input.basis.map((id, i) => {
    const r = records.find((x) => x.id === id);
    if (!r) throw fieldError("dishonesty.basis_unknown", `basis.${i}`, { id });
    return { id, kind: r.kind, outcome: r.outcome, at: r.at, ...(r.ref ? { ref: r.ref } : {}) };
  });
  if (!basis.some((b) => Rules.qualifies(category, b))) {
    throw fieldError("dishonesty.basis_not_qualifying", "basis", { category });
  }
  const measures = measuresOf(category, input.measures);
  const now = Clock.iso();
  const row: ListingItem = {
    tenantId: useTenant(),
    id: createId("dsl"),
    creditCode: input.creditCode,
    entityName: business.name,
    category,
    facts: input.facts,
    basis,
    measures,
    state: "proposed",
    steps: [stepOf("propose")],
    sequence: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await commit({
    action: "dishonesty.propose",
    target: { type: "dishonestListing", id: row.id },
    state: row,
    summary: { creditCode: row.creditCode, name: row.entityName, category },
    items: () => [Tx.put(ListingEntity.create(row))],
  });
  return toInfo(row);
});

export const NotifyInput = z
  .object({ version: Version, text: Note(4000) })
  .meta({ id: "DishonestNotifyInput", example: { version: 1, text: "拟将贵单位列入严重违法失信名单，事由、依据见附件；贵单位有权在期限内陈述、申辩。" } });

/** The notice to the business (事由、依据、陈述申辩权利): the statement window starts. */
export async function notify(id: string, input: z.input<typeof NotifyInput>): Promise<Info> {
  const { version, text } = NotifyInput.parse(input);
  const row = await load(id);
  expectVersion(row, version);
  const state = transition(row, "notify");
  const at = Clock.iso();
  const due = Rules.statementDue(at, policy().dishonesty.noticeWindow.duration);
  const next = await save(row, { ...row, state, notice: { at, dueAt: due.dueAt, text }, steps: [...row.steps, stepOf("notify", text)] }, "dishonesty.notify", { dueAt: due.dueAt });
  return toInfo(next);
}

export const StatementInput = z
  .object({ version: Version, text: Note(4000) })
  .meta({ id: "DishonestStatementInput", example: { version: 2, text: "当事人陈述：已全部召回涉事产品并主动消除影响。" } });

/** Record the business's statement (陈述、申辩), within the window. */
export async function statement(id: string, input: z.input<typeof StatementInput>): Promise<Info> {
  const { version, text } = StatementInput.parse(input);
  const row = await load(id);
  expectVersion(row, version);
  transition(row, "statement");
  // The window is the business's: a statement after it ends is too late.
  if (row.notice && Rules.mayList(row.notice.dueAt, Clock.now())) {
    throw new VisibleError("dishonesty.statement_window_closed", { dueAt: row.notice.dueAt }, 409);
  }
  const at = Clock.iso();
  const next = await save(row, { ...row, statement: { at, text }, steps: [...row.steps, stepOf("statement", text)] }, "dishonesty.statement", {});
  return toInfo(next);
}

export const EnterInput = z
  .object({
    version: Version,
    /** The answer to the business's statement; required when it stated its case. */
    reply: z.string().trim().max(4000).optional(),
  })
  .meta({ id: "DishonestEnterInput", example: { version: 2, reply: "陈述理由不能成立：涉事产品已流入市场。" } });

/** List the business (列入): only after the notice window has ended. */
export async function enter(id: string, input: z.input<typeof EnterInput>): Promise<Info> {
  const { version, reply } = EnterInput.parse(input);
  const row = await load(id);
  expectVersion(row, version);
  const state = transition(row, "list");
  const now = Clock.now();
  if (!row.notice || !Rules.mayList(row.notice.dueAt, now)) {
    throw new VisibleError("dishonesty.notice_window_open", { dueAt: row.notice?.dueAt ?? "" }, 409);
  }
  if (row.statement && !reply) throw fieldError("dishonesty.reply_required", "reply");
  const listedAt = now.toISOString();
  const expiresAt = Rules.expiresAt(listedAt, row.category);
  const next = await save(
    row,
    { ...row, state, listedAt, expiresAt, ...(reply ? { reply } : {}), steps: [...row.steps, stepOf("list", reply)] },
    "dishonesty.list",
    { category: row.category, expiresAt },
    { event: "listed", extra: () => [Tx.put(ListingDueEntity.create({ tenantId: row.tenantId, expiresAt, id: row.id }))] },
  );
  await regrade(next, "listed", listedAt);
  return toInfo(next);
}

export const MeasuresInput = z
  .object({ version: Version, measures: z.array(z.string().max(60)).min(1).max(10), reason: Note(1000) })
  .meta({ id: "DishonestMeasuresInput", example: { version: 3, measures: ["public-disclosure", "intensified-inspection"], reason: "依复议决定调整惩戒措施" } });

/** Change the joint measures of a published listing. */
export async function changeMeasures(id: string, input: z.input<typeof MeasuresInput>): Promise<Info> {
  const parsed = MeasuresInput.parse(input);
  const row = await load(id);
  expectVersion(row, parsed.version);
  transition(row, "change-measures");
  if (Rules.effectiveState(row.state, row.expiresAt, Clock.now()) === "expired") throw new VisibleError("dishonesty.step_not_allowed", { state: "expired", step: "change-measures" }, 409);
  const measures = measuresOf(row.category, parsed.measures);
  const next = await save(
    row,
    { ...row, measures, steps: [...row.steps, stepOf("change-measures", parsed.reason)] },
    "dishonesty.change_measures",
    { measures: measures.join(", ") },
    { event: "measures_changed" },
  );
  return toInfo(next);
}

export const RepairApplyInput = z
  .object({
    version: Version,
    reason: Note(4000),
    /** Evidence files, by name and hash (uploaded to the evidence store). */
    evidence: z.array(z.object({ name: z.string().trim().min(1).max(200), sha256: Sha256 })).min(1).max(20),
  })
  .meta({
    id: "DishonestRepairApplyInput",
    example: { version: 3, reason: "已履行行政处罚决定，主动消除危害后果，列入满一年未再受较重行政处罚。", evidence: [{ name: "罚款缴纳凭证.pdf", sha256: "a".repeat(64) }] },
  });

/** The business applies for credit repair (信用修复 / 提前移出), with evidence. */
export async function applyRepair(id: string, input: z.input<typeof RepairApplyInput>): Promise<Info> {
  const { version, reason, evidence } = RepairApplyInput.parse(input);
  const row = await load(id);
  expectVersion(row, version);
  const now = Clock.now();
  if (Rules.effectiveState(row.state, row.expiresAt, now) === "expired") throw new VisibleError("dishonesty.step_not_allowed", { state: "expired", step: "apply-repair" }, 409);
  const state = transition(row, "apply-repair");
  const opens = Rules.repairOpensAt(row.listedAt!, row.category);
  if (now.getTime() < Date.parse(opens)) throw new VisibleError("dishonesty.repair_too_early", { opensAt: opens }, 409);
  const appliedAt = now.toISOString();
  const due = deadline(appliedAt, policy().dishonesty.repairDecision.duration);
  const next = await save(
    row,
    { ...row, state, repair: { appliedAt, dueAt: due.dueAt, reason, evidence }, steps: [...row.steps, stepOf("apply-repair", reason)] },
    "dishonesty.apply_repair",
    { files: evidence.length, dueAt: due.dueAt },
  );
  return toInfo(next);
}

export const RepairDecideInput = z
  .object({ version: Version, approve: z.boolean(), reason: Note(4000) })
  .meta({ id: "DishonestRepairDecideInput", example: { version: 4, approve: true, reason: "经核查，符合提前移出条件，准予信用修复。" } });

/** Decide a repair application: approved → removed early (repaired); refused → listed again. */
export async function decideRepair(id: string, input: z.input<typeof RepairDecideInput>): Promise<Info> {
  const { version, approve, reason } = RepairDecideInput.parse(input);
  const row = await load(id);
  expectVersion(row, version);
  const state = transition(row, "decide-repair", approve);
  const at = Clock.iso();
  const decided = { ...row.repair!, decidedAt: at, approved: approve, decision: reason };
  const after: ListingItem = approve
    ? { ...row, state, repair: decided, removedAt: at, removalReason: "repaired", steps: [...row.steps, stepOf("decide-repair", reason)] }
    : { ...row, state, repair: decided, steps: [...row.steps, stepOf("decide-repair", reason)] };
  const next = await save(row, after, "dishonesty.decide_repair", { approved: approve }, approve ? { event: "repaired", extra: () => [Tx.delete(ListingDueEntity.delete({ tenantId: row.tenantId, expiresAt: row.expiresAt!, id: row.id }))] } : {});
  if (approve) await regrade(next, "repaired", at);
  return toInfo(next);
}

export const WithdrawInput = z
  .object({ version: Version, reason: Note(2000) })
  .meta({ id: "DishonestWithdrawInput", example: { version: 2, reason: "当事人陈述理由成立，不予列入" } });

/** Withdraw a proposal before listing (e.g. the statement was accepted). Nothing was published: no message. */
export async function withdraw(id: string, input: z.input<typeof WithdrawInput>): Promise<Info> {
  const { version, reason } = WithdrawInput.parse(input);
  const row = await load(id);
  expectVersion(row, version);
  const state = transition(row, "withdraw");
  const at = Clock.iso();
  const next = await save(row, { ...row, state, removedAt: at, removalReason: "withdrawn", steps: [...row.steps, stepOf("withdraw", reason)] }, "dishonesty.withdraw", {});
  return toInfo(next);
}

/** Remove one listing whose window has ended (the expiry job; also callable from a page). */
async function expire(row: ListingItem): Promise<ListingItem | undefined> {
  const now = Clock.now();
  if (Rules.effectiveState(row.state, row.expiresAt, now) !== "expired" || row.state === "expired") return undefined;
  const state = transition(row, "expire");
  const at = row.expiresAt!;
  const next = await save(
    row,
    { ...row, state, removedAt: at, removalReason: "expired", steps: [...row.steps, stepOf("expire")] },
    "dishonesty.expire",
    { expiresAt: at },
    { event: "removed", extra: () => [Tx.delete(ListingDueEntity.delete({ tenantId: row.tenantId, expiresAt: at, id: row.id }))] },
  );
  await regrade(next, "expired", at);
  return next;
}

/** The expiry job, for the current tenant: every published listing whose window ended by now (a bounded read of the due partition). */
export async function expireDue(limit = 100): Promise<{ expired: number }> {
  const tenantId = useTenant();
  const now = Clock.iso();
  const due = await ListingDueEntity.query.byDue({ tenantId }).lte({ expiresAt: now }).go({ limit });
  let expired = 0;
  for (const d of due.data) {
    const row = (await ListingEntity.get({ tenantId, id: d.id }).go({ consistent: true })).data;
    if (!row) continue;
    try {
      if (await expire(row)) expired++;
    } catch (err) {
      // A concurrent step (a repair decided meanwhile) wins; the next run looks again.
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return { expired };
}

/** The grade follows the list: a listing makes the business D (scoring's rule); removal lifts it. */
async function regrade(row: ListingItem, outcome: "listed" | "expired" | "repaired", at: string) {
  await Credit.note({
    creditCode: row.creditCode,
    kind: "dishonest",
    outcome,
    at,
    ref: row.id,
    sourceId: `${row.id}#${outcome === "listed" ? "listed" : "removed"}`,
  }).catch(() => undefined);
}
