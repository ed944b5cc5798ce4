export * as Clue from "./index";

import { createHash } from "node:crypto";
import { encodeTime } from "ulid";
import * as z from "zod";
import { Assignment } from "../assignment";
import { Business } from "../business";
import { ItemCode } from "../catalogue/item";
import { Clock } from "../clock";
import { useConfig } from "../config";
import { actorRef, useActor, useLocale, useTenant, type Actor } from "../context";
import { Department } from "../department";
import { Tx, type TxItem } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { describeZodIssues } from "../i18n/index";
import { withChain } from "../audit/append";
import { commit } from "../outbox/commit";
import { Warning } from "../warning";
import { Enforcement } from "../enforcement";
import { Inspection } from "../inspection";
import { Plan } from "../plan";
import { Recognition } from "../recognition";
import { IsoDate } from "../util/date";
import { Policy } from "../policy";
import { Tenant } from "../tenant";
import { townshipsOf } from "../tenant/townships";
import { fn } from "../util/fn";
import { canonicalJson, merkleRoot, sha256 } from "../util/hash";
import { createId, idSchema } from "../util/id";
import { mapPage, page, PageInput, pageOf, type Page } from "../util/page";
import { ClueBusinessEntity, ClueEntity, ClueRefEntity, ClueTaskDepartmentEntity, ClueTaskEntity, type ClueBusinessItem, type ClueItem, type ClueTaskItem } from "./clue.entity";
import { autoMatch, lookupKeys, rank } from "./match";
import { countBySource, plan, type Incoming, type OpenTask, type TaskChange } from "./rules";
import { CONTRACT_VERSION, ClueStatuses, MachineSources, MAX_BATCH, Sources, TaskStatuses, type Source } from "./sources";

export { ClueStatusNames, CONTRACT_VERSION, MachineSources, MAX_BATCH, SourceNames, Sources, TaskStatusNames, type Source } from "./sources";
export * as Match from "./match";

/** 线索归集: clues from every source (machine intake and the officers' form),
 * matched to a business of the directory, routed to the lead department of
 * their items, and correlated into ONE joint task per business per window. */

export const Id = idSchema("clu");
export const TaskId = idSchema("ctk");

// ---------------------------------------------------------------- the intake contract (v1)

export const Evidence = z
  .object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: "clue.evidence_hash" }),
    name: z.string().trim().min(1).max(200).optional(),
    size: z.number().int().min(0).max(4 * 1024 * 1024).optional(),
    type: z.string().max(100).optional(),
  })
  .strict();

export const BusinessRef = z
  .object({
    creditCode: CreditCode.optional(),
    name: z.string().trim().min(2).max(100).optional(),
    address: z.string().trim().min(2).max(200).optional(),
  })
  .strict()
  .refine((b) => !!b.creditCode || (!!b.name && !!b.address), { message: "clue.business_required" });

const ClueFields = {
  business: BusinessRef,
  facts: z.string().trim().min(4).max(5000),
  itemCodes: z.array(ItemCode).max(20).default([]),
  evidence: z.array(Evidence).max(20).default([]),
  reading: z.object({ metric: z.string().trim().min(1).max(50), value: z.number(), unit: z.string().trim().min(1).max(20) }).strict().optional(),
  /** When the source received it (ISO instant); the platform's clock when omitted. */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
};

/** One clue as a source system sends it: contract version 1. */
export const IntakeClueV1 = z
  .object({
    /** The source system's own reference: the same reference twice lands once. */
    externalId: z.string().trim().min(1).max(100),
    source: z.enum(MachineSources),
    ...ClueFields,
  })
  .strict()
  .meta({
    id: "ClueIntakeV1",
    example: {
      externalId: "12345-20261202-000123",
      source: "hotline-12345",
      receivedAt: "2026-12-02T09:30:00+08:00",
      business: { creditCode: "91350102MA2Y0X0T31" },
      facts: "市民反映该店后厨卫生差，有老鼠出没。",
      itemCodes: ["FJ-SP-001"],
      evidence: [{ sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", name: "photo.jpg", size: 182044, type: "image/jpeg" }],
    },
  });
export type IntakeClueV1 = z.infer<typeof IntakeClueV1>;

/** The envelope: its version and up to MAX_BATCH clues, each checked on its own (good ones land, bad ones are listed). */
export const IntakeBatch = z
  .object({
    contractVersion: z.literal(CONTRACT_VERSION),
    clues: z.array(z.looseObject({}).meta({ description: "ClueIntakeV1 (GET /api/clues/intake/schema)" })).min(1).max(MAX_BATCH),
  })
  .meta({
    id: "ClueIntakeBatch",
    example: { contractVersion: "1", clues: [IntakeClueV1.meta()?.example as Record<string, unknown>] },
  });

/** The officer's form (portal): the same fields, any source, the officer's department routes a clue without items. */
export const FileInput = z
  .object({ source: z.enum(Sources).default("department"), ...ClueFields })
  .strict()
  .meta({
    id: "ClueFile",
    example: { source: "department", business: { name: "福州示例餐饮管理有限责任公司", address: "鼓楼区五四路 100 号" }, facts: "日常巡查发现无证经营冷饮。", itemCodes: ["FJ-SP-001"] },
  });

export const IntakeResult = z
  .object({
    accepted: z.array(z.object({ index: z.number(), externalId: z.string().optional(), id: z.string(), status: z.enum(ClueStatuses), taskId: z.string().optional() })),
    duplicates: z.array(z.object({ index: z.number(), externalId: z.string().optional(), id: z.string() })),
    rejected: z.array(z.object({ index: z.number(), externalId: z.string().optional(), errors: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string() })) })),
  })
  .meta({ id: "ClueIntakeResult" });
export type IntakeResult = z.infer<typeof IntakeResult>;

// ---------------------------------------------------------------- what the API shows

export const Candidate = z.object({ creditCode: z.string(), name: z.string(), address: z.string(), confidence: z.number(), reasons: z.array(z.string()) });

export const Info = z
  .object({
    id: Id,
    status: z.enum(ClueStatuses),
    source: z.enum(Sources),
    externalId: z.string().optional(),
    receivedAt: z.string(),
    business: z.object({ creditCode: z.string().optional(), name: z.string().optional(), address: z.string().optional() }),
    creditCode: z.string().optional(),
    entityName: z.string().optional(),
    facts: z.string(),
    itemCodes: z.array(z.string()),
    evidence: z.array(z.object({ sha256: z.string(), name: z.string().optional(), size: z.number().optional(), type: z.string().optional() })),
    reading: z.object({ metric: z.string(), value: z.number(), unit: z.string() }).optional(),
    leadDepartmentId: z.string(),
    routedBy: z.enum(["assignment", "catalogue", "office", "officer"]),
    match: z.object({ by: z.enum(["credit-code", "auto", "officer"]), confidence: z.number(), at: z.string(), officer: z.object({ id: z.string(), name: z.string() }).optional() }).optional(),
    candidates: z.array(Candidate).optional(),
    unmatchedReason: z.enum(["unknown-code", "needs-confirmation", "no-candidate"]).optional(),
    taskId: z.string().optional(),
    campaignId: z.string().optional(),
    warnings: z.array(z.object({ ruleId: z.string(), ruleName: z.object({ zh: z.string(), en: z.string() }), facts: z.array(z.string()), level: z.string() })).optional(),
    filedBy: z.object({ type: z.string(), id: z.string(), name: z.string() }),
    version: z.number().int(),
  })
  .meta({ id: "Clue" });
export type Info = z.infer<typeof Info>;

function toInfo(r: ClueItem): Info {
  return {
    id: r.id,
    status: r.status,
    source: r.source as Source,
    ...(r.externalId ? { externalId: r.externalId } : {}),
    receivedAt: r.receivedAt,
    business: { ...r.business },
    ...(r.creditCode ? { creditCode: r.creditCode, entityName: r.entityName } : {}),
    facts: r.facts,
    itemCodes: r.itemCodes,
    evidence: r.evidence,
    ...(r.reading ? { reading: r.reading } : {}),
    leadDepartmentId: r.leadDepartmentId,
    routedBy: r.routedBy,
    ...(r.match ? { match: r.match } : {}),
    ...(r.candidates ? { candidates: r.candidates } : {}),
    ...(r.unmatchedReason ? { unmatchedReason: r.unmatchedReason } : {}),
    ...(r.taskId ? { taskId: r.taskId } : {}),
    ...(r.campaignId ? { campaignId: r.campaignId } : {}),
    ...(r.warnings?.length ? { warnings: r.warnings } : {}),
    filedBy: { type: r.filedBy.type, id: r.filedBy.id, name: r.filedBy.name },
    version: r.version,
  };
}

export const TaskInfo = z
  .object({
    id: TaskId,
    status: z.enum(TaskStatuses),
    creditCode: z.string(),
    entityName: z.string(),
    leadDepartmentId: z.string(),
    departmentIds: z.array(z.string()),
    itemCodes: z.array(z.string()),
    sources: z.array(z.string()),
    clueCount: z.number(),
    openedAt: z.string(),
    until: z.string(),
    lastClueAt: z.string(),
    campaignId: z.string().optional(),
    outcome: z
      .object({ kind: z.enum(["inspection", "visit"]), refId: z.string(), plannedDate: z.string(), reason: z.string().optional(), warnings: z.array(z.string()), by: z.object({ id: z.string(), name: z.string() }), at: z.string() })
      .optional(),
    version: z.number().int(),
  })
  .meta({ id: "ClueTask" });
export type TaskInfo = z.infer<typeof TaskInfo>;

function toTaskInfo(r: ClueTaskItem): TaskInfo {
  return {
    id: r.id,
    status: r.status,
    creditCode: r.creditCode,
    entityName: r.entityName,
    leadDepartmentId: r.leadDepartmentId,
    departmentIds: [...(r.departmentIds ?? [])].sort(),
    itemCodes: [...(r.itemCodes ?? [])].sort(),
    sources: [...(r.sources ?? [])].sort(),
    clueCount: r.clueCount,
    openedAt: r.openedAt,
    until: r.until,
    lastClueAt: r.lastClueAt,
    ...(r.campaignId ? { campaignId: r.campaignId } : {}),
    ...(r.outcome ? { outcome: r.outcome } : {}),
    version: r.version,
  };
}

// ---------------------------------------------------------------- ingest

/** A clue validated, before it is matched and routed. */
interface Draft {
  index: number;
  id: string;
  externalId?: string;
  source: Source;
  receivedAt: string;
  business: { creditCode?: string; name?: string; address?: string };
  facts: string;
  itemCodes: string[];
  evidence: z.infer<typeof Evidence>[];
  reading?: { metric: string; value: number; unit: string };
  campaignId?: string;
  /** The officer's department: routes a clue without items (portal). */
  fallbackDepartmentId?: string;
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** A clue's ID: time-ordered by when it was received, its random part from the
 * source's reference, so a source resending a clue names the same record. */
export function clueIdOf(tenantId: string, source: string, externalId: string | undefined, receivedAt: string): string {
  const time = encodeTime(Math.max(0, Math.min(Date.parse(receivedAt), 2 ** 48 - 1)), 10);
  if (!externalId) return `clu_${time}${createId("clu").slice(-16)}`;
  const bytes = createHash("sha256").update(`${tenantId}\u0000${source}\u0000${externalId}`).digest();
  let rand = "";
  for (let i = 0; i < 16; i++) rand += CROCKFORD[bytes[i]! % 32];
  return `clu_${time}${rand}`;
}

/** The window of correlation, in ms (PolicyDefaults.clue.correlationWindow, a tenant may shorten it). */
function windowMs(): number {
  const d: { amount: number; unit: string } = Policy.current().clue.correlationWindow.duration;
  const day = 24 * 3600 * 1000;
  return d.unit === "hours" ? d.amount * 3600 * 1000 : d.unit === "months" ? d.amount * 30 * day : d.amount * day;
}

/** Place words of the tenant (province, city, county, townships): a name's region prefix is not distinctive. */
function placesOf(tenantId: string): string[] {
  return [...Tenant.ancestry(tenantId).map((t) => t.name), ...townshipsOf(tenantId).map((t) => t.name)];
}

interface Resolved {
  draft: Draft;
  creditCode?: string;
  entityName?: string;
  match?: { by: "credit-code" | "auto" | "officer"; confidence: number; at: string; officer?: { id: string; name: string } };
  candidates?: z.infer<typeof Candidate>[];
  unmatchedReason?: "unknown-code" | "needs-confirmation" | "no-candidate";
  leadDepartmentId: string;
  routedBy: "assignment" | "catalogue" | "office" | "officer";
  /** The business's credit grade when the directory knows it (the grade rule needs no read). */
  grade?: string;
  /** Set by the warning evaluation (`evaluateAll`), before the commit: what fired, and this clue's items (put in its commit). */
  warnings: { ruleId: string; ruleName: { zh: string; en: string }; facts: string[]; level: string }[];
  warningItems: () => TxItem[];
}

/** Candidates from the directory's name index (never a scan): the distinctive part of the name, then a shorter prefix. */
async function candidatesFor(name: string, address: string | undefined, places: string[]) {
  const found = new Map<string, Business.Info>();
  for (const q of lookupKeys(name, places)) {
    const page = await Business.search({ q, by: "name", limit: 20 }).catch(() => ({ items: [] as Business.Info[] }));
    for (const b of page.items) found.set(b.creditCode, b);
    if (found.size) break;
  }
  if (found.size === 0 && address) {
    const page = await Business.search({ q: address, by: "address", limit: 20 }).catch(() => ({ items: [] as Business.Info[] }));
    for (const b of page.items) found.set(b.creditCode, b);
  }
  return rank({ name, address }, [...found.values()].map((b) => ({ creditCode: b.creditCode, name: b.name, address: b.address })), places).slice(0, 5);
}

/** Routing: the first item with a lead department here (local assignment first, catalogue lead type after); else the officer's own department (portal) or the comprehensive supervision office. */
async function route(d: Draft, cache: Map<string, Promise<{ departmentId: string; source: "assignment" | "catalogue" } | undefined>>) {
  for (const code of d.itemCodes) {
    let p = cache.get(code);
    if (!p) cache.set(code, (p = Assignment.responsibleDepartment(code).catch(() => undefined)));
    const r = await p;
    if (r) return { leadDepartmentId: r.departmentId, routedBy: r.source };
  }
  if (d.fallbackDepartmentId) return { leadDepartmentId: d.fallbackDepartmentId, routedBy: "officer" as const };
  return { leadDepartmentId: Department.standardId(useTenant(), "supervision-office"), routedBy: "office" as const };
}

/** Warning rules on ingest (contract 4), ONCE per batch: `Warning.evaluateClues` over every matched
 * clue, each business evaluated once (its clues in time order); the business's clue history comes from
 * its clue summary (read anyway for correlation) when that covers the rules' window. Sets each clue's
 * `warnings` and `warningItems` (every warning item belongs to exactly one clue's commit). */
async function evaluateAll(resolved: Resolved[], summaries: Map<string, ClueBusinessItem>): Promise<void> {
  const matched = resolved.filter((r) => r.creditCode);
  if (!matched.length) return;
  const since = new Date(Clock.nowMs() - windowMs()).toISOString();
  const res = await Warning.evaluateClues(
    matched.map((r) => ({
      creditCode: r.creditCode!,
      source: r.draft.source,
      itemCodes: r.draft.itemCodes,
      ...(r.draft.reading ? { reading: r.draft.reading } : {}),
      ...(r.grade ? { grade: r.grade } : {}),
      at: r.draft.receivedAt,
      departmentId: r.leadDepartmentId,
      ...(r.entityName ? { entityName: r.entityName } : {}),
      clueId: r.draft.id,
    })),
    {
      known: (code) => {
        const s = summaries.get(code);
        if (!s) return undefined;
        // The summary keeps every clue received within the window (newest RECENT_MAX): complete from `since` (or its oldest entry when full).
        const dates = s.recent.map((e) => e.split("|")[0]!);
        const from = s.recent.length >= RECENT_MAX ? (dates[0]! > since ? dates[0]! : since) : since;
        return { clueDates: dates.filter((d) => d >= from), since: from };
      },
    },
  );
  matched.forEach((r, i) => {
    r.warnings = res.results[i]!.fired.map((f) => ({ ruleId: f.ruleId, ruleName: f.ruleName, facts: f.facts, level: f.level }));
    r.warningItems = () => res.itemsAt(i);
  });
}

/** Name-and-address lookups of one batch, shared: the same name twice is looked up once. */
type CandidateCache = Map<string, ReturnType<typeof candidatesFor>>;

async function resolve(drafts: Draft[]): Promise<Resolved[]> {
  const tenantId = useTenant();
  const places = placesOf(tenantId);
  const codes = drafts.flatMap((d) => (d.business.creditCode ? [d.business.creditCode] : []));
  const directory = new Map((await Business.getMany(codes)).map((b) => [b.creditCode, b]));
  const routes = new Map<string, Promise<{ departmentId: string; source: "assignment" | "catalogue" } | undefined>>();
  const lookups: CandidateCache = new Map();
  const at = Clock.iso();
  return Promise.all(
    drafts.map(async (d): Promise<Resolved> => {
      const routed = await route(d, routes);
      let out: Omit<Resolved, "warnings" | "warningItems">;
      const known = d.business.creditCode ? directory.get(d.business.creditCode) : undefined;
      if (known) {
        out = { draft: d, creditCode: known.creditCode, entityName: known.name, grade: known.grade, match: { by: "credit-code", confidence: 1, at }, ...routed };
      } else if (d.business.name) {
        const key = `${d.business.name}\u0000${d.business.address ?? ""}`;
        let pending = lookups.get(key);
        if (!pending) lookups.set(key, (pending = candidatesFor(d.business.name, d.business.address, places)));
        const candidates = await pending;
        const auto = d.business.creditCode ? undefined : autoMatch(candidates);
        out = auto
          ? { draft: d, creditCode: auto.creditCode, entityName: auto.name, match: { by: "auto", confidence: auto.confidence, at }, candidates, ...routed }
          : { draft: d, candidates, unmatchedReason: d.business.creditCode ? "unknown-code" : candidates.length ? "needs-confirmation" : "no-candidate", ...routed };
      } else {
        out = { draft: d, candidates: [], unmatchedReason: "unknown-code", ...routed };
      }
      return { ...out, warnings: [], warningItems: () => [] };
    }),
  );
}

function clueRow(tenantId: string, r: Resolved, filedBy: ReturnType<typeof actorRef>, taskId: string | undefined, version = 1, match = r.match): ClueItem {
  const d = r.draft;
  return {
    tenantId,
    id: d.id,
    status: taskId ? "tasked" : "unmatched",
    source: d.source,
    ...(d.externalId ? { externalId: d.externalId } : {}),
    receivedAt: d.receivedAt,
    business: d.business,
    ...(r.creditCode ? { creditCode: r.creditCode, entityName: r.entityName } : {}),
    facts: d.facts,
    itemCodes: d.itemCodes,
    evidence: d.evidence,
    ...(d.reading ? { reading: d.reading } : {}),
    leadDepartmentId: r.leadDepartmentId,
    routedBy: r.routedBy,
    ...(match ? { match } : {}),
    ...(r.candidates ? { candidates: r.candidates } : {}),
    ...(!taskId && r.unmatchedReason ? { unmatchedReason: r.unmatchedReason } : {}),
    ...(taskId ? { taskId } : {}),
    ...(d.campaignId ? { campaignId: d.campaignId } : {}),
    ...(r.warnings.length ? { warnings: r.warnings } : {}),
    filedBy,
    version,
  };
}

const RECENT_MAX = 200;

/** A clue's row: created (with its source reference, both on condition they do not exist) or, matched later, replaced at its version. */
function clueWrites(tenantId: string, row: ClueItem, prior: number | undefined): TxItem[] {
  if (prior) return [Tx.put(ClueEntity.put(row).where((a, op) => op.eq(a.version, prior)))];
  return [
    Tx.put(ClueEntity.create(row)),
    ...(row.externalId ? [Tx.put(ClueRefEntity.create({ tenantId, source: row.source, externalId: row.externalId, clueId: row.id }))] : []),
  ];
}

/** One business's writes: its clues, the tasks they open or join, the departments' shares, its summary. */
function businessItems(
  tenantId: string,
  creditCode: string,
  entityName: string,
  group: Resolved[],
  summary: ClueBusinessItem | undefined,
  filedBy: ReturnType<typeof actorRef>,
  existing: Map<string, number>,
): { items: TxItem[]; taskOf: Map<string, string>; changes: TaskChange[] } {
  const open: OpenTask | undefined =
    summary?.openTaskId && summary.openedAt && summary.until
      ? { taskId: summary.openTaskId, openedAt: summary.openedAt, until: summary.until, departmentIds: summary.departmentIds ?? [] }
      : undefined;
  const incoming: Incoming[] = group.map((r) => ({ id: r.draft.id, at: r.draft.receivedAt, departmentId: r.leadDepartmentId, itemCodes: r.draft.itemCodes, source: r.draft.source }));
  const { changes, open: next } = plan(open, incoming, windowMs(), () => createId("ctk"));
  const taskOf = new Map(changes.flatMap((c) => c.clueIds.map((id) => [id, c.taskId] as const)));
  const items: TxItem[] = [];
  for (const r of group) {
    const prior = existing.get(r.draft.id);
    const row = clueRow(tenantId, r, filedBy, taskOf.get(r.draft.id), prior ? prior + 1 : 1);
    items.push(...clueWrites(tenantId, row, prior));
    items.push(...r.warningItems());
  }
  const campaignId = group.find((r) => r.draft.campaignId)?.draft.campaignId;
  for (const c of changes) {
    if (c.isNew) {
      items.push(
        Tx.put(
          ClueTaskEntity.create({
            tenantId,
            id: c.taskId,
            status: "open",
            creditCode,
            entityName,
            leadDepartmentId: c.leadDepartmentId,
            departmentIds: c.newDepartmentIds,
            ...(c.itemCodes.length ? { itemCodes: c.itemCodes } : {}),
            sources: c.sources,
            clueCount: c.clueIds.length,
            openedAt: c.openedAt,
            until: c.until,
            lastClueAt: c.lastAt,
            ...(campaignId ? { campaignId } : {}),
            version: 1,
          }),
        ),
      );
    } else {
      const add: { clueCount: number; sources: string[]; departmentIds?: string[]; itemCodes?: string[] } = { clueCount: c.clueIds.length, sources: c.sources };
      if (c.newDepartmentIds.length) add.departmentIds = c.newDepartmentIds;
      if (c.itemCodes.length) add.itemCodes = c.itemCodes;
      // Sets and a counter: concurrent joins commute; only a task no longer open refuses.
      items.push(
        Tx.update(
          ClueTaskEntity.update({ tenantId, id: c.taskId })
            .add(add)
            .set({ lastClueAt: c.lastAt })
            .where((a, op) => op.eq(a.status, "open")),
        ),
      );
    }
    for (const dep of c.newDepartmentIds) items.push(Tx.put(ClueTaskDepartmentEntity.put({ tenantId, departmentId: dep, taskId: c.taskId })));
  }
  const since = new Date(Clock.nowMs() - windowMs()).toISOString();
  const recent = [...(summary?.recent ?? []).filter((e) => e >= since), ...group.map((r) => `${r.draft.receivedAt}|${r.draft.source}|${r.draft.id}`)].sort().slice(-RECENT_MAX);
  const nextSummary: ClueBusinessItem = {
    tenantId,
    creditCode,
    ...(next ? { openTaskId: next.taskId, openedAt: next.openedAt, until: next.until, departmentIds: next.departmentIds } : {}),
    recent,
    version: (summary?.version ?? 0) + 1,
  };
  items.push(
    Tx.put(
      summary
        ? ClueBusinessEntity.put(nextSummary).where((a, op) => op.eq(a.version, summary.version))
        : ClueBusinessEntity.put(nextSummary).where((a, op) => op.notExists(a.version)),
    ),
  );
  return { items, taskOf, changes };
}

/** Room for a commit's own items: DynamoDB's 100, less the audit event, its chain head and spare. */
const CHUNK_ITEMS = 90;
/** Rounds of a batch: a chunk that lost a race (another batch about one of its businesses committed
 * first) is redone with fresh reads; a few rounds settle any interleaving of a handful of batches. */
const MAX_ROUNDS = 20;

class Retry extends Error {}

type Landed = Map<string, { status: "unmatched" | "tasked"; taskId?: string }>;

/** Which of the drafts' source references are already stored, and as which clue (BatchGetItem of the reference items). */
async function storedRefs(tenantId: string, drafts: Draft[]): Promise<Map<string, string>> {
  const keys = [...new Map(drafts.filter((d) => d.externalId).map((d) => [refKey(d), { tenantId, source: d.source, externalId: d.externalId! }])).values()];
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 100) {
    const found = await ClueRefEntity.get(keys.slice(i, i + 100)).go({ consistent: true });
    for (const r of found.data) out.set(`${r.source}\u0000${r.externalId}`, r.clueId);
  }
  return out;
}
const refKey = (d: Draft) => `${d.source}\u0000${d.externalId ?? ""}`;

/** The businesses' clue summaries (open task, recent clues), by BatchGetItem, consistent. */
async function summariesOf(tenantId: string, codes: string[]): Promise<Map<string, ClueBusinessItem>> {
  const out = new Map<string, ClueBusinessItem>();
  for (let i = 0; i < codes.length; i += 100) {
    const got = await ClueBusinessEntity.get(codes.slice(i, i + 100).map((creditCode) => ({ tenantId, creditCode }))).go({ consistent: true });
    for (const s of got.data) out.set(s.creditCode, s);
  }
  return out;
}

/** Match, route, evaluate and correlate validated clues of one batch, then store them: whole businesses
 * per commit (all of a business's clues of the batch together), each commit ONE transaction with ONE
 * audit event over the Merkle root of its clues. Reads: one BatchGetItem for duplicates, one for the
 * directory, one for the summaries, the warning evaluation once per business; a name-only clue's lookup
 * in the name index. Writes are conditional (a new task on the summary's version, a join on the task
 * being open, a clue on not existing), so concurrent batches about one business still make one task
 * and a resent clue lands once: the chunk that loses re-reads and is redone. */
async function ingest(drafts: Draft[], action: "clue.intake" | "clue.file"): Promise<{ landed: Landed; duplicates: Map<number, string> }> {
  const tenantId = useTenant();
  const filedBy = actorRef(useActor());
  const landed: Landed = new Map();
  // A resent clue (same source reference) names the stored clue: reported by its index, never stored twice.
  const duplicates = new Map<number, string>();
  const stored = await storedRefs(tenantId, drafts);
  const first = new Map<string, Draft>();
  const pending = drafts.filter((d) => {
    const known = d.externalId ? (stored.get(refKey(d)) ?? first.get(refKey(d))?.id) : undefined;
    if (known) return void duplicates.set(d.index, known), false;
    if (d.externalId) first.set(refKey(d), d);
    return true;
  });
  const resolved = await resolve(pending);
  const codes = [...new Set(resolved.flatMap((r) => (r.creditCode ? [r.creditCode] : [])))];
  let summaries = await summariesOf(tenantId, codes);
  await evaluateAll(resolved, summaries);
  let queue = resolved;
  for (let round = 0; queue.length && round < MAX_ROUNDS; round++) {
    if (round > 0) {
      // Lost a race: clues another request stored meanwhile are duplicates; the rest go again on fresh summaries.
      const now = await storedRefs(tenantId, queue.map((r) => r.draft));
      queue = queue.filter((r) => {
        const id = r.draft.externalId ? now.get(refKey(r.draft)) : undefined;
        if (id) duplicates.set(r.draft.index, id);
        return !id;
      });
      summaries = await summariesOf(tenantId, [...new Set(queue.flatMap((r) => (r.creditCode ? [r.creditCode] : [])))]);
      await new Promise((r) => setTimeout(r, Math.random() * 20 * round));
    }
    const groups = new Map<string, Resolved[]>();
    const unmatched: Resolved[] = [];
    for (const r of queue) {
      if (!r.creditCode) unmatched.push(r);
      else groups.set(r.creditCode, [...(groups.get(r.creditCode) ?? []), r]);
    }
    queue = await commitGroups(tenantId, groups, unmatched, filedBy, action, landed, new Map(), summaries);
  }
  if (queue.length) throw new ConflictError();
  return { landed, duplicates };
}

/** Commit groups in chunks; returns the clues of chunks that lost a race (to redo with fresh reads). */
async function commitGroups(
  tenantId: string,
  groups: Map<string, Resolved[]>,
  unmatched: Resolved[],
  filedBy: ReturnType<typeof actorRef>,
  action: string,
  landed: Landed,
  existing: Map<string, number>,
  summaries: Map<string, ClueBusinessItem>,
): Promise<Resolved[]> {
  type Unit = { clues: Resolved[]; build: () => { items: TxItem[]; taskOf: Map<string, string>; changes: TaskChange[] }; size: number };
  const units: Unit[] = [];
  const deferred: Resolved[] = [];
  for (const [code, group] of groups) {
    const unit = (clues: Resolved[]): Unit => {
      const build = () => businessItems(tenantId, code, clues[0]!.entityName ?? code, clues, summaries.get(code), filedBy, existing);
      return { clues, build, size: build().items.length };
    };
    let u = unit(group);
    if (u.size > CHUNK_ITEMS) {
      // More of one business in one batch than a transaction holds: its earliest clues now, the rest next round (on the summary this one writes).
      const sorted = [...group].sort((a, b) => a.draft.receivedAt.localeCompare(b.draft.receivedAt) || a.draft.id.localeCompare(b.draft.id));
      let n = sorted.length;
      while (n > 1 && u.size > CHUNK_ITEMS) u = unit(sorted.slice(0, (n = Math.ceil(n / 2))));
      deferred.push(...sorted.slice(n));
    }
    units.push(u);
  }
  for (const r of unmatched) {
    const build = () => {
      const prior = existing.get(r.draft.id);
      const row = clueRow(tenantId, r, filedBy, undefined, prior ? prior + 1 : 1);
      return { items: clueWrites(tenantId, row, prior), taskOf: new Map<string, string>(), changes: [] };
    };
    units.push({ clues: [r], build, size: 1 });
  }
  const chunks: Unit[][] = [];
  let current: Unit[] = [];
  let size = 0;
  for (const u of units) {
    if (current.length && size + u.size > CHUNK_ITEMS) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(u);
    size += u.size;
  }
  if (current.length) chunks.push(current);
  const failed: Resolved[] = [];
  for (const chunk of chunks) {
    const clues = chunk.flatMap((u) => u.clues);
    const leaves = clues.map((r) => sha256(canonicalJson([r.draft.id, r.draft.source, r.creditCode ?? "-", r.leadDepartmentId, r.draft.facts])));
    let built: ReturnType<Unit["build"]>[] = [];
    const chunkCodes = [...new Set(clues.flatMap((r) => (r.creditCode ? [r.creditCode] : [])))];
    try {
      // The summaries afresh while this process holds the tenant's chain: no other batch of this process commits in between,
      // so concurrent batches here never lose a race (another process still can: the conditions settle it).
      await withChain(tenantId, async () => {
        if (chunkCodes.length) {
          const fresh = await summariesOf(tenantId, chunkCodes);
          for (const code of chunkCodes) {
            const f = fresh.get(code);
            if (f) summaries.set(code, f);
            else summaries.delete(code);
          }
        }
        await commit({
        action,
        target: { type: "clue", id: clues[0]!.draft.id },
        state: { clueIds: clues.map((r) => r.draft.id), root: merkleRoot(leaves) },
        summary: { count: clues.length, sources: [...new Set(clues.map((r) => r.draft.source))].join("、"), root: merkleRoot(leaves) },
        items: () => {
          built = chunk.map((u) => u.build());
          return built.flatMap((b) => b.items);
        },
        onConditionFailed: () => new Retry("race"),
        });
      });
    } catch (err) {
      if (err instanceof Retry || err instanceof ConflictError) {
        failed.push(...clues);
        continue;
      }
      throw err;
    }
    const taskOf = new Map(built.flatMap((b) => [...b.taskOf]));
    for (const r of clues) {
      const taskId = taskOf.get(r.draft.id);
      landed.set(r.draft.id, taskId ? { status: "tasked", taskId } : { status: "unmatched" });
    }
  }
  return [...failed, ...deferred];
}

function draftOf(index: number, input: z.output<typeof FileInput> & { externalId?: string }, extra: Partial<Draft> = {}): Draft {
  const tenantId = useTenant();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt).toISOString() : Clock.iso();
  return {
    index,
    id: clueIdOf(tenantId, input.source, input.externalId, receivedAt),
    ...(input.externalId ? { externalId: input.externalId } : {}),
    source: input.source,
    receivedAt,
    business: Object.fromEntries(Object.entries(input.business).filter(([, v]) => v !== undefined)) as Draft["business"],
    facts: input.facts,
    itemCodes: [...new Set(input.itemCodes)],
    evidence: input.evidence,
    ...(input.reading ? { reading: input.reading } : {}),
    ...extra,
  };
}

function assertMachine(actor: Actor) {
  if (actor.type !== "machine") throw new VisibleError("clue.machine_only", {}, 403);
}

/** The source a machine client speaks for: client IDs are registered as `clue-<source>-<tenant>` (e.g.
 * `clue-hotline-12345-350102`), so a client is bound to one source of its own tenant. Undefined when the
 * client is not registered that way (it may send no clue at all). */
export function boundSource(clientId: string, tenantId: string): Source | undefined {
  const m = /^clue-(.+)-(\d{6})$/.exec(clientId);
  if (!m || m[2] !== tenantId) return undefined;
  return (MachineSources as readonly string[]).includes(m[1]!) ? (m[1] as Source) : undefined;
}

/** POST /api/clues/intake: a source system's batch. Each clue is checked on its
 * own: the good ones land, the bad ones are listed with each field and rule;
 * none good → 400 naming every field (`clues.<n>.<field>`). */
export const intake = fn(IntakeBatch, async (batch): Promise<IntakeResult> => {
  const actor = useActor();
  assertMachine(actor);
  const clientId = actor.type === "machine" ? actor.clientId : "";
  const bound = boundSource(clientId, useTenant());
  if (!bound) throw new VisibleError("clue.client_unbound", { clientId }, 403);
  // A client speaks for its own source only: any clue claiming another source refuses the whole request (nothing lands);
  // a value that is no source at all is a malformed entry like any other (rejected with its field).
  const foreign = batch.clues.flatMap((raw, index) => ((MachineSources as readonly unknown[]).includes(raw.source) && raw.source !== bound ? [index] : []));
  if (foreign.length) {
    throw new VisibleError(
      "clue.source_not_bound",
      { clientId, source: bound },
      403,
      foreign.map((index) => ({ field: `clues.${index}.source`, rule: "clue.source_not_bound", params: { clientId, source: bound } })),
    );
  }
  const rejected: IntakeResult["rejected"] = [];
  const drafts: Draft[] = [];
  batch.clues.forEach((raw, index) => {
    const parsed = IntakeClueV1.safeParse(raw);
    const externalId = typeof raw.externalId === "string" ? raw.externalId : undefined;
    if (!parsed.success) {
      rejected.push({ index, ...(externalId ? { externalId } : {}), errors: describeZodIssues(parsed.error, useLocale()).map((e) => ({ ...e, field: `clues.${index}.${e.field}` })) });
      return;
    }
    drafts.push(draftOf(index, parsed.data));
  });
  if (drafts.length === 0) {
    throw new VisibleError("request.invalid", {}, 400, rejected.flatMap((r) => r.errors));
  }
  const { landed, duplicates } = await ingest(drafts, "clue.intake");
  return {
    accepted: drafts.filter((d) => !duplicates.has(d.index) && landed.has(d.id)).map((d) => ({ index: d.index, ...(d.externalId ? { externalId: d.externalId } : {}), id: d.id, ...landed.get(d.id)! })),
    duplicates: drafts.filter((d) => duplicates.has(d.index)).map((d) => ({ index: d.index, ...(d.externalId ? { externalId: d.externalId } : {}), id: duplicates.get(d.index)! })),
    rejected,
  };
});

/** POST /api/clues: an officer files a clue from the portal (a clue without items goes to their own department). */
export const file = fn(FileInput, async (input) => {
  const actor = useActor();
  const own = actor.type === "user" ? actor.departmentId : undefined;
  const draft = draftOf(0, input, own ? { fallbackDepartmentId: own } : {});
  await ingest([draft], "clue.file");
  return fromID(draft.id);
});

/** Clues raised by a special campaign (campaign/ calls this): they correlate like any other. */
export async function raise(input: { campaignId: string; clues: { creditCode: string; facts: string; itemCodes: string[] }[] }) {
  const drafts = input.clues.map((c, i) => draftOf(i, { source: "campaign", business: { creditCode: c.creditCode }, facts: c.facts, itemCodes: c.itemCodes, evidence: [] }, { campaignId: input.campaignId }));
  const { landed } = await ingest(drafts, "clue.file");
  return drafts.map((d) => ({ id: d.id, creditCode: d.business.creditCode!, ...(landed.get(d.id) ?? { status: "unmatched" as const }) }));
}

// ---------------------------------------------------------------- matching by the officer

export const MatchBody = z
  .object({ version: z.number().int().positive(), creditCode: CreditCode })
  .meta({ id: "ClueMatch", example: { version: 1, creditCode: "91350102MA2Y0X0T31" } });
export const MatchInput = MatchBody.extend({ id: Id });

/** The officer confirms a candidate (or names another business): the clue is matched and joins the business's open task. */
export const confirmMatch = fn(MatchInput, async (input) => {
  const tenantId = useTenant();
  const row = await visibleRow(input.id);
  if (row.status !== "unmatched") throw new VisibleError("clue.already_matched", {}, 409);
  if (row.version !== input.version) throw new ConflictError();
  const business = await Business.fromCode(input.creditCode).catch(() => {
    throw new VisibleError("clue.business_unknown", { creditCode: input.creditCode }, 400, [{ field: "creditCode", rule: "clue.business_unknown", params: { creditCode: input.creditCode } }]);
  });
  const actor = useActor();
  const officer = actor.type === "user" ? { id: actor.userId, name: actor.name } : undefined;
  const candidate = row.candidates?.find((c) => c.creditCode === business.creditCode);
  const draft: Draft = {
    index: 0,
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    source: row.source as Source,
    receivedAt: row.receivedAt,
    business: row.business,
    facts: row.facts,
    itemCodes: row.itemCodes,
    evidence: row.evidence,
    ...(row.reading ? { reading: row.reading } : {}),
    ...(row.campaignId ? { campaignId: row.campaignId } : {}),
  };
  const base: Omit<Resolved, "warnings" | "warningItems"> = {
    draft,
    creditCode: business.creditCode,
    entityName: business.name,
    match: { by: "officer" as const, confidence: candidate?.confidence ?? 0, at: Clock.iso(), ...(officer ? { officer } : {}) },
    ...(row.candidates ? { candidates: row.candidates } : {}),
    leadDepartmentId: row.leadDepartmentId,
    routedBy: row.routedBy,
    grade: business.grade,
  };
  const resolved: Resolved = { ...base, warnings: [], warningItems: () => [] };
  let summaries = await summariesOf(tenantId, [business.creditCode]);
  await evaluateAll([resolved], summaries);
  const landed: Landed = new Map();
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) summaries = await summariesOf(tenantId, [business.creditCode]);
    const failed = await commitGroups(tenantId, new Map([[business.creditCode, [resolved]]]), [], actorRef(actor), "clue.match", landed, new Map([[row.id, row.version]]), summaries);
    if (failed.length === 0) break;
    const again = (await ClueEntity.get({ tenantId, id: row.id }).go({ consistent: true })).data;
    if (!again || again.version !== row.version) throw new ConflictError();
  }
  if (!landed.has(row.id)) throw new ConflictError();
  return fromID(row.id);
});

// ---------------------------------------------------------------- reads

async function visibleRow(id: string): Promise<ClueItem> {
  const res = await ClueEntity.get({ tenantId: useTenant(), id }).go({ consistent: true });
  if (!res.data || !Department.owns(res.data.leadDepartmentId)) throw new NotFoundError("clue.not_found");
  return res.data;
}

export const fromID = fn(Id, async (id) => toInfo(await visibleRow(id)));

export const ListInput = PageInput.extend({ status: z.enum(ClueStatuses).optional() });

/** One page of clues, newest first: by status for the office; a department's own (lead) clues for its officers. */
export async function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  const { status, ...p } = ListInput.parse(input);
  const tenantId = useTenant();
  const scope = Department.scopeOf();
  if (scope.all) {
    if (status) return mapPage(await page(ClueEntity.query.byStatus({ tenantId, status }), p), toInfo);
    return mapPage(await page(ClueEntity.query.byTenant({ tenantId }), p), toInfo);
  }
  if (!scope.departmentId) return { items: [], cursor: null };
  const q = status ? ClueEntity.query.byDepartment({ tenantId, leadDepartmentId: scope.departmentId, status }) : ClueEntity.query.byDepartment({ tenantId, leadDepartmentId: scope.departmentId });
  return mapPage(await page(q, p), toInfo);
}

export const ListPage = pageOf(Info).meta({ id: "CluePage" });

/** Clues about a business within the last `days`, counted by source (warn14's rules: N clues within a window). */
export async function recentFor(creditCode: string, days: number): Promise<{ total: number; bySource: Record<string, number> }> {
  const res = await ClueBusinessEntity.get({ tenantId: useTenant(), creditCode }).go({ consistent: true });
  const bySource = countBySource(res.data?.recent ?? [], new Date(Clock.nowMs() - days * 24 * 3600 * 1000).toISOString());
  return { total: Object.values(bySource).reduce((s, n) => s + n, 0), bySource };
}

/** The business's task that still collects clues, if any. */
export async function openTaskFor(creditCode: string): Promise<TaskInfo | undefined> {
  const tenantId = useTenant();
  const s = (await ClueBusinessEntity.get({ tenantId, creditCode }).go({ consistent: true })).data;
  if (!s?.openTaskId) return undefined;
  const t = (await ClueTaskEntity.get({ tenantId, id: s.openTaskId }).go({ consistent: true })).data;
  return t && t.status === "open" ? toTaskInfo(t) : undefined;
}

// ---------------------------------------------------------------- tasks

export const TaskListInput = PageInput.extend({ status: z.enum(TaskStatuses).optional() });

/** One page of tasks: by status for the office; for an officer, the tasks their department takes part in (status filtered within the page). */
export async function tasks(input: z.input<typeof TaskListInput> = {}): Promise<Page<TaskInfo>> {
  const { status, ...p } = TaskListInput.parse(input);
  const tenantId = useTenant();
  const scope = Department.scopeOf();
  if (scope.all) {
    if (status) return mapPage(await page(ClueTaskEntity.query.byStatus({ tenantId, status }), p), toTaskInfo);
    return mapPage(await page(ClueTaskEntity.query.byTenant({ tenantId }), p), toTaskInfo);
  }
  if (!scope.departmentId) return { items: [], cursor: null };
  const mine = await page(ClueTaskDepartmentEntity.query.byDepartment({ tenantId, departmentId: scope.departmentId }), p);
  const got = mine.items.length ? await ClueTaskEntity.get(mine.items.map((m) => ({ tenantId, id: m.taskId }))).go() : { data: [] as ClueTaskItem[] };
  const byId = new Map(got.data.map((r) => [r.id, r]));
  return {
    items: mine.items
      .map((m) => byId.get(m.taskId))
      .filter((r): r is ClueTaskItem => !!r && (!status || r.status === status))
      .map(toTaskInfo),
    cursor: mine.cursor,
  };
}

export const TaskPage = pageOf(TaskInfo).meta({ id: "ClueTaskPage" });

async function visibleTask(id: string): Promise<ClueTaskItem> {
  const res = await ClueTaskEntity.get({ tenantId: useTenant(), id }).go({ consistent: true });
  if (!res.data || !Department.ownsAny([...(res.data.departmentIds ?? [])])) throw new NotFoundError("clue.task_not_found");
  return res.data;
}

export const taskFromID = fn(TaskId, async (id) => toTaskInfo(await visibleTask(id)));

/** Earlier tasks of the business (newest first), for the pre-task check. */
export async function tasksOfBusiness(creditCode: string, limit = 20): Promise<TaskInfo[]> {
  const res = await page(ClueTaskEntity.query.byBusiness({ tenantId: useTenant(), creditCode }), { limit });
  return res.items.map(toTaskInfo);
}

export { TaskChange };

/** The task turned into an inspection or a visit: recorded on the task, which stops collecting clues. */
export async function markScheduled(input: { id: string; version: number; outcome: NonNullable<TaskInfo["outcome"]> }): Promise<TaskInfo> {
  const tenantId = useTenant();
  const current = await visibleTask(input.id);
  if (current.status !== "open") throw new VisibleError("clue.task_not_open", {}, 409);
  if (current.version !== input.version) throw new ConflictError();
  const summary = (await ClueBusinessEntity.get({ tenantId, creditCode: current.creditCode }).go({ consistent: true })).data;
  const next: ClueTaskItem = { ...current, status: "scheduled", outcome: input.outcome, version: current.version + 1 };
  await commit({
    action: "clue.task_schedule",
    target: { type: "clueTask", id: current.id },
    state: toTaskInfo(next),
    summary: { creditCode: current.creditCode, kind: input.outcome.kind, refId: input.outcome.refId, reason: input.outcome.reason },
    items: () => [
      Tx.put(ClueTaskEntity.put(next).where((a, op) => op.eq(a.version, input.version))),
      // A new clue about the business now opens a new task.
      ...(summary?.openTaskId === current.id
        ? [
            Tx.put(
              ClueBusinessEntity.put({ tenantId, creditCode: current.creditCode, recent: summary.recent, version: summary.version + 1 }).where((a, op) => op.eq(a.version, summary.version)),
            ),
          ]
        : []),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return toTaskInfo(next);
}

export const TABLE = () => useConfig().TABLE_NAME;

// ---------------------------------------------------------------- before a task becomes an inspection

export const Precheck = z
  .object({
    task: TaskInfo,
    /** Earlier tasks of the business formed from clues (the scheduled ones name their inspection). */
    earlierTasks: z.array(TaskInfo),
    /** Results recognised province-wide (any tenant) still valid for the task's items: inspecting again needs a reason. */
    recognised: z.array(z.object({ issuingTenant: z.string(), issuingTenantName: z.string(), resultDate: z.string(), outcome: z.string(), validUntil: z.string(), itemCodes: z.array(z.string()) })),
    /** Each department's enforcement body against its yearly cap for the business. */
    cap: z.array(z.object({ departmentId: z.string(), bodyId: z.string(), count: z.number(), cap: z.number(), state: z.string() })),
    /** Inspections of the business this year counted against the caps (tasks of draws and plans). */
    planned: z.array(z.object({ id: z.string(), from: z.string(), to: z.string(), bodies: z.array(z.string()) })),
    /** Duplicate / too-frequent inspection warnings (重复检查、高频检查) for the planned date. */
    warnings: z.array(z.object({ ruleId: z.string(), ruleName: z.object({ zh: z.string(), en: z.string() }), facts: z.array(z.string()), level: z.string() })),
    /** What the check found, as codes; any → going ahead needs a recorded reason. */
    findings: z.array(z.string()),
    needsReason: z.boolean(),
    on: z.string(),
  })
  .meta({ id: "ClueTaskPrecheck" });
export type Precheck = z.infer<typeof Precheck>;

export const MIN_REASON = 10;

export const PrecheckInput = z.object({ id: TaskId, plannedDate: IsoDate.optional() });

/** What the officer sees before a task becomes an inspection: the business's recent tasks, recognised results from any tenant, its yearly cap, and the duplicate/high-frequency warnings. */
export const precheck = fn(PrecheckInput, async ({ id, plannedDate }): Promise<Precheck> => {
  const task = toTaskInfo(await visibleTask(id));
  const on = plannedDate ?? Policy.shanghaiDate(Clock.now());
  const bodies = (await Promise.all(task.departmentIds.map(async (departmentId) => ({ departmentId, body: await Enforcement.bodyOfDepartment(departmentId) })))).filter(
    (b): b is { departmentId: string; body: Enforcement.Info } => !!b.body,
  );
  const [earlier, recognised, status, warnings] = await Promise.all([
    tasksOfBusiness(task.creditCode),
    Recognition.validFor({ creditCode: task.creditCode, itemCodes: task.itemCodes, on: new Date(`${on}T12:00:00+08:00`) }),
    bodies.length ? Plan.capStatus({ creditCode: task.creditCode, year: Number(on.slice(0, 4)), bodyIds: bodies.map((b) => b.body.id) }) : Promise.resolve(undefined),
    // The duplicate/high-frequency rules count enforcement bodies: a department without one has nothing to count.
    bodies.length ? Warning.checkInspection({ creditCode: task.creditCode, bodyIds: bodies.map((b) => b.body.id), on, itemCodes: task.itemCodes }) : Promise.resolve([]),
  ]);
  const cap = (status?.bodies ?? []).map((b) => ({ departmentId: bodies.find((x) => x.body.id === b.bodyId)!.departmentId, bodyId: b.bodyId, count: b.count, cap: b.cap, state: b.state }));
  const findings = [
    ...(recognised.length ? ["recognised"] : []),
    ...(cap.some((c) => c.count >= c.cap) ? ["over-cap"] : []),
    ...warnings.map((w) => `warning:${w.ruleId}`),
  ];
  return {
    task,
    earlierTasks: earlier.filter((t) => t.id !== task.id),
    recognised: recognised.map(Recognition.summary).map((r) => ({ ...r, outcome: String(r.outcome) })),
    cap,
    planned: (status?.tasks ?? []).map((t) => ({ id: t.id, from: t.from, to: t.to, bodies: t.b })),
    warnings: warnings.map((w) => ({ ruleId: w.ruleId, ruleName: w.ruleName, facts: w.facts, level: w.level })),
    findings,
    needsReason: findings.length > 0,
    on,
  };
});

export const ProceedBody = z
  .object({
    version: z.number().int().positive(),
    plannedDate: IsoDate,
    /** Required when the pre-task check found anything (recognised results, the cap, a duplicate or too-frequent warning). */
    reason: z.string().trim().min(MIN_REASON).max(500).optional(),
  })
  .meta({ id: "ClueTaskProceed", example: { version: 1, plannedDate: "2026-12-15" } });
export const ProceedInput = ProceedBody.extend({ id: TaskId });

/** The task becomes ONE inspection for all its departments and items (Inspection.schedule), the reason recorded when the check found anything. */
export const proceed = fn(ProceedInput, async (input) => {
  const check = await precheck({ id: input.id, plannedDate: input.plannedDate });
  const task = check.task;
  if (task.status !== "open") throw new VisibleError("clue.task_not_open", {}, 409);
  if (task.version !== input.version) throw new ConflictError();
  if (task.itemCodes.length === 0) throw new VisibleError("clue.task_no_items", {}, 409);
  if (check.needsReason && !input.reason) {
    const findings = check.findings.map((f) => (f === "recognised" ? "已有互认有效结果" : f === "over-cap" ? "已达年度检查上限" : `预警 ${f.slice(8)}`)).join("、");
    throw new VisibleError("clue.reason_required", { findings, min: MIN_REASON }, 409, [{ field: "reason", rule: "clue.reason_required", params: { findings, min: MIN_REASON } }]);
  }
  const inspection = await Inspection.schedule({
    creditCode: task.creditCode,
    entityName: task.entityName,
    itemCodes: task.itemCodes.slice(0, 20),
    plannedDate: input.plannedDate,
    departmentIds: [task.leadDepartmentId, ...task.departmentIds.filter((d) => d !== task.leadDepartmentId)].slice(0, 10),
    ...(check.recognised.length && input.reason ? { overrideReason: input.reason } : {}),
  });
  const actor = actorRef(useActor());
  const scheduled = await markScheduled({
    id: task.id,
    version: task.version,
    outcome: {
      kind: "inspection",
      refId: inspection.id,
      plannedDate: input.plannedDate,
      ...(input.reason ? { reason: input.reason } : {}),
      warnings: check.findings,
      by: { id: actor.id, name: actor.name },
      at: Clock.iso(),
    },
  });
  return { task: scheduled, inspection };
});
