export * as Department from "./index";

import * as z from "zod";
import { Clock } from "../clock";
import { useActor, useTenant } from "../context";
import { commit } from "../outbox/commit";
import { Tx } from "../dynamo/tx";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { Tenant } from "../tenant";
import { fieldError } from "../util/field-error";
import { fn } from "../util/fn";
import { mapPage, page as onePage, type Page, type PageInput } from "../util/page";
import { createId, deterministicId, idSchema } from "../util/id";
import { DepartmentEntity, type DepartmentItem } from "./department.entity";
import { departmentName, DepartmentTypes, isOrganType } from "./types";

export { DepartmentTypes, isOrganType, OrganTypes } from "./types";
export { owns, ownsAny, ownDepartment, scopeOf, type Scope } from "./scope";

export const Id = idSchema("dep");

export const Info = z
  .object({
    id: Id,
    tenantId: z.string(),
    type: z.string(),
    name: z.string(),
    nameEn: z.string(),
    status: z.enum(["active", "disabled"]),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Department" });
export type Info = z.infer<typeof Info>;

/** The one mapping of a stored department to what the API shows: the row's own fields, checked against Info. */
function toInfo(d: DepartmentItem): Info {
  return Info.parse(d satisfies z.input<typeof Info>);
}

export async function list(): Promise<Info[]> {
  const res = await DepartmentEntity.query.byTenant({ tenantId: useTenant() }).go({ pages: "all" });
  return res.data.map(toInfo).sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

/** One page of the tenant's departments, by ID (the screen's list; `list()` is for checks inside core). */
export async function page(input: PageInput = {}): Promise<Page<Info>> {
  return mapPage(await onePage(DepartmentEntity.query.byTenant({ tenantId: useTenant() }), input, "asc"), toInfo);
}

export const fromID = fn(Id, async (id) => {
  const found = await find(id);
  if (!found) throw new NotFoundError("department.not_found");
  return found;
});

/** The current tenant's department with this ID, in any status, or undefined
 * (also for an ID that is not a department's, or another tenant's). */
export async function find(id: string): Promise<Info | undefined> {
  const res = await DepartmentEntity.get({ tenantId: useTenant(), id }).go();
  return res.data ? toInfo(res.data) : undefined;
}

export const CreateInput = z
  .object({
    name: z.string().trim().min(2).max(60),
    nameEn: z.string().trim().min(2).max(120).optional(),
    type: z
      .string()
      .regex(/^[a-z][a-z-]{1,39}$/)
      .default("other"),
  })
  .meta({ id: "DepartmentCreate", example: { name: "鼓楼区城市管理局", nameEn: "Urban Management Bureau", type: "urban-management" } });

export const create = fn(CreateInput, async (input) => {
  const tenantId = useTenant();
  // Only the platform itself (the province's configuration, applied by seeding) sets up an organ.
  if (isOrganType(input.type) && useActor().type !== "system") throw fieldError("department.organ_reserved", "type", { type: input.type }, 403);
  const existing = await list();
  if (existing.some((d) => d.name === input.name)) throw new VisibleError("department.duplicate_name", { name: input.name }, 409);
  const now = Clock.iso();
  const dep: Info = {
    id: createId("dep"),
    tenantId,
    type: input.type,
    name: input.name,
    nameEn: input.nameEn ?? input.name,
    status: "active",
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await commit({
    action: "department.create",
    target: { type: "department", id: dep.id },
    state: dep,
    summary: { name: dep.name },
    items: () => [Tx.put(DepartmentEntity.create(dep))],
  });
  return dep;
});

export const UpdateInput = z
  .object({
    id: Id,
    /** The version the user edited; a stale one is a conflict, never a lost update. */
    version: z.number().int().positive(),
    name: z.string().trim().min(2).max(60).optional(),
    nameEn: z.string().trim().min(2).max(120).optional(),
    status: z.enum(["active", "disabled"]).optional(),
  })
  .meta({ id: "DepartmentUpdate" });

export const update = fn(UpdateInput, async (input) => {
  const current = await fromID(input.id);
  const next: Info = {
    ...current,
    name: input.name ?? current.name,
    nameEn: input.nameEn ?? current.nameEn,
    status: input.status ?? current.status,
    version: current.version + 1,
    updatedAt: Clock.iso(),
  };
  await commit({
    action: "department.update",
    target: { type: "department", id: next.id },
    state: next,
    summary: { name: next.name, status: next.status },
    items: () => [
      // The whole record, not an update expression: the event's state hash is the stored record's, re-checked by verify.
      Tx.put(DepartmentEntity.put(next).where((a, op) => op.eq(a.version, input.version))),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return next;
});

/** The standard departments of the current tenant, created once, and any
 * `extra` ones given (local demo data, e.g. a procuratorate liaison office).
 * IDs are derived from tenant and type, so seeding twice changes nothing. */
export async function seedStandard(extra: { type: string; name: string; nameEn: string }[] = []): Promise<{ created: number }> {
  const tenant = Tenant.current();
  const existing = new Set((await list()).map((d) => d.id));
  const now = Clock.iso();
  const standard = DepartmentTypes.filter((t) => tenant.level === "province" || !("provinceOnly" in t && t.provinceOnly)).map((t) => ({
    type: t.type as string,
    name: departmentName(tenant.name, tenant.level, t),
    nameEn: t.en as string,
  }));
  const wanted = [...standard, ...extra].map(
    (t): Info => ({
      id: standardId(tenant.id, t.type),
      tenantId: tenant.id,
      type: t.type,
      name: t.name,
      nameEn: t.nameEn,
      status: "active",
      version: 1,
      createdAt: now,
      updatedAt: now,
    }),
  );
  const missing = wanted.filter((d) => !existing.has(d.id));
  if (missing.length === 0) return { created: 0 };
  // One audit event for the batch; its state is the list of departments created.
  await commit({
    action: "department.seed",
    target: { type: "tenant", id: tenant.id },
    state: missing,
    summary: { count: missing.length },
    items: () => missing.map((d) => Tx.put(DepartmentEntity.put(d))),
  });
  return { created: missing.length };
}

export function standardId(tenantId: string, type: string) {
  return deterministicId("dep", `${tenantId}:${type}`);
}

export { checkpoint as migrationCheckpoint, commitBatch as commitMigrationBatch, DEPARTMENT_SCOPE, MIGRATION_PAGE } from "./migration";
export type { MigrationBatch, MigrationPage, MigrationRow } from "./migration";
export { Applied as OrganApplied, Configured as OrganConfigured, OrganInfo, OrganListInput, OrganSetInput, OrganType, organs, setOrgan } from "./organs";
