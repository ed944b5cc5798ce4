export * as Assignment from "./index";

import * as z from "zod";
// The catalogue's read functions and pure rules, file by file: a consumer that
// routes by assignment (assistance) then bundles only these, not the catalogue's writes.
import { ItemCode } from "../catalogue/item";
import type { Diff } from "../catalogue/rules";
import { statusMessage } from "../catalogue/status";
import { itemsAt, tenantState, tenantVersion } from "../catalogue/store";
import type { SyncFollowUp } from "../catalogue/sync";
import { Clock } from "../clock";
import { actorRef, useActor, useLocale, useTenant } from "../context";
import { commit } from "../outbox/commit";
import { Limits, Tx, type TxItem } from "../dynamo/tx";
import { Department } from "../department";
import { departmentTypeName } from "../department/types";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { fn } from "../util/fn";
import { mapPage, page, PageInput, type Page } from "../util/page";
import { hashState, merkleRoot } from "../util/hash";
import { idSchema } from "../util/id";
import { AssignmentEntity, type AssignmentItem } from "./assignment.entity";
import { coverageCounts, coverageOf, outstandingOf } from "./coverage";
import { parseSheet } from "./parse";

export { SheetColumns, SheetColumnHints, sheetRows, suggest } from "./sheet";

/** 属地监管责任: for each item in force in a tenant, the local lead
 * department, the cooperating departments (each naming its responsible office
 * 责任处室 and person once it answers), and the lead's office and person. */

export const Status = z.enum(["assigned", "needs-review", "retired"]);

const DepartmentId = idSchema("dep");
const Office = z.string().trim().min(1).max(60);
const Person = z.string().trim().min(1).max(30);

export const CooperatingInfo = z.object({
  departmentId: z.string(),
  office: z.string().optional(),
  person: z.string().optional(),
  answeredAt: z.string().optional(),
});

export const Info = z
  .object({
    code: z.string(),
    itemName: z.string(),
    leadDepartmentId: z.string(),
    office: z.string().optional(),
    person: z.string().optional(),
    cooperating: z.array(CooperatingInfo),
    status: Status,
    reviewedVersion: z.number().int(),
    changedInVersion: z.number().int().optional(),
    changeBasis: z.string().optional(),
    disputeId: z.string().optional(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: "Assignment" });
export type Info = z.infer<typeof Info>;

/** One stored assignment. */
type Row = AssignmentItem;

/** The one mapping of a stored assignment to what the API shows. */
function toInfo(a: Row): Info {
  return Info.parse({
    code: a.code,
    itemName: a.itemName,
    leadDepartmentId: a.leadDepartmentId,
    office: a.leadOffice ?? undefined,
    person: a.leadPerson ?? undefined,
    cooperating: a.cooperating.map((c) => ({ departmentId: c.departmentId, office: c.office, person: c.person, answeredAt: c.answeredAt })),
    status: a.status,
    reviewedVersion: a.reviewedVersion,
    changedInVersion: a.changedInVersion ?? undefined,
    changeBasis: a.changeBasis ?? undefined,
    disputeId: a.disputeId ?? undefined,
    version: a.version,
    updatedAt: a.updatedAt,
  });
}

async function rows(): Promise<Row[]> {
  return (await AssignmentEntity.query.byTenant({ tenantId: useTenant() }).go({ pages: "all" })).data;
}

async function row(code: string): Promise<Row | undefined> {
  return (await AssignmentEntity.get({ tenantId: useTenant(), code }).go({ consistent: true })).data ?? undefined;
}

export const ListInput = PageInput.extend({
  status: z.enum(["assigned", "needs-review", "retired"]).optional().meta({ description: "只看此状态 / only this status" }),
  departmentId: z.string().max(40).optional().meta({ description: "牵头部门 / lead department" }),
});

/** One page of the tenant's assignments by item code; `status` and `departmentId`
 * (the lead) filter within the page read, so a page may hold fewer than `limit`. */
export function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  return listPage(input);
}
const listPage = fn(ListInput, async ({ status, departmentId, ...pageInput }) => {
  const q = AssignmentEntity.query.byTenant({ tenantId: useTenant() });
  const filtered = q.where((a, op) => [status ? op.eq(a.status, status) : "", departmentId ? op.eq(a.leadDepartmentId, departmentId) : ""].filter(Boolean).join(" AND "));
  return mapPage(await page(status || departmentId ? filtered : q, pageInput, "asc"), toInfo);
});

export const get = fn(ItemCode, async (code) => {
  const a = await row(code);
  if (!a) throw new NotFoundError("assignment.not_found");
  return toInfo(a);
});

function fieldError(path: (string | number)[], message: string, params: Record<string, unknown> = {}): Error {
  return new z.ZodRealError([{ code: "custom", path, message, params, input: undefined } as never]);
}

/** The item in force at the current tenant's synced version, or 404. */
async function itemInForce(code: string) {
  const version = await tenantVersion(useTenant());
  const item = (await itemsAt(version)).get(code);
  if (!item) throw new VisibleError("assignment.item_not_in_force", { code }, 404);
  return { item, version };
}

async function activeDepartments(): Promise<Map<string, Department.Info>> {
  return new Map((await Department.list()).filter((d) => d.status === "active").map((d) => [d.id, d]));
}

/** Coverage after a change, for the status report to the province. */
async function coverageReport(version: number, assignments: Row[]) {
  const items = [...(await itemsAt(version)).values()].map((i) => ({ code: i.code, name: i.name }));
  const departments = await Department.list();
  return coverageCounts(coverageOf(items, assignments, departments));
}

async function statusReport(assignments: Row[]) {
  const state = await tenantState(useTenant());
  if (!state) return [];
  return [statusMessage({ version: state.version, syncedAt: state.syncedAt, coverage: await coverageReport(state.version, assignments) })];
}

export const AssignFields = z.object({
    code: ItemCode,
    leadDepartmentId: DepartmentId,
    cooperatingDepartmentIds: z.array(DepartmentId).max(20).default([]),
    office: Office,
    person: Person,
    /** The version edited; required when the assignment exists. */
    version: z.number().int().positive().optional(),
  });
export const AssignInput = AssignFields.refine((a) => !a.cooperatingDepartmentIds.includes(a.leadDepartmentId), { message: "assignment.lead_also_cooperating", path: ["cooperatingDepartmentIds"] })
  .meta({ id: "AssignmentAssign" });

/** Assign (or re-assign) local responsibility for an item in force. Clears
 * needs-review and records the catalogue version reviewed. */
export const assign = fn(AssignInput, async (input) => {
  const tenantId = useTenant();
  const { item, version: catalogueVersion } = await itemInForce(input.code);
  const departments = await activeDepartments();
  if (!departments.has(input.leadDepartmentId)) throw fieldError(["leadDepartmentId"], "assignment.department_unknown", { id: input.leadDepartmentId });
  const cooperatingIds = [...new Set(input.cooperatingDepartmentIds)];
  cooperatingIds.forEach((id, i) => {
    if (!departments.has(id)) throw fieldError(["cooperatingDepartmentIds", i], "assignment.department_unknown", { id });
  });
  const all = await rows();
  const existing = all.find((a) => a.code === input.code);
  if (existing && input.version === undefined) throw new ConflictError("assignment.version_required", { version: existing.version });
  if (existing && input.version !== existing.version) throw new ConflictError();
  if (!existing && input.version !== undefined) throw new ConflictError();
  const previous = new Map((existing?.cooperating ?? []).map((c) => [c.departmentId, c]));
  const next: Row = {
    tenantId,
    code: input.code,
    itemName: item.name,
    leadDepartmentId: input.leadDepartmentId,
    leadOffice: input.office,
    leadPerson: input.person,
    cooperating: cooperatingIds.map((id) => previous.get(id) ?? { departmentId: id }),
    status: "assigned",
    reviewedVersion: catalogueVersion,
    version: (existing?.version ?? 0) + 1,
    updatedAt: Clock.iso(),
    updatedBy: actorRef(useActor()),
    ...(existing?.disputeId ? { disputeId: existing.disputeId } : {}),
  };
  // Coverage changes when an item gets its first assignment or leaves needs-review.
  const messages = existing?.status === "assigned" ? [] : await statusReport([...all.filter((a) => a.code !== input.code), next]);
  await commit({
    action: existing ? "assignment.update" : "assignment.create",
    target: { type: "assignment", id: input.code },
    state: next,
    summary: { code: input.code, lead: input.leadDepartmentId, cooperating: cooperatingIds.length, reviewedVersion: catalogueVersion },
    items: () => [
      Tx.put(AssignmentEntity.put(next).where((a, op) => (existing ? op.eq(a.version, existing.version) : op.notExists(a.version)))),
    ],
    messages,
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(next);
});

export const AnswerInput = z
  .object({ code: ItemCode, office: Office, person: Person })
  .meta({ id: "AssignmentAnswer" });

/** A cooperating department's officer answers the lead's call by naming its
 * responsible office and person. */
export const answer = fn(AnswerInput, async (input) => {
  const actor = useActor();
  const departmentId = actor.type === "user" ? actor.departmentId : undefined;
  if (!departmentId) throw new VisibleError("assignment.no_department", {}, 403);
  const a = await row(input.code);
  if (!a) throw new NotFoundError("assignment.not_found");
  if (a.status === "retired") throw new ConflictError("assignment.retired", { code: input.code });
  const cooperating = a.cooperating;
  if (!cooperating.some((c) => c.departmentId === departmentId)) throw new VisibleError("assignment.not_cooperating", { code: input.code }, 403);
  const at = Clock.iso();
  const by = actorRef(actor);
  const nextCooperating = cooperating.map((c) => (c.departmentId === departmentId ? { ...c, office: input.office, person: input.person, answeredAt: at, answeredBy: by } : c));
  const next: Row = { ...a, cooperating: nextCooperating, version: a.version + 1, updatedAt: at, updatedBy: by };
  await commit({
    action: "assignment.answer",
    target: { type: "assignment", id: input.code },
    state: next,
    summary: { code: input.code, department: departmentId, office: input.office },
    items: () => [
      Tx.update(
        AssignmentEntity.patch({ tenantId: a.tenantId, code: a.code })
          .set({ cooperating: nextCooperating, version: next.version, updatedAt: at, updatedBy: by })
          .where((x, op) => op.eq(x.version, a.version)),
      ),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(next);
});

/** Items with no assignment, items needing review, departments with no items. */
export async function coverage() {
  const version = await tenantVersion(useTenant());
  const items = [...(await itemsAt(version)).values()].map((i) => ({ code: i.code, name: i.name }));
  const c = coverageOf(items, await rows(), await Department.list());
  return { version, ...c, complete: c.unassigned.length === 0 && c.needsReview.length === 0 && c.items > 0 };
}

/** For the acting officer's department (or every open call for an admin):
 * calls it must answer and calls it is waiting on. */
export async function outstanding() {
  const actor = useActor();
  const admin = actor.type !== "user" || actor.role === "tenant-admin" || actor.role === "province-admin";
  const departmentId = !admin && actor.type === "user" ? actor.departmentId : undefined;
  if (!admin && !departmentId) return { departmentId: undefined, toAnswer: [], waitingOn: [] };
  return { departmentId, ...outstandingOf(await rows(), departmentId) };
}

// ---------------------------------------------------------------- bulk and the spreadsheet (issue 15 Found 4)

/** Rows one bulk change holds: all of them, its audit event, the chain head and
 * the status report fit in one DynamoDB transaction, so a bulk change lands whole or not at all. */
export const BULK_MAX = Limits.transactItems - 10;

export const BulkInput = z
  .object({
    rows: z.array(AssignFields).min(1).max(BULK_MAX),
    /** Where the rows came from, for the trail. */
    via: z.enum(["bulk", "import"]).default("bulk"),
  })
  .meta({ id: "AssignmentBulk" });

/** One row as the bulk event's Merkle root covers it: everything the assignment now says. */
export function bulkLeaf(a: { tenantId: string; code: string; leadDepartmentId: string; office?: string | null; person?: string | null; cooperatingDepartmentIds: string[]; version: number }) {
  return {
    tenantId: a.tenantId,
    code: a.code,
    leadDepartmentId: a.leadDepartmentId,
    office: a.office ?? undefined,
    person: a.person ?? undefined,
    cooperating: a.cooperatingDepartmentIds,
    version: a.version,
  };
}

type Issue = { path: (string | number)[]; message: string; params: Record<string, unknown> };
function fieldErrors(issues: Issue[]): Error {
  return new z.ZodRealError(issues.map((i) => ({ code: "custom", path: i.path, message: i.message, params: i.params, input: undefined }) as never));
}

/** Assign many items at once (the bulk confirm of the catalogue's suggestion,
 * or a sheet's changes): every row checked first, every error reported by row
 * (`rows.N.field`); then ONE transaction with ONE audit event whose state is
 * the Merkle root over every row as written. */
export const assignMany = fn(BulkInput, async ({ rows: input, via }) => {
  const tenantId = useTenant();
  const catalogueVersion = await tenantVersion(tenantId);
  const items = await itemsAt(catalogueVersion);
  const departments = await activeDepartments();
  const all = await rows();
  const byCode = new Map(all.map((a) => [a.code, a]));
  const issues: Issue[] = [];
  const seen = new Set<string>();
  input.forEach((r, i) => {
    const at = (field: string | number, ...rest: (string | number)[]) => ["rows", i, field, ...rest];
    if (seen.has(r.code)) issues.push({ path: at("code"), message: "assignment.bulk_duplicate_code", params: { code: r.code } });
    seen.add(r.code);
    if (!items.has(r.code)) issues.push({ path: at("code"), message: "assignment.item_not_in_force", params: { code: r.code } });
    if (!departments.has(r.leadDepartmentId)) issues.push({ path: at("leadDepartmentId"), message: "assignment.department_unknown", params: { id: r.leadDepartmentId } });
    r.cooperatingDepartmentIds.forEach((id, j) => {
      if (id === r.leadDepartmentId) issues.push({ path: at("cooperatingDepartmentIds", j), message: "assignment.lead_also_cooperating", params: {} });
      else if (!departments.has(id)) issues.push({ path: at("cooperatingDepartmentIds", j), message: "assignment.department_unknown", params: { id } });
    });
    const existing = byCode.get(r.code);
    if (existing && r.version === undefined) issues.push({ path: at("version"), message: "assignment.version_required", params: { version: existing.version } });
    else if (existing ? r.version !== existing.version : r.version !== undefined) issues.push({ path: at("version"), message: "assignment.stale", params: { code: r.code } });
  });
  if (issues.length) throw fieldErrors(issues);

  const at = Clock.iso();
  const by = actorRef(useActor());
  const next: Row[] = input.map((r) => {
    const existing = byCode.get(r.code);
    const previous = new Map((existing?.cooperating ?? []).map((c) => [c.departmentId, c]));
    return {
      tenantId,
      code: r.code,
      itemName: items.get(r.code)!.name,
      leadDepartmentId: r.leadDepartmentId,
      leadOffice: r.office,
      leadPerson: r.person,
      cooperating: [...new Set(r.cooperatingDepartmentIds)].map((id) => previous.get(id) ?? { departmentId: id }),
      status: "assigned",
      reviewedVersion: catalogueVersion,
      version: (existing?.version ?? 0) + 1,
      updatedAt: at,
      updatedBy: by,
      ...(existing?.disputeId ? { disputeId: existing.disputeId } : {}),
    };
  });
  const root = merkleRoot(
    next.map((n) => hashState(bulkLeaf({ ...n, office: n.leadOffice, person: n.leadPerson, cooperatingDepartmentIds: n.cooperating.map((c) => c.departmentId) }))),
  );
  const created = input.filter((r) => !byCode.has(r.code)).length;
  const codes = new Set(next.map((n) => n.code));
  const coverageChanges = next.some((n) => byCode.get(n.code)?.status !== "assigned");
  const messages = coverageChanges ? await statusReport([...all.filter((a) => !codes.has(a.code)), ...next]) : [];
  const committed = await commit({
    action: "assignment.bulk",
    target: { type: "assignment", id: `bulk:${next.length}` },
    state: { count: next.length, merkleRoot: root },
    summary: { count: next.length, created, updated: next.length - created, via, root },
    items: () =>
      next.map((n) => {
        const existing = byCode.get(n.code);
        return Tx.put(AssignmentEntity.put(n).where((a, op) => (existing ? op.eq(a.version, existing.version) : op.notExists(a.version))));
      }),
    messages,
    onConditionFailed: (i) => (i < next.length ? new ConflictError("assignment.stale", { code: next[i]!.code }) : new ConflictError()),
  });
  return { count: next.length, created, updated: next.length - created, merkleRoot: root, auditId: committed.auditId, items: next.map(toInfo) };
});

export const ImportInput = z
  .object({
    /** Rows as read from the file; the first row holds the column headers (sheet.ts). */
    rows: z.array(z.array(z.union([z.string().max(2000), z.number(), z.null()])).max(20)).min(1).max(5001),
    /** Validate only: report the errors, or what would change. */
    dryRun: z.boolean().default(false),
  })
  .meta({ id: "AssignmentImport" });

export const ImportResult = z
  .object({
    dryRun: z.boolean(),
    status: z.enum(["valid", "saved", "unchanged"]),
    changes: z.array(z.object({ row: z.number().int(), code: z.string(), name: z.string(), leadDepartmentId: z.string(), kind: z.enum(["create", "update"]) })),
    unchanged: z.number().int(),
    blank: z.number().int(),
    /** One per bulk change saved (at most BULK_MAX rows each). */
    auditIds: z.array(z.string()),
    merkleRoots: z.array(z.string()),
  })
  .meta({ id: "AssignmentImportResult" });
export type ImportResult = z.infer<typeof ImportResult>;

/** The assignment sheet read back: every row checked against the items in
 * force, the tenant's departments and the assignments as they are now (the
 * `版本` column catches a change made after the export); any error → 400 with
 * every row's errors and nothing stored. Otherwise the changed rows are saved
 * as bulk changes of at most BULK_MAX rows, each with its one audit event. */
export const importSheet = fn(ImportInput, async (input): Promise<ImportResult> => {
  const tenantId = useTenant();
  const items = await itemsAt(await tenantVersion(tenantId));
  const departments = [...(await activeDepartments()).values()].map((d) => ({ id: d.id, name: d.name, type: d.type, typeName: departmentTypeName(d.type, "zh") }));
  const current = new Map(
    (await rows())
      .filter((a) => a.status !== "retired")
      .map((a) => [a.code, { code: a.code, leadDepartmentId: a.leadDepartmentId, cooperatingDepartmentIds: a.cooperating.map((c) => c.departmentId), office: a.leadOffice ?? undefined, person: a.leadPerson ?? undefined, version: a.version }]),
  );
  const parsed = parseSheet(input.rows, { items, departments, current, locale: useLocale() });
  if (parsed.errors.length) throw new VisibleError("assignment.import_invalid", { count: parsed.errors.length }, 400, parsed.errors);
  const changes = parsed.changes.map((c) => ({ row: c.row, code: c.code, name: c.name, leadDepartmentId: c.leadDepartmentId, kind: c.kind }));
  const base = { changes, unchanged: parsed.unchanged, blank: parsed.blank };
  if (input.dryRun || changes.length === 0) return { dryRun: input.dryRun, status: changes.length ? "valid" : "unchanged", ...base, auditIds: [], merkleRoots: [] };
  const auditIds: string[] = [];
  const merkleRoots: string[] = [];
  for (let i = 0; i < parsed.changes.length; i += BULK_MAX) {
    const chunk = parsed.changes.slice(i, i + BULK_MAX);
    const done = await assignMany({
      via: "import",
      rows: chunk.map((c) => ({ code: c.code, leadDepartmentId: c.leadDepartmentId, cooperatingDepartmentIds: c.cooperatingDepartmentIds, office: c.office, person: c.person, version: c.version })),
    });
    if (done.auditId) auditIds.push(done.auditId);
    merkleRoots.push(done.merkleRoot);
  }
  return { dryRun: false, status: "saved", ...base, auditIds, merkleRoots };
});

// ---------------------------------------------------------------- contracts for other modules

/** The transaction items that make `departmentId` the lead department of an
 * item for the current tenant (create or update the assignment), for the
 * commit of a lead-department dispute decision. The department must exist in
 * the tenant; if it cooperated, it leaves the cooperating list; the lead's
 * office and person are cleared until the new lead names them. */
export async function leadDecisionItems(input: { code: string; departmentId: string; disputeId: string }): Promise<TxItem[]> {
  const tenantId = useTenant();
  const dep = await Department.find(input.departmentId);
  if (!dep) throw fieldError(["departmentId"], "assignment.department_unknown", { id: input.departmentId });
  const existing = await row(input.code);
  const at = Clock.iso();
  const by = actorRef(useActor());
  if (existing) {
    return [
      Tx.put(
        AssignmentEntity.put({
          ...existing,
          tenantId,
          code: input.code,
          leadDepartmentId: input.departmentId,
          leadOffice: existing.leadDepartmentId === input.departmentId ? existing.leadOffice : undefined,
          leadPerson: existing.leadDepartmentId === input.departmentId ? existing.leadPerson : undefined,
          cooperating: existing.cooperating.filter((c) => c.departmentId !== input.departmentId),
          disputeId: input.disputeId,
          version: existing.version + 1,
          updatedAt: at,
          updatedBy: by,
        }).where((a, op) => op.eq(a.version, existing.version)),
      ),
    ];
  }
  const version = await tenantVersion(tenantId);
  const item = (await itemsAt(version)).get(input.code);
  return [
    Tx.put(
      AssignmentEntity.put({
        tenantId,
        code: input.code,
        itemName: item?.name ?? input.code,
        leadDepartmentId: input.departmentId,
        cooperating: [],
        status: "assigned",
        reviewedVersion: version,
        disputeId: input.disputeId,
        version: 1,
        updatedAt: at,
        updatedBy: by,
      })
        .where((a, op) => op.notExists(a.version)),
    ),
  ];
}

/** Who answers for an item here: the assigned lead department, else the
 * tenant's standard department of the item's lead type (if it has one). */
export async function responsibleDepartment(code: string): Promise<{ departmentId: string; source: "assignment" | "catalogue" } | undefined> {
  const tenantId = useTenant();
  const a = await row(code);
  if (a && a.status !== "retired") return { departmentId: a.leadDepartmentId, source: "assignment" };
  const item = (await itemsAt(await tenantVersion(tenantId))).get(code);
  if (!item) return undefined;
  const id = Department.standardId(tenantId, item.leadDepartmentType);
  const dep = await Department.find(id);
  return dep && dep.status === "active" ? { departmentId: id, source: "catalogue" } : undefined;
}

// ---------------------------------------------------------------- sync (CatalogueSync.VersionPublished)

/** Room for assignment updates inside the sync's own transaction: the rest of
 * DynamoDB's transaction is the sync's own items (catalogue state, audit
 * event and chain head, consumed marker, status report) with room to spare. */
export const SYNC_ROOM = Limits.transactItems - 10;

type Mark = { row: Row; status: "needs-review" | "retired"; basis: string };

/** What a catalogue sync does to the tenant's assignments: every assignment
 * whose item changed becomes needs-review, a repealed one retired. Returns
 * the assignments affected and all of them as they will be, for the coverage report. */
async function syncPlan(diff: Diff) {
  const all = await rows();
  const byCode = new Map(all.map((a) => [a.code, a]));
  const target = new Map<string, { status: Mark["status"]; basis: string }>();
  for (const e of [...diff.added, ...diff.amended, ...diff.interpreted]) target.set(e.code, { status: "needs-review", basis: e.basis });
  for (const e of diff.repealed) target.set(e.code, { status: "retired", basis: e.basis });
  const affected: Mark[] = [...target.entries()]
    .filter(([code]) => byCode.has(code))
    .map(([code, t]) => ({ row: byCode.get(code)!, ...t }));
  const after = all.map((a) => {
    const t = target.get(a.code);
    return t ? { ...a, status: t.status } : a;
  });
  return { affected, after };
}

function mark(tenantId: string, a: Mark, version: number, conditional: boolean) {
  const op = AssignmentEntity.patch({ tenantId, code: a.row.code })
    .set({ status: a.status, changedInVersion: version, changeBasis: a.basis, updatedAt: Clock.iso() })
    .add({ version: 1 });
  return conditional ? op.where((x, o) => o.ne(x.changedInVersion, version)) : op;
}

/** Transaction items for the affected assignments (when they fit in the
 * sync's own transaction). When they do not, they are marked ahead of the
 * sync's commit in chunks, each chunk committed WITH its own bulk audit event
 * (a Merkle root over the chunk's rows): a sync whose final commit never
 * lands leaves no mark without its event, and a repeat skips rows already
 * marked for this version. */
async function syncWrites(affected: Mark[], version: number): Promise<() => TxItem[]> {
  const tenantId = useTenant();
  if (affected.length <= SYNC_ROOM) return () => affected.map((a) => Tx.update(mark(tenantId, a, version, false)));
  const todo = affected.filter((a) => a.row.changedInVersion !== version);
  for (let i = 0; i < todo.length; i += SYNC_ROOM) {
    const chunk = todo.slice(i, i + SYNC_ROOM);
    const root = merkleRoot(chunk.map((a) => hashState(markLeaf(tenantId, a, version))));
    await commit({
      action: "assignment.mark-changed",
      target: { type: "catalogueVersion", id: String(version) },
      state: { version, merkleRoot: root },
      summary: { version, count: chunk.length, merkleRoot: root },
      items: () => chunk.map((a) => Tx.update(mark(tenantId, a, version, true))),
      onConditionFailed: () => new ConflictError(),
    });
  }
  return () => [];
}

/** One marked row as the bulk event's Merkle root covers it. */
export function markLeaf(tenantId: string, a: { row: { code: string }; status: string; basis: string }, version: number) {
  return { tenantId, code: a.row.code, status: a.status, changeBasis: a.basis, changedInVersion: version };
}

/** A catalogue sync's follow-up here: marks the assignments the diff touched
 * (in the sync's transaction when they fit) and the coverage after it, for
 * the tenant's status report to the province. */
export async function markChanged(diff: Diff, version: number): Promise<SyncFollowUp> {
  const plan = await syncPlan(diff);
  const items = await syncWrites(plan.affected, version);
  return { affected: plan.affected.length, items, coverage: await coverageReport(version, plan.after) };
}
