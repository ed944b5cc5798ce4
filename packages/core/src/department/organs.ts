import * as z from "zod";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { Tx } from "../dynamo/tx";
import { ConflictError, VisibleError } from "../error";
import { Message } from "../message/index";
import { commit } from "../outbox/commit";
import { PROVINCE_ID, Tenant } from "../tenant/index";
import { fieldError } from "../util/field-error";
import { fn } from "../util/fn";
import { deterministicId } from "../util/id";
import { page, PageInput, type Page } from "../util/page";
import { DepartmentEntity } from "./department.entity";
import { OrganConfigEntity, type OrganConfigItem } from "./organ.entity";
import { departmentTypeName, OrganTypes } from "./types";

/** 机关设置: the organs with powers of their own are set up by the province's
 * configuration, never by a tenant admin (DESIGN §3). The province admin sets
 * them per tenant here. The province never writes a tenant's partition (its
 * credentials reach only its own): it keeps the configuration in its own
 * partition and sends it to the tenant, whose consumer creates or updates the
 * department (deterministic ID, as the seed's) and confirms by message. */

const tenantCode = z.string().regex(/^\d{6}$/);
export const OrganType = z.enum(OrganTypes);

export const OrganInfo = z
  .object({
    tenantId: z.string(),
    tenantName: z.string(),
    type: z.enum(OrganTypes),
    typeName: z.string(),
    /** absent: never configured through this screen (the seed may still have set it up). */
    state: z.enum(["absent", "pending", "applied"]),
    departmentId: z.string(),
    name: z.string().optional(),
    nameEn: z.string().optional(),
    status: z.enum(["active", "disabled"]).optional(),
    appliedAt: z.string().optional(),
    updatedAt: z.string().optional(),
    updatedBy: z.object({ id: z.string(), name: z.string() }).loose().optional(),
    version: z.number().int(),
  })
  .meta({ id: "OrganConfig" });
export type OrganInfo = z.infer<typeof OrganInfo>;

function standardId(tenantId: string, type: string) {
  return deterministicId("dep", `${tenantId}:${type}`);
}

function toInfo(r: OrganConfigItem, locale: "zh" | "en" = "zh"): OrganInfo {
  return OrganInfo.parse({
    tenantId: r.subject,
    tenantName: Tenant.nameOf(r.subject),
    type: r.type,
    typeName: departmentTypeName(r.type, locale),
    state: r.state,
    departmentId: r.departmentId,
    name: r.name,
    nameEn: r.nameEn,
    status: r.status,
    appliedAt: r.appliedAt ?? undefined,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy ? { id: r.updatedBy.id, name: r.updatedBy.name } : undefined,
    version: r.version,
  });
}

function mustBeProvince() {
  if (useTenant() !== PROVINCE_ID) throw new VisibleError("department.organ_province_only", {}, 403);
}

function mustBeTenant(tenantId: string) {
  if (!Tenant.get(tenantId)) throw fieldError("tenant.not_found", "tenantId", { tenantId }, 404);
}

export const OrganListInput = PageInput.extend({
  /** One tenant: a row for every reserved organ type, configured or not. Without it: every configured row, a page at a time. */
  tenantId: tenantCode.optional(),
});

export async function organs(input: z.input<typeof OrganListInput> = {}): Promise<Page<OrganInfo>> {
  mustBeProvince();
  const { tenantId, ...rest } = OrganListInput.parse(input);
  if (!tenantId) {
    const res = await page(OrganConfigEntity.query.byHolder({ holder: PROVINCE_ID }), rest, "asc");
    return { items: res.items.map((r) => toInfo(r)), cursor: res.cursor };
  }
  mustBeTenant(tenantId);
  // One tenant's rows are one short list: there is no next page.
  if (rest.cursor) throw fieldError("page.cursor", "cursor");
  const res = await OrganConfigEntity.query.byHolder({ holder: PROVINCE_ID }).begins({ subject: tenantId }).go({ limit: OrganTypes.length * 2 });
  const byType = new Map(res.data.filter((r) => r.subject === tenantId).map((r) => [r.type, r]));
  const items = OrganTypes.map((type) => {
    const row = byType.get(type);
    return row
      ? toInfo(row)
      : OrganInfo.parse({ tenantId, tenantName: Tenant.nameOf(tenantId), type, typeName: departmentTypeName(type, "zh"), state: "absent", departmentId: standardId(tenantId, type), version: 0 });
  });
  return { items, cursor: null };
}

export const OrganSetInput = z
  .object({
    tenantId: tenantCode,
    type: z.string(),
    name: z.string().trim().min(2).max(60),
    nameEn: z.string().trim().min(2).max(120).optional(),
    status: z.enum(["active", "disabled"]).default("active"),
    /** The version the admin edited (0 or absent for a first configuration); a stale one is a 409. */
    version: z.number().int().min(0).optional(),
  })
  .meta({ id: "OrganSet", example: { tenantId: "350102", type: "procuratorate", name: "福州市鼓楼区人民检察院", nameEn: "Gulou District People's Procuratorate", status: "active", version: 0 } });

const ConfiguredPayload = z.object({
  type: z.enum(OrganTypes),
  name: z.string().min(2).max(60),
  nameEn: z.string().min(2).max(120),
  status: z.enum(["active", "disabled"]),
  version: z.number().int().positive(),
  configuredAt: z.iso.datetime(),
});
type ConfiguredPayload = z.infer<typeof ConfiguredPayload>;

const AppliedPayload = z.object({ type: z.enum(OrganTypes), departmentId: z.string(), version: z.number().int().positive(), appliedAt: z.iso.datetime() });

/** The province sets one organ of one tenant: its row (pending) and the message to the tenant, with the audit event, in one commit. */
export const setOrgan = fn(OrganSetInput, async (input) => {
  mustBeProvince();
  if (!(OrganTypes as readonly string[]).includes(input.type)) throw fieldError("department.organ_type", "type", { type: input.type });
  mustBeTenant(input.tenantId);
  const type = input.type as (typeof OrganTypes)[number];
  const prev = (await OrganConfigEntity.get({ holder: PROVINCE_ID, subject: input.tenantId, type }).go({ consistent: true })).data;
  if ((prev?.version ?? 0) !== (input.version ?? 0)) throw new ConflictError();
  const now = Clock.iso();
  const row: OrganConfigItem = {
    holder: PROVINCE_ID,
    subject: input.tenantId,
    type,
    name: input.name,
    nameEn: input.nameEn ?? input.name,
    status: input.status,
    departmentId: standardId(input.tenantId, type),
    state: "pending",
    updatedAt: now,
    updatedBy: actorRef(useActor()),
    version: (prev?.version ?? 0) + 1,
  };
  await commit({
    action: "department.organ-configure",
    target: { type: "organ", id: `${input.tenantId}:${type}` },
    state: row,
    summary: { tenant: input.tenantId, type, name: row.name, status: row.status },
    items: () => [
      Tx.put(
        prev
          ? OrganConfigEntity.put(row).where((a, op) => op.eq(a.version, prev.version))
          : OrganConfigEntity.put(row).where((a, op) => op.notExists(a.version)),
      ),
    ],
    messages: [Configured.create(input.tenantId, { type, name: row.name, nameEn: row.nameEn, status: row.status, version: row.version, configuredAt: now })],
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(row);
});

/** The tenant applies the province's configuration in its own partition. Only the province may send it. */
export const Configured = Message.define<ConfiguredPayload>({
  type: "department.organ-configured",
  queue: "assistance",
  version: 1,
  versions: { 1: ConfiguredPayload },
  async handle(p, envelope) {
    if (envelope.fromTenant !== PROVINCE_ID) throw new Message.PoisonMessage(`forged: ${envelope.fromTenant} is not the province and may not set up organs`);
    const me = envelope.toTenant;
    const id = standardId(me, p.type);
    const prev = (await DepartmentEntity.get({ tenantId: me, id }).go({ consistent: true })).data;
    // An older configuration never replaces a newer one (messages may arrive out of order).
    if (prev?.organVersion !== undefined && prev.organVersion >= p.version) return { skip: `organ ${p.type} of ${me} is already at configuration ${prev.organVersion}` };
    const now = Clock.iso();
    const dep = {
      tenantId: me,
      id,
      type: p.type,
      name: p.name,
      nameEn: p.nameEn,
      status: p.status,
      organVersion: p.version,
      version: (prev?.version ?? 0) + 1,
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
    };
    return {
      action: "department.organ-apply",
      target: { type: "department", id },
      state: dep,
      summary: { name: p.name, type: p.type, status: p.status },
      items: () => [Tx.put(DepartmentEntity.put(dep))],
      messages: [Applied.create(PROVINCE_ID, { type: p.type, departmentId: id, version: p.version, appliedAt: now })],
    };
  },
});

/** The province records that the tenant applied a configuration (the latest one only). */
export const Applied = Message.define<z.infer<typeof AppliedPayload>>({
  type: "department.organ-applied",
  queue: "assistance",
  version: 1,
  versions: { 1: AppliedPayload },
  async handle(p, envelope) {
    if (envelope.toTenant !== PROVINCE_ID) throw new Message.PoisonMessage(`organ confirmations go to the province, not ${envelope.toTenant}`);
    const row = (await OrganConfigEntity.get({ holder: PROVINCE_ID, subject: envelope.fromTenant, type: p.type }).go({ consistent: true })).data;
    if (!row) throw new Message.PoisonMessage(`forged: the province configured no ${p.type} for ${envelope.fromTenant}`);
    if (row.version !== p.version) return { skip: `configuration ${p.version} was replaced by ${row.version}` };
    const next = { ...row, state: "applied" as const, appliedAt: p.appliedAt, appliedVersion: p.version };
    return {
      action: "department.organ-applied",
      target: { type: "organ", id: `${envelope.fromTenant}:${p.type}` },
      state: next,
      summary: { tenant: envelope.fromTenant, type: p.type },
      items: () => [Tx.put(OrganConfigEntity.put(next).where((a, op) => op.eq(a.version, row.version)))],
    };
  },
});
