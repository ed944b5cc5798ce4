export * as Disclosure from "./index";

import * as z from "zod";
import { Business } from "../business";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { Department } from "../department/index";
import { Tx, type TxItem } from "../dynamo/tx";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import * as Blob from "../evidence/blob";
import { commit } from "../outbox/commit";
import { Policy } from "../policy";
import { Tenant } from "../tenant/index";
import { IsoDate } from "../util/date";
import { fieldError } from "../util/field-error";
import { fn } from "../util/fn";
import { hashState, merkleRoot, sha256 } from "../util/hash";
import { createId, IdPrefix, idSchema } from "../util/id";
import { page, PageInput, type Page } from "../util/page";
import {
  CounterEntity,
  DisclosureDueEntity,
  DisclosureEntity,
  DisclosureLiveEntity,
  DisclosureSearchEntity,
  ObjectionEntity,
  type DisclosureItem,
  type DueItem,
  type ObjectionItem,
  type SearchItem,
} from "./disclosure.entity";
import { maskIdNumbers, publicName } from "./mask";
import { Categories, haystackOf, isLate, minimumMonths, monthsOf, queryToken, tokensOf, visibleUntil as visibleUntilOf } from "./rules";

export { maskIdNumbers, maskName, publicName } from "./mask";
export { Categories, tokensOf, queryToken } from "./rules";

/** 一公开: inspection results and penalties published on the public pages
 * within 20 working days (policy `disclosure.publishResults`), personal data
 * masked, penalties for their window (3 months to 3 years; warnings never),
 * removed when the window ends; the business may object within 21 days and
 * the body answers with a clock; a correction is published with the record.
 *
 * A change elsewhere (a visit closing, a penalty decided) makes a record
 * pending in its own transaction with `pendingFor`. */

export const Kind = z.enum(["inspection", "penalty"]);
export type Kind = z.infer<typeof Kind>;

export const PendingInput = z.object({
  kind: Kind,
  /** The visit's or the penalty's ID. */
  sourceId: z.string().min(1).max(100),
  creditCode: z.string().trim().min(1).max(40),
  entityName: z.string().trim().min(1).max(200),
  /** The directory's business type (business/names.ts `BusinessTypes`): "sole-trader" masks the name. */
  entityType: z.string().max(40).optional(),
  /** The names of the bodies that inspected or decided. */
  bodies: z.array(z.string().max(200)).max(20),
  /** The Beijing date of the visit's end or of the decision: the 20 working days count from here. */
  occurredOn: IsoDate,
  results: z
    .array(z.object({ itemCode: z.string().max(60), itemName: z.string().max(300), outcome: z.string().max(40) }))
    .max(200)
    .default([]),
  /** Whose officers publish it (the lead body's or the deciding department); absent: the tenant's administrators. */
  departmentId: z.string().max(60).optional(),
  /** For kind "penalty": the decision. A warning, or a summary-procedure penalty, is never published. */
  penalty: z
    .object({
      decisionNo: z.string().max(60),
      measure: z.string().max(40),
      amount: z.number().optional(),
      clause: z.string().max(300).optional(),
      conduct: z.string().max(300).optional(),
      procedure: z.enum(["ordinary", "summary"]).default("ordinary"),
    })
    .optional(),
});
export type PendingInput = z.input<typeof PendingInput>;

/** Would this change be published at all? Warnings and summary-procedure penalties never are (RULES.md). */
export function publishable(input: Pick<PendingInput, "kind" | "penalty">): boolean {
  if (input.kind !== "penalty") return true;
  return !!input.penalty && input.penalty.measure !== "warning" && input.penalty.procedure !== "summary";
}

/** The transaction items that make a record pending publication, due 20
 * working days (the policy in force) after `occurredOn`: the caller puts them
 * in its own commit. Empty when the change is not published (a warning). */
export const pendingFor = fn(PendingInput, (input): TxItem[] => {
  if (!publishable(input)) return [];
  const tenantId = useTenant();
  const id = createId(IdPrefix.disclosure);
  const due = Policy.deadline(input.occurredOn, Policy.current().disclosure.publishResults.duration);
  const owner = input.departmentId ?? "-";
  const record = {
    tenantId,
    id,
    kind: input.kind,
    sourceId: input.sourceId,
    creditCode: input.creditCode.toUpperCase(),
    entityName: input.entityName,
    entityType: input.entityType,
    publicName: publicName(input.entityName, input.entityType),
    bodies: input.bodies,
    occurredOn: input.occurredOn,
    results: input.results.map((r) => ({ itemCode: r.itemCode, itemName: maskIdNumbers(r.itemName), outcome: r.outcome })),
    penalty: input.penalty
      ? {
          decisionNo: input.penalty.decisionNo,
          measure: input.penalty.measure,
          ...(input.penalty.amount !== undefined ? { amount: input.penalty.amount } : {}),
          ...(input.penalty.clause ? { clause: maskIdNumbers(input.penalty.clause) } : {}),
          ...(input.penalty.conduct ? { conduct: maskIdNumbers(input.penalty.conduct) } : {}),
        }
      : undefined,
    departmentId: input.departmentId,
    owner,
    status: "pending" as const,
    dueAt: due.dueAt,
    beyondCalendar: due.beyondCalendar,
    createdAt: Clock.iso(),
    version: 1,
  };
  return [
    Tx.put(DisclosureEntity.create(record)),
    Tx.put(
      DisclosureDueEntity.create({
        tenantId,
        owner,
        dueAt: due.dueAt,
        id,
        kind: input.kind,
        creditCode: record.creditCode,
        entityName: record.entityName,
        occurredOn: input.occurredOn,
      }),
    ),
  ];
});

// ---------------------------------------------------------------- reading

export const Id = idSchema(IdPrefix.disclosure);
export const ObjectionId = idSchema(IdPrefix.objection);
export const Category = z.enum(Categories);

const Result = z.object({ itemCode: z.string(), itemName: z.string(), outcome: z.string() });
const PenaltyPart = z.object({
  decisionNo: z.string(),
  measure: z.string(),
  amount: z.number().optional(),
  clause: z.string().optional(),
  conduct: z.string().optional(),
  category: Category.optional(),
});
const Correction = z.object({ objectionId: z.string(), text: z.string(), at: z.string() });
export const Status = z.enum(["pending", "published", "expired"]);

export const Info = z
  .object({
    id: Id,
    kind: Kind,
    sourceId: z.string(),
    creditCode: z.string(),
    /** As recorded; the public pages show `publicName`. */
    entityName: z.string(),
    entityType: z.string().optional(),
    publicName: z.string(),
    bodies: z.array(z.string()),
    occurredOn: z.string(),
    results: z.array(Result),
    penalty: PenaltyPart.optional(),
    departmentId: z.string().optional(),
    status: Status,
    dueAt: z.string(),
    beyondCalendar: z.boolean(),
    /** Published after its due date, or still pending past it. */
    late: z.boolean(),
    publishedAt: z.string().optional(),
    windowMonths: z.number().optional(),
    visibleUntil: z.string().optional(),
    objectionUntil: z.string().optional(),
    corrections: z.array(Correction),
    version: z.number(),
  })
  .meta({ id: "Disclosure" });
export type Info = z.infer<typeof Info>;

function toInfo(r: DisclosureItem, now = Clock.iso()): Info {
  return Info.parse({
    id: r.id,
    kind: r.kind,
    sourceId: r.sourceId,
    creditCode: r.creditCode,
    entityName: r.entityName,
    entityType: r.entityType,
    publicName: r.publicName,
    bodies: r.bodies,
    occurredOn: r.occurredOn,
    results: r.results,
    penalty: r.penalty,
    departmentId: r.departmentId,
    status: r.status,
    dueAt: r.dueAt,
    beyondCalendar: !!r.beyondCalendar,
    late: r.status === "pending" ? now > r.dueAt : !!r.late,
    publishedAt: r.publishedAt,
    windowMonths: r.windowMonths,
    visibleUntil: r.visibleUntil,
    objectionUntil: r.objectionUntil,
    corrections: r.corrections ?? [],
    version: r.version,
  } satisfies z.input<typeof Info>);
}

async function load(id: string): Promise<DisclosureItem> {
  const r = (await DisclosureEntity.get({ tenantId: useTenant(), id }).go({ consistent: true })).data;
  // Another department's record is not found for an officer: nothing of it is revealed.
  if (!r || !Department.owns(r.departmentId)) throw new NotFoundError("disclosure.not_found");
  return r;
}

/** One record of the tenant (the officer's department's, or any for the office). */
export const fromID = fn(Id, async (id) => toInfo(await load(id)));

/** The records made for one visit or penalty (normally one). */
export async function forSource(kind: Kind, sourceId: string): Promise<Info[]> {
  const res = await DisclosureEntity.query.bySource({ tenantId: useTenant(), kind, sourceId }).go({ limit: 10 });
  return res.data.filter((r) => Department.owns(r.departmentId)).map((r) => toInfo(r));
}

export const ListInput = PageInput.extend({
  status: Status.optional().meta({ description: "页内筛选 / filters the page read" }),
});

/** The department's records (all of them for the office), newest first, a page at a time. */
export async function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  const { status, ...pageInput } = ListInput.parse(input);
  const tenantId = useTenant();
  const scope = Department.scopeOf();
  const owner = Department.ownDepartment(scope);
  if (!scope.all && !owner) return { items: [], cursor: null };
  const base = scope.all ? DisclosureEntity.query.byTenant({ tenantId }) : DisclosureEntity.query.byDepartment({ tenantId, owner: owner! });
  const query = status ? base.where((a, op) => op.eq(a.status, status)) : base;
  const res = await page(query, pageInput);
  const now = Clock.iso();
  return { items: res.items.map((r) => toInfo(r, now)), cursor: res.cursor };
}

export const DueRow = z
  .object({ id: Id, kind: Kind, creditCode: z.string(), entityName: z.string(), occurredOn: z.string(), dueAt: z.string(), late: z.boolean(), dueSoon: z.boolean() })
  .meta({ id: "DisclosureDue" });
export type DueRow = z.infer<typeof DueRow>;

export const DueInput = PageInput.extend({
  view: z.enum(["all", "due-soon", "late"]).default("all").meta({ description: "all 全部待公示 · due-soon 即将到期 · late 已逾期" }),
});

/** When "due soon" starts: the warning period before a window closes (policy `disclosure.warnBefore`). */
export function dueSoonUntil(now: Date = Clock.now()): string {
  return Policy.deadline(now, Policy.current().disclosure.warnBefore.duration).dueAt;
}

/** Records waiting for publication, most urgent first: all of them, those
 * whose window closes soon, or those already late — each a key range of the
 * due-date index (the department's, or the tenant's for the office). */
export async function pending(input: z.input<typeof DueInput> = {}): Promise<Page<DueRow>> {
  const { view, ...pageInput } = DueInput.parse(input);
  const tenantId = useTenant();
  const scope = Department.scopeOf();
  const owner = Department.ownDepartment(scope);
  if (!scope.all && !owner) return { items: [], cursor: null };
  const now = Clock.now();
  const nowIso = now.toISOString();
  const soon = dueSoonUntil(now);
  const base = () => (scope.all ? DisclosureDueEntity.query.byTenant({ tenantId }) : DisclosureDueEntity.query.byOwner({ tenantId, owner: owner! }));
  // The due date's instant one millisecond on: the range's end includes records due exactly at `soon`.
  const soonEnd = new Date(Date.parse(soon) + 1).toISOString();
  const query = view === "late" ? base().lt({ dueAt: nowIso }) : view === "due-soon" ? base().between({ dueAt: nowIso }, { dueAt: soonEnd }) : base();
  const res = await page(query, pageInput, "asc");
  return {
    items: res.items.map((r: DueItem) => ({
      id: r.id,
      kind: r.kind as Kind,
      creditCode: r.creditCode,
      entityName: r.entityName,
      occurredOn: r.occurredOn,
      dueAt: r.dueAt,
      late: nowIso > r.dueAt,
      dueSoon: nowIso <= r.dueAt && r.dueAt <= soon,
    })),
    cursor: res.cursor,
  };
}

// ---------------------------------------------------------------- publishing

export const PublishInput = z
  .object({
    version: z.number().int().min(1),
    /** Penalties only: the sector, which sets the shortest window (special equipment, work safety, fire: 1 year). */
    category: Category.optional(),
    /** Penalties only: how many months it stays published (3–36; 12–36 for the sectors above); default the longest. */
    windowMonths: z.number().int().min(1).max(120).optional(),
  })
  .meta({ id: "DisclosurePublish", example: { version: 1 } });

/** The public window of a record, in months, or the field and rule it breaks. */
function windowOf(r: DisclosureItem, input: z.output<typeof PublishInput>): { months: number; category?: z.infer<typeof Category> } {
  const rules = Policy.current().disclosure;
  if (r.kind === "inspection") {
    if (input.category !== undefined) throw fieldError("disclosure.category_inspection", "category");
    if (input.windowMonths !== undefined) throw fieldError("disclosure.category_inspection", "windowMonths");
    return { months: monthsOf(rules.inspectionWindow.duration) };
  }
  const category = input.category ?? "general";
  const min = minimumMonths(category, rules);
  const max = monthsOf(rules.penaltyWindowMax.duration);
  const months = input.windowMonths ?? max;
  if (months < min || months > max) throw fieldError("disclosure.window_range", "windowMonths", { min, max });
  return { months, category };
}

/** Publish a pending record: on the public pages from now until its window
 * ends, searchable by its (masked) name and credit code; late if past its due
 * date (counted for the indicators in the same transaction). */
export const publish = fn(PublishInput.extend({ id: Id }), async (input) => {
  const tenantId = useTenant();
  const actor = useActor();
  const r = await load(input.id);
  if (r.status !== "pending") throw new ConflictError("disclosure.already_published", { publishedAt: r.publishedAt ?? "" });
  if (r.version !== input.version) throw new ConflictError();
  const { months, category } = windowOf(r, input);
  const now = Clock.now();
  const publishedAt = now.toISOString();
  const late = isLate(r.dueAt, publishedAt);
  const visibleUntil = visibleUntilOf(publishedAt, months);
  const objectionUntil = Policy.deadline(now, Policy.current().disclosure.objectionWindow.duration).dueAt;
  // The directory's type masks a sole trader's name even when the change that made the record did not give it (a penalty).
  const entityType = r.entityType ?? (await Business.getMany([r.creditCode]).catch(() => []))[0]?.type;
  const shownName = publicName(r.entityName, entityType);
  const tokens = tokensOf(shownName, r.creditCode);
  const penalty = r.penalty ? { ...r.penalty, ...(category ? { category } : {}) } : undefined;
  const set = { publicName: shownName, ...(entityType ? { entityType } : {}), status: "published" as const, publishedAt, publishedBy: actorRef(actor), late, windowMonths: months, visibleUntil, objectionUntil, tokens, version: r.version + 1, ...(penalty ? { penalty } : {}) };
  const expiresAt = Math.floor(Date.parse(visibleUntil) / 1000);
  const row = { tenantId, id: r.id, haystack: haystackOf(shownName, r.creditCode), kind: r.kind, creditCode: r.creditCode, publicName: shownName, bodies: r.bodies, occurredOn: r.occurredOn, publishedAt, visibleUntil, corrected: false, expiresAt };
  await commit({
    action: "disclosure.publish",
    target: { type: "disclosure", id: r.id },
    state: { ...r, ...set },
    summary: { kind: r.kind, creditCode: r.creditCode, visibleUntil: Policy.shanghaiDate(new Date(Date.parse(visibleUntil) - 1)), ...(late ? { late: true } : {}) },
    items: () => [
      Tx.update(
        DisclosureEntity.patch({ tenantId, id: r.id })
          .set(set)
          .where((a, op) => op.eq(a.version, r.version)),
      ),
      Tx.delete(DisclosureDueEntity.delete({ tenantId, owner: r.owner, dueAt: r.dueAt, id: r.id })),
      Tx.put(DisclosureLiveEntity.put({ tenantId, visibleUntil, id: r.id, tokens })),
      ...tokens.map((token) => Tx.put(DisclosureSearchEntity.put({ ...row, token }))),
      Tx.update(CounterEntity.update({ tenantId, year: r.occurredOn.slice(0, 4) }).add({ published: 1, publishedOnTime: late ? 0 : 1 })),
    ],
  });
  return toInfo({ ...r, ...set });
});

/** Remove records whose window has ended from the public pages: marks up to
 * `limit` of them expired in ONE commit (one audit event; its state names
 * every record and their Merkle root), then deletes their search rows (the
 * rows' TTL and the search's filter on `visibleUntil` cover a crash between).
 * The scheduled job calls this per tenant until nothing is left. */
export async function expire(limit = 40): Promise<{ expired: number }> {
  const tenantId = useTenant();
  const nowIso = Clock.iso();
  const due = (await DisclosureLiveEntity.query.byEnd({ tenantId }).lt({ visibleUntil: nowIso }).go({ limit: Math.min(limit, 45) })).data;
  if (due.length === 0) return { expired: 0 };
  const ids = due.map((d) => d.id);
  await commit({
    action: "disclosure.expire",
    target: { type: "disclosure", id: "expiry" },
    state: { ids, root: merkleRoot(due.map((d) => hashState({ id: d.id, visibleUntil: d.visibleUntil }))) },
    summary: { count: due.length },
    items: () =>
      due.flatMap((d) => [
        Tx.delete(DisclosureLiveEntity.delete({ tenantId, visibleUntil: d.visibleUntil, id: d.id })),
        Tx.update(DisclosureEntity.patch({ tenantId, id: d.id }).set({ status: "expired" }).add({ version: 1 })),
      ]),
  });
  const keys = due.flatMap((d) => d.tokens.map((token) => ({ tenantId, token, id: d.id })));
  for (let i = 0; i < keys.length; i += 25) await DisclosureSearchEntity.delete(keys.slice(i, i + 25)).go();
  return { expired: due.length };
}

// ---------------------------------------------------------------- public pages

export const PublicRow = z
  .object({
    id: Id,
    kind: Kind,
    creditCode: z.string(),
    publicName: z.string(),
    bodies: z.array(z.string()),
    occurredOn: z.string(),
    publishedAt: z.string(),
    visibleUntil: z.string(),
    corrected: z.boolean(),
  })
  .meta({ id: "PublicDisclosureRow" });

export const SearchInput = PageInput.extend({
  q: z.string().max(100).optional().meta({ description: "主体名称（至少两个字）或 18 位统一社会信用代码 / business name (2+ characters) or credit code" }),
});

/** The public search (no sign-in), in the tenant the page names: one token's
 * partition of the search index, newest first, a page at a time; rows past
 * their window are filtered out on read (the expiry job removes them too).
 * The whole query is checked on each row, so a page may hold fewer than
 * `limit` rows while `cursor` is not null. */
export async function search(input: z.input<typeof SearchInput> = {}): Promise<Page<z.infer<typeof PublicRow>>> {
  const { q, ...pageInput } = SearchInput.parse(input);
  const tenantId = useTenant();
  const t = queryToken(q);
  if (!t) throw fieldError("disclosure.query_short", "q");
  const nowIso = Clock.iso();
  const query = DisclosureSearchEntity.query
    .byToken({ tenantId, token: t.token })
    .where((a, op) => (t.contains ? `${op.gt(a.visibleUntil, nowIso)} AND ${op.contains(a.haystack, t.contains)}` : op.gt(a.visibleUntil, nowIso)));
  const res = await page(query, pageInput);
  return {
    items: res.items.map((r: SearchItem) => ({
      id: r.id,
      kind: r.kind as Kind,
      creditCode: r.creditCode,
      publicName: r.publicName,
      bodies: r.bodies,
      occurredOn: r.occurredOn,
      publishedAt: r.publishedAt,
      visibleUntil: r.visibleUntil,
      corrected: !!r.corrected,
    })),
    cursor: res.cursor,
  };
}

export const PublicInfo = z
  .object({
    id: Id,
    tenantId: z.string(),
    tenantName: z.string(),
    kind: Kind,
    creditCode: z.string(),
    publicName: z.string(),
    bodies: z.array(z.string()),
    occurredOn: z.string(),
    results: z.array(Result),
    penalty: PenaltyPart.omit({ category: true }).optional(),
    publishedAt: z.string(),
    visibleUntil: z.string(),
    objectionUntil: z.string(),
    /** Whether the business may still object (within 21 days of publication). */
    objectionOpen: z.boolean(),
    /** Corrections published with the record after an upheld objection. */
    corrections: z.array(Correction),
  })
  .meta({ id: "PublicDisclosure" });

async function loadPublic(id: string): Promise<DisclosureItem> {
  const r = (await DisclosureEntity.get({ tenantId: useTenant(), id }).go()).data;
  if (!r || r.status !== "published" || !r.visibleUntil || r.visibleUntil <= Clock.iso()) throw new NotFoundError("disclosure.not_found");
  return r;
}

/** One published record as the public sees it: masked name, no department, no internal IDs. */
export const publicInfo = fn(Id, async (id): Promise<z.infer<typeof PublicInfo>> => {
  const r = await loadPublic(id);
  const tenantId = useTenant();
  const penalty = r.penalty ? { decisionNo: r.penalty.decisionNo, measure: r.penalty.measure, amount: r.penalty.amount, clause: r.penalty.clause, conduct: r.penalty.conduct } : undefined;
  return {
    id: r.id,
    tenantId,
    tenantName: Tenant.nameOf(tenantId),
    kind: r.kind,
    creditCode: r.creditCode,
    publicName: r.publicName,
    bodies: r.bodies,
    occurredOn: r.occurredOn,
    results: r.results,
    ...(penalty ? { penalty } : {}),
    publishedAt: r.publishedAt!,
    visibleUntil: r.visibleUntil!,
    objectionUntil: r.objectionUntil!,
    objectionOpen: Clock.iso() <= r.objectionUntil!,
    corrections: (r.corrections ?? []).map((c) => ({ ...c, text: maskIdNumbers(c.text) })),
  };
});

// ---------------------------------------------------------------- right to reply

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, { message: "evidence.hash" });

export const EvidenceUpload = z.object({
  name: z.string().trim().min(1).max(200),
  type: z.string().trim().min(1).max(100).default("application/octet-stream"),
  /** The file's bytes, base64. */
  contentBase64: z.string().min(1),
  /** SHA-256 (hex) of the bytes, computed where the file was chosen: checked here. */
  sha256: Sha256,
});

export const ObjectInput = z
  .object({
    /** The business's credit code: must be the record's. */
    creditCode: z.string().trim().min(1).max(40),
    /** What is wrong in the record, and why. */
    text: z.string().trim().min(5).max(2000),
    contact: z.string().trim().max(100).optional(),
    evidence: z.array(EvidenceUpload).max(5).default([]),
  })
  .meta({
    id: "DisclosureObjectionInput",
    example: { creditCode: "91350102MA2Y1A2B3B", text: "整改已于检查次日完成，公示结果未反映整改情况", contact: "0591-00000000", evidence: [] },
  });

const EvidenceRef = z.object({ sha256: z.string(), name: z.string(), size: z.number(), type: z.string() });

export const Objection = z
  .object({
    id: ObjectionId,
    disclosureId: Id,
    creditCode: z.string(),
    publicName: z.string(),
    text: z.string(),
    contact: z.string().optional(),
    evidence: z.array(EvidenceRef),
    status: z.enum(["open", "answered"]),
    answerDueAt: z.string(),
    /** Open past its answer clock. */
    overdue: z.boolean(),
    answer: z
      .object({ text: z.string(), upheld: z.boolean(), correction: z.string().optional(), at: z.string(), by: z.object({ id: z.string(), name: z.string() }), late: z.boolean() })
      .optional(),
    createdAt: z.string(),
    version: z.number(),
  })
  .meta({ id: "DisclosureObjection" });
export type Objection = z.infer<typeof Objection>;

function toObjection(o: ObjectionItem, now = Clock.iso()): Objection {
  return Objection.parse({
    id: o.id,
    disclosureId: o.disclosureId,
    creditCode: o.creditCode,
    publicName: o.publicName,
    text: o.text,
    contact: o.contact,
    evidence: o.evidence,
    status: o.status,
    answerDueAt: o.answerDueAt,
    overdue: o.status === "open" && now > o.answerDueAt,
    answer: o.answer ? { ...o.answer, by: { id: o.answer.by.id, name: o.answer.by.name } } : undefined,
    createdAt: o.createdAt,
    version: o.version,
  } satisfies z.input<typeof Objection>);
}

/** The window for objections has closed: a 409 naming it. */
function windowClosed(until: string): VisibleError {
  const days = Policy.current().disclosure.objectionWindow.duration.amount;
  const untilDate = Policy.shanghaiDate(new Date(Date.parse(until) - 1));
  return new VisibleError("disclosure.objection_window_closed", { days, until: untilDate }, 409, [
    { field: "objectionUntil", rule: "disclosure.objection_window_closed", params: { days, until: untilDate, objectionUntil: until } },
  ]);
}

/** 异议 (right to reply, no sign-in): the business objects to a published
 * record within the window (21 days of publication), with evidence files
 * stored by content hash (the hash each file arrives with is checked); the
 * record's department answers within the clock. */
export const object = fn(ObjectInput.extend({ id: Id }), async (input) => {
  const tenantId = useTenant();
  const r = await loadPublic(input.id);
  const now = Clock.now();
  if (now.toISOString() > r.objectionUntil!) throw windowClosed(r.objectionUntil!);
  if (input.creditCode.toUpperCase() !== r.creditCode) throw fieldError("disclosure.credit_code_mismatch", "creditCode");
  const manifests: TxItem[] = [];
  const evidence: z.infer<typeof EvidenceRef>[] = [];
  for (const [i, file] of input.evidence.entries()) {
    let bytes: Buffer;
    try {
      bytes = Blob.decode(file.contentBase64);
    } catch (err) {
      if (err instanceof VisibleError && err.status === 413) throw new VisibleError("disclosure.evidence_too_large", { index: i + 1, limit: "4 MB" }, 413, [{ field: `evidence.${i}.contentBase64`, rule: "disclosure.evidence_too_large" }]);
      throw fieldError("evidence.data", `evidence.${i}.contentBase64`);
    }
    const hash = sha256(bytes);
    if (hash !== file.sha256) throw fieldError("disclosure.evidence_hash", `evidence.${i}.sha256`, { index: i + 1 });
    if (!evidence.some((e) => e.sha256 === hash) && !(await Blob.exists(tenantId, hash))) manifests.push(await Blob.store(tenantId, hash, bytes));
    evidence.push({ sha256: hash, name: file.name, size: bytes.length, type: file.type });
  }
  const answerDueAt = Policy.deadline(now, Policy.current().disclosure.answerObjection.duration).dueAt;
  const objection = {
    tenantId,
    id: createId(IdPrefix.objection),
    disclosureId: r.id,
    owner: r.owner,
    creditCode: r.creditCode,
    publicName: r.publicName,
    text: input.text,
    ...(input.contact ? { contact: input.contact } : {}),
    evidence,
    status: "open" as const,
    answerDueAt,
    createdAt: now.toISOString(),
    version: 1,
  };
  await commit({
    action: "disclosure.object",
    target: { type: "disclosure", id: r.id },
    state: objection,
    summary: { disclosureId: r.id, creditCode: r.creditCode, evidence: evidence.length, dueAt: Policy.shanghaiDate(new Date(Date.parse(answerDueAt) - 1)) },
    items: () => [
      Tx.put(ObjectionEntity.create(objection)),
      ...manifests,
      Tx.update(CounterEntity.update({ tenantId, year: Policy.shanghaiDate(now).slice(0, 4) }).add({ objections: 1 })),
    ],
  });
  return { id: objection.id, answerDueAt };
});

export const ObjectionsInput = PageInput.extend({
  status: z.enum(["open", "answered"]).optional().meta({ description: "页内筛选 / filters the page read" }),
});

/** The objection inbox: the department's (all for the office), newest first. */
export async function objections(input: z.input<typeof ObjectionsInput> = {}): Promise<Page<Objection>> {
  const { status, ...pageInput } = ObjectionsInput.parse(input);
  const tenantId = useTenant();
  const scope = Department.scopeOf();
  const owner = Department.ownDepartment(scope);
  if (!scope.all && !owner) return { items: [], cursor: null };
  const base = scope.all ? ObjectionEntity.query.byTenant({ tenantId }) : ObjectionEntity.query.byDepartment({ tenantId, owner: owner! });
  const res = await page(status ? base.where((a, op) => op.eq(a.status, status)) : base, pageInput);
  const now = Clock.iso();
  return { items: res.items.map((o) => toObjection(o, now)), cursor: res.cursor };
}

async function loadObjection(id: string): Promise<ObjectionItem> {
  const o = (await ObjectionEntity.get({ tenantId: useTenant(), id }).go({ consistent: true })).data;
  if (!o || !Department.owns(o.owner === "-" ? undefined : o.owner)) throw new NotFoundError("disclosure.objection_not_found");
  return o;
}

export const objectionFromID = fn(ObjectionId, async (id) => toObjection(await loadObjection(id)));

/** One evidence file of an objection, for the department that answers it, its bytes checked against its hash. */
export const objectionFile = fn(z.object({ id: ObjectionId, sha256: Sha256 }), async ({ id, sha256: hash }) => {
  const o = await loadObjection(id);
  const listed = o.evidence.find((e) => e.sha256 === hash);
  if (!listed) throw new NotFoundError("disclosure.objection_not_found");
  const bytes = await Blob.read(useTenant(), hash);
  if (!bytes) throw new NotFoundError("disclosure.objection_not_found");
  return { ...listed, bytes };
});

export const AnswerInput = z
  .object({
    version: z.number().int().min(1),
    /** Whether the objection is upheld: then `correction` is published with the record. */
    upheld: z.boolean(),
    text: z.string().trim().min(2).max(2000),
    correction: z.string().trim().min(2).max(2000).optional(),
  })
  .meta({ id: "DisclosureAnswer", example: { version: 1, upheld: true, text: "经核实，整改已于检查次日完成", correction: "该主体已于检查次日完成整改，经复查合格" } });

/** Answer an objection (its department): on time or late by its clock,
 * counted in the same transaction; an upheld objection's correction is
 * published with the record. */
export const answer = fn(AnswerInput.extend({ id: ObjectionId }), async (input) => {
  const tenantId = useTenant();
  const actor = useActor();
  const o = await loadObjection(input.id);
  if (o.status !== "open") throw new ConflictError("disclosure.objection_answered");
  if (o.version !== input.version) throw new ConflictError();
  if (input.upheld && !input.correction) throw fieldError("disclosure.correction_required", "correction");
  const record = input.upheld ? (await DisclosureEntity.get({ tenantId, id: o.disclosureId }).go({ consistent: true })).data : undefined;
  if (input.upheld && !record) throw new NotFoundError("disclosure.not_found");
  const now = Clock.now();
  const at = now.toISOString();
  const late = Policy.isOverdue(o.answerDueAt, now);
  const answerRow = { text: input.text, upheld: input.upheld, ...(input.correction && input.upheld ? { correction: maskIdNumbers(input.correction) } : {}), at, by: actorRef(actor), late };
  const corrections = record ? [...(record.corrections ?? []), { objectionId: o.id, text: maskIdNumbers(input.correction!), at }] : undefined;
  await commit({
    action: "disclosure.answer",
    target: { type: "disclosure", id: o.disclosureId },
    state: { objectionId: o.id, answer: answerRow },
    summary: { objectionId: o.id, ...(input.upheld ? { upheld: true } : { rejected: true }), ...(late ? { late: true } : {}) },
    items: () => [
      Tx.update(
        ObjectionEntity.patch({ tenantId, id: o.id })
          .set({ status: "answered", answer: answerRow, version: o.version + 1 })
          .where((a, op) => op.eq(a.version, o.version)),
      ),
      ...(record && corrections
        ? [
            Tx.update(
              DisclosureEntity.patch({ tenantId, id: record.id })
                .set({ corrections, version: record.version + 1 })
                .where((a, op) => op.eq(a.version, record.version)),
            ),
            // The public list marks the record as corrected.
            ...(record.status === "published" && record.visibleUntil && record.visibleUntil > at ? (record.tokens ?? []).map((token) => Tx.update(DisclosureSearchEntity.patch({ tenantId, token, id: record.id }).set({ corrected: true }))) : []),
          ]
        : []),
      Tx.update(CounterEntity.update({ tenantId, year: Policy.shanghaiDate(new Date(o.createdAt)).slice(0, 4) }).add({ answered: 1, answeredOnTime: late ? 0 : 1 })),
    ],
  });
  return toObjection({ ...o, status: "answered", answer: answerRow, version: o.version + 1 });
});

// ---------------------------------------------------------------- counters

/** This tenant's publication and objection counts for a year (the indicators' input). */
export async function yearCounts(year: number): Promise<{ published: number; publishedOnTime: number; objections: number; answered: number; answeredOnTime: number }> {
  const c = (await CounterEntity.get({ tenantId: useTenant(), year: String(year) }).go({ consistent: true })).data;
  return { published: c?.published ?? 0, publishedOnTime: c?.publishedOnTime ?? 0, objections: c?.objections ?? 0, answered: c?.answered ?? 0, answeredOnTime: c?.answeredOnTime ?? 0 };
}
