export * as Enforcement from "./index";

import * as z from "zod";
import { ItemCode } from "../catalogue/item";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { Department } from "../department";
import { Tx } from "../dynamo/tx";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { commit } from "../outbox/commit";
import { shanghaiDate } from "../policy/deadline";
import { Tenant } from "../tenant";
import { townshipsOf } from "../tenant/townships";
import { IsoDate } from "../util/date";
import { fn } from "../util/fn";
import { createId, idSchema } from "../util/id";
import { BatchEntity, BodyEntity, type BatchItem, type BodyItem } from "./enforcement.entity";
import { devolvedItems, refusal, type Purpose } from "./rules";

export { devolvedItems, refusal } from "./rules";

/** 行政执法主体清单 and 分批下放行政处罚权. The tenant publishes its bodies;
 * each acts for a department of the tenant. A township office (乡镇/街道) is a
 * body only for the items its county devolved in published batches, from each
 * batch's date. Every body publishes the items it may inspect (清单之外无检查).
 * The list and the batches are public (no sign-in). */

export const Id = idSchema("enb");
export const BatchId = idSchema("dvb");
const MAX_PAGE = 100;

export const Info = z
  .object({
    id: Id,
    kind: z.enum(["department", "township"]),
    departmentId: z.string(),
    townshipCode: z.string().optional(),
    townshipName: z.string().optional(),
    name: z.string(),
    inspectionItems: z.array(z.string()),
    status: z.enum(["active", "withdrawn"]),
    publishedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "EnforcementBody" });
export type Info = z.infer<typeof Info>;

export const BatchInfo = z
  .object({
    id: BatchId,
    title: z.string(),
    townships: z.array(z.object({ code: z.string(), name: z.string() })),
    itemCodes: z.array(z.string()),
    effectiveDate: z.string(),
    publishedAt: z.string(),
  })
  .meta({ id: "DevolutionBatch" });
export type BatchInfo = z.infer<typeof BatchInfo>;

function townshipName(tenantId: string, code: string | undefined) {
  return code ? townshipsOf(tenantId).find((t) => t.id === code)?.name : undefined;
}

function toInfo(r: BodyItem): Info {
  return Info.parse({
    id: r.id,
    kind: r.kind,
    departmentId: r.departmentId,
    townshipCode: r.townshipCode ?? undefined,
    townshipName: townshipName(r.tenantId, r.townshipCode ?? undefined),
    name: r.name,
    inspectionItems: r.inspectionItems,
    status: r.status,
    publishedAt: r.publishedAt,
    version: r.version,
  } satisfies z.input<typeof Info>);
}

function toBatchInfo(r: BatchItem): BatchInfo {
  return BatchInfo.parse({
    id: r.id,
    title: r.title,
    townships: r.townshipCodes.map((code) => ({ code, name: townshipName(r.tenantId, code) ?? code })),
    itemCodes: r.itemCodes,
    effectiveDate: r.effectiveDate,
    publishedAt: r.publishedAt,
  } satisfies z.input<typeof BatchInfo>);
}

export const PageInput = z.object({ cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50) });

// ---------------------------------------------------------------- bodies

export const PublishBodyInput = z
  .object({
    departmentId: Department.Id,
    kind: z.enum(["department", "township"]).default("department"),
    /** A township body's 9-digit township code (乡镇/街道). */
    townshipCode: z.string().regex(/^\d{9}$/).optional(),
    /** Shown on the public list; the department's name when omitted. */
    name: z.string().trim().min(2).max(60).optional(),
    inspectionItems: z.array(ItemCode).max(500).default([]),
  })
  .meta({ id: "EnforcementBodyPublish", example: { departmentId: "dep_01HZX3Q6Y1B2C3D4E5F6G7H8J9", kind: "department", inspectionItems: ["FJ-SP-001"] } });

export const publishBody = fn(PublishBodyInput, async (input) => {
  const tenantId = useTenant();
  const department = await Department.fromID(input.departmentId);
  if (input.kind === "township") {
    if (!input.townshipCode) throw new VisibleError("enforcement.township_required", {}, 400);
    if (!townshipsOf(tenantId).some((t) => t.id === input.townshipCode)) throw new VisibleError("enforcement.township_unknown", { township: input.townshipCode }, 400);
  }
  const existing = await bodyOfDepartment(department.id);
  if (existing) throw new VisibleError("enforcement.department_taken", { name: existing.name }, 409);
  const body: BodyItem = {
    tenantId,
    id: createId("enb"),
    kind: input.kind,
    departmentId: department.id,
    townshipCode: input.kind === "township" ? input.townshipCode : undefined,
    name: input.name ?? department.name,
    inspectionItems: [...new Set(input.inspectionItems)].sort(),
    status: "active",
    publishedBy: actorRef(useActor()),
    publishedAt: Clock.iso(),
    version: 1,
  };
  await commit({
    action: "enforcement.publish_body",
    target: { type: "enforcement-body", id: body.id },
    state: body,
    summary: { name: body.name },
    items: () => [Tx.put(BodyEntity.create(body))],
  });
  return toInfo(body);
});

export const UpdateBodyInput = z
  .object({
    id: Id,
    version: z.number().int().positive(),
    inspectionItems: z.array(ItemCode).max(500).optional(),
    status: z.enum(["active", "withdrawn"]).optional(),
    name: z.string().trim().min(2).max(60).optional(),
  })
  .meta({ id: "EnforcementBodyUpdate" });

export const updateBody = fn(UpdateBodyInput, async (input) => {
  const tenantId = useTenant();
  const current = (await BodyEntity.get({ tenantId, id: input.id }).go({ consistent: true })).data;
  if (!current) throw new NotFoundError("enforcement.not_found");
  if (current.version !== input.version) throw new ConflictError();
  const patch = {
    inspectionItems: input.inspectionItems ? [...new Set(input.inspectionItems)].sort() : current.inspectionItems,
    status: input.status ?? current.status,
    name: input.name ?? current.name,
    version: current.version + 1,
  };
  const next = { ...current, ...patch };
  await commit({
    action: "enforcement.update_body",
    target: { type: "enforcement-body", id: current.id },
    state: next,
    summary: { name: next.name },
    items: () => [Tx.update(BodyEntity.patch({ tenantId, id: current.id }).set(patch).where((a, op) => op.eq(a.version, input.version)))],
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(next);
});

export const fromID = fn(Id, async (id) => {
  const r = (await BodyEntity.get({ tenantId: useTenant(), id }).go()).data;
  if (!r) throw new NotFoundError("enforcement.not_found");
  return toInfo(r);
});

export async function bodyOfDepartment(departmentId: string): Promise<Info | undefined> {
  const res = await BodyEntity.query.byDepartment({ tenantId: useTenant(), departmentId }).go({ limit: 1 });
  return res.data[0] ? toInfo(res.data[0]) : undefined;
}

/** A page of this tenant's bodies. */
export const list = fn(PageInput, async ({ cursor, limit }) => {
  const res = await BodyEntity.query.byTenant({ tenantId: useTenant() }).go({ cursor, limit });
  return { items: res.data.map(toInfo), cursor: res.cursor ?? undefined };
});

/** Several bodies by ID (the draw needs its plans' bodies); unknown IDs are an error. */
export async function getMany(ids: string[]): Promise<Info[]> {
  return Promise.all([...new Set(ids)].map((id) => fromID(id)));
}

/** Every active body of the tenant, in pages of the bounded list (a county has tens, not thousands). */
export async function allActive(): Promise<Info[]> {
  const out: Info[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ cursor, limit: MAX_PAGE });
    out.push(...page.items.filter((b) => b.status === "active"));
    cursor = page.cursor;
  } while (cursor);
  return out;
}

// ---------------------------------------------------------------- batches

export const PublishBatchInput = z
  .object({
    title: z.string().trim().min(4).max(100),
    townshipCodes: z.array(z.string().regex(/^\d{9}$/)).min(1).max(200),
    itemCodes: z.array(ItemCode).min(1).max(500),
    effectiveDate: IsoDate,
  })
  .meta({ id: "DevolutionBatchPublish", example: { title: "鼓楼区第一批下放街道行政处罚事项", townshipCodes: ["350102001"], itemCodes: ["FJ-SP-001"], effectiveDate: "2026-01-01" } });

export const publishBatch = fn(PublishBatchInput, async (input) => {
  const tenantId = useTenant();
  const known = new Set(townshipsOf(tenantId).map((t) => t.id));
  const unknown = input.townshipCodes.find((c) => !known.has(c));
  if (unknown) throw new VisibleError("enforcement.township_unknown", { township: unknown }, 400);
  const batch: BatchItem = {
    tenantId,
    id: createId("dvb"),
    title: input.title,
    townshipCodes: [...new Set(input.townshipCodes)].sort(),
    itemCodes: [...new Set(input.itemCodes)].sort(),
    effectiveDate: input.effectiveDate,
    publishedBy: actorRef(useActor()),
    publishedAt: Clock.iso(),
  };
  await commit({
    action: "enforcement.publish_batch",
    target: { type: "devolution-batch", id: batch.id },
    state: batch,
    summary: { title: batch.title, count: batch.itemCodes.length, effectiveDate: batch.effectiveDate },
    items: () => [Tx.put(BatchEntity.create(batch))],
  });
  return toBatchInfo(batch);
});

export const batches = fn(PageInput, async ({ cursor, limit }) => {
  const res = await BatchEntity.query.byTenant({ tenantId: useTenant() }).go({ cursor, limit });
  return { items: res.data.map(toBatchInfo), cursor: res.cursor ?? undefined };
});

async function allBatches(tenantId: string) {
  // A county publishes a handful of batches a year: bounded, read whole for the check.
  return (await BatchEntity.query.byTenant({ tenantId }).go({ pages: "all" })).data;
}

/** The items devolved to a township body on a date. */
export async function devolvedTo(townshipCode: string, on = shanghaiDate(Clock.now())): Promise<string[]> {
  return [...devolvedItems(await allBatches(useTenant()), townshipCode, on)].sort();
}

// ---------------------------------------------------------------- the check

export interface ActOptions {
  purpose?: Purpose;
  /** The Beijing date the act takes place; today when omitted. */
  on?: string;
}

/** The body a department or body ID names, if the tenant listed it. */
export async function resolve(subject: string): Promise<Info | undefined> {
  if (subject.startsWith("enb_")) return fromID(subject).catch(() => undefined);
  return bodyOfDepartment(subject);
}

/** Refuse an act (a penalty, an inspection) by departments or bodies that
 * the published list does not allow: a department not on the list once the
 * tenant has published one; a township outside its devolved items; an
 * inspection of items not on any acting body's inspection-item list. With
 * several subjects (a joint visit) each item needs one body that may act on it.
 * A tenant that has not yet published any body is not checked (the list is
 * introduced tenant by tenant). */
export async function assertMayAct(subjects: string | string[], itemCodes: string[], options: ActOptions = {}): Promise<void> {
  const tenantId = useTenant();
  const purpose = options.purpose ?? "penalty";
  const on = options.on ?? shanghaiDate(Clock.now());
  const ids = [...new Set(Array.isArray(subjects) ? subjects : [subjects])];
  const bodies: Info[] = [];
  for (const id of ids) {
    const body = await resolve(id);
    if (!body || body.status !== "active") {
      const anyListed = (await BodyEntity.query.byTenant({ tenantId }).go({ limit: 1 })).data.length > 0;
      if (!anyListed) return;
      const dep = id.startsWith("dep_") ? await Department.find(id) : undefined;
      throw new VisibleError("enforcement.not_a_body", { name: body?.name ?? dep?.name ?? id }, 403);
    }
    bodies.push(body);
  }
  if (bodies.length === 0) return;
  const batchRows = bodies.some((b) => b.kind === "township") ? await allBatches(tenantId) : [];
  const refused = itemCodes.filter((code) => bodies.every((b) => refusal(b, batchRows, [code], purpose, on)));
  if (refused.length === 0) return;
  const first = refusal(bodies[0]!, batchRows, refused, purpose, on)!;
  throw new VisibleError(`enforcement.${first.rule}`, { name: bodies[0]!.name, items: first.items.join("、"), date: on }, 403, {
    items: first.items,
    rule: first.rule,
  });
}

// ---------------------------------------------------------------- public

/** The published list of a tenant, for anyone (no sign-in): the tenant is named by the public path, and only published fields leave. */
export async function publicBodies(tenantId: string, page: z.input<typeof PageInput>) {
  if (!Tenant.exists(tenantId)) throw new VisibleError("tenant.not_found", { tenantId }, 404);
  const { cursor, limit } = PageInput.parse(page);
  const res = await BodyEntity.query.byTenant({ tenantId }).go({ cursor, limit });
  return { tenantId, tenantName: Tenant.nameOf(tenantId), items: res.data.filter((b) => b.status === "active").map(toInfo), cursor: res.cursor ?? undefined };
}

export async function publicBatches(tenantId: string, page: z.input<typeof PageInput>) {
  if (!Tenant.exists(tenantId)) throw new VisibleError("tenant.not_found", { tenantId }, 404);
  const { cursor, limit } = PageInput.parse(page);
  const res = await BatchEntity.query.byTenant({ tenantId }).go({ cursor, limit });
  return { tenantId, tenantName: Tenant.nameOf(tenantId), items: res.data.map(toBatchInfo), cursor: res.cursor ?? undefined };
}
