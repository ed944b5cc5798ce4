export * as Inspector from "./index";

import * as z from "zod";
import { ItemCode } from "../catalogue/item";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { Tx } from "../dynamo/tx";
import { Enforcement } from "../enforcement";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { translate } from "../i18n/index";
import { useLocale } from "../context";
import { commit } from "../outbox/commit";
import { shanghaiDate } from "../policy/deadline";
import { IsoDate } from "../util/date";
import { fn } from "../util/fn";
import { createId, idSchema } from "../util/id";
import { InspectorEntity, type InspectorItem } from "./inspector.entity";
import { ineligibility, type Ineligible } from "./rules";

export { hasConflict, ineligibility, isCertified, type Ineligible, type InspectorLike } from "./rules";

/** 执法检查人员名录库: the people of each enforcement body, their 执法证,
 * qualifications (item codes) and declared conflicts (回避). Only an officer
 * with a certificate valid on the day may be drawn or recorded on an
 * inspection; grid workers, auxiliaries and third parties never. */

export const Id = idSchema("isp");
export const Kind = z.enum(["officer", "grid-worker", "auxiliary", "third-party"]);
export const KindNames: Record<z.infer<typeof Kind>, { zh: string; en: string }> = {
  officer: { zh: "执法人员", en: "officer" },
  "grid-worker": { zh: "网格员", en: "grid worker" },
  auxiliary: { zh: "辅助人员", en: "auxiliary" },
  "third-party": { zh: "第三方人员", en: "third party" },
};
/** RULES.md: at least 2 inspectors per inspection. */
export const MIN_PER_INSPECTION = 2;

const KinshipInput = z.object({ creditCode: CreditCode, relation: z.string().trim().min(1).max(40) });

export const Info = z
  .object({
    id: Id,
    bodyId: z.string(),
    name: z.string(),
    kind: Kind,
    certificateNo: z.string().optional(),
    certificateFrom: z.string().optional(),
    certificateUntil: z.string().optional(),
    qualifications: z.array(z.string()),
    conflictBusinesses: z.array(z.string()),
    conflictTownships: z.array(z.string()),
    kinship: z.array(z.object({ creditCode: z.string(), relation: z.string() })),
    homeTownship: z.string().optional(),
    /** The signed-in user this inspector is (signs visits, answers checklists). */
    userId: z.string().optional(),
    status: z.enum(["active", "inactive"]),
    certifiedToday: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: "Inspector" });
export type Info = z.infer<typeof Info>;

function toInfo(r: InspectorItem): Info {
  return Info.parse({
    id: r.id,
    bodyId: r.bodyId,
    name: r.name,
    kind: r.kind,
    certificateNo: r.certificateNo ?? undefined,
    certificateFrom: r.certificateFrom ?? undefined,
    certificateUntil: r.certificateUntil ?? undefined,
    qualifications: r.qualifications,
    conflictBusinesses: r.conflictBusinesses,
    conflictTownships: r.conflictTownships,
    kinship: r.kinship,
    homeTownship: r.homeTownship ?? undefined,
    userId: r.userId ?? undefined,
    status: r.status,
    certifiedToday: ineligibility(r, shanghaiDate(Clock.now()), []) === undefined,
    version: r.version,
  } satisfies z.input<typeof Info>);
}

export const CreateInput = z
  .object({
    bodyId: Enforcement.Id,
    name: z.string().trim().min(2).max(40),
    kind: Kind.default("officer"),
    certificateNo: z.string().trim().min(4).max(40).optional(),
    certificateFrom: IsoDate.optional(),
    certificateUntil: IsoDate.optional(),
    qualifications: z.array(ItemCode).max(500).default([]),
    conflictBusinesses: z.array(CreditCode).max(200).default([]),
    conflictTownships: z.array(z.string().regex(/^\d{9}$/)).max(100).default([]),
    kinship: z.array(KinshipInput).max(100).default([]),
    homeTownship: z.string().regex(/^\d{9}$/).optional(),
    userId: z.string().max(100).optional(),
  })
  .refine((v) => v.kind !== "officer" || (v.certificateNo && v.certificateFrom && v.certificateUntil), {
    message: "inspector.certificate_required",
    path: ["certificateNo"],
  })
  .meta({
    id: "InspectorCreate",
    example: { bodyId: "enb_01HZX3Q6Y1B2C3D4E5F6G7H8J9", name: "林强", kind: "officer", certificateNo: "闽榕执01020001", certificateFrom: "2025-01-01", certificateUntil: "2030-12-31", qualifications: ["FJ-SP-001"] },
  });

export const create = fn(CreateInput, async (input) => {
  const tenantId = useTenant();
  await Enforcement.fromID(input.bodyId);
  const row: InspectorItem = {
    tenantId,
    id: createId("isp"),
    bodyId: input.bodyId,
    name: input.name,
    kind: input.kind,
    certificateNo: input.certificateNo,
    certificateFrom: input.certificateFrom,
    certificateUntil: input.certificateUntil,
    qualifications: [...new Set(input.qualifications)].sort(),
    conflictBusinesses: [...new Set(input.conflictBusinesses)].sort(),
    conflictTownships: [...new Set(input.conflictTownships)].sort(),
    kinship: input.kinship,
    homeTownship: input.homeTownship,
    userId: input.userId,
    status: "active",
    createdBy: actorRef(useActor()),
    updatedAt: Clock.iso(),
    version: 1,
  };
  await commit({
    action: "inspector.create",
    target: { type: "inspector", id: row.id },
    state: row,
    summary: { name: row.name },
    items: () => [Tx.put(InspectorEntity.create(row))],
  });
  return toInfo(row);
});

export const UpdateInput = z
  .object({
    id: Id,
    version: z.number().int().positive(),
    certificateNo: z.string().trim().min(4).max(40).optional(),
    certificateFrom: IsoDate.optional(),
    certificateUntil: IsoDate.optional(),
    qualifications: z.array(ItemCode).max(500).optional(),
    conflictBusinesses: z.array(CreditCode).max(200).optional(),
    conflictTownships: z.array(z.string().regex(/^\d{9}$/)).max(100).optional(),
    kinship: z.array(KinshipInput).max(100).optional(),
    status: z.enum(["active", "inactive"]).optional(),
  })
  .meta({ id: "InspectorUpdate" });

export const update = fn(UpdateInput, async (input) => {
  const tenantId = useTenant();
  const current = (await InspectorEntity.get({ tenantId, id: input.id }).go({ consistent: true })).data;
  if (!current) throw new NotFoundError("inspector.not_found");
  if (current.version !== input.version) throw new ConflictError();
  const { id: _id, version, ...changes } = input;
  const patch = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<InspectorItem>;
  const next = { ...current, ...patch, updatedAt: Clock.iso(), version: version + 1 };
  await commit({
    action: "inspector.update",
    target: { type: "inspector", id: current.id },
    state: next,
    summary: { name: next.name },
    items: () => [
      Tx.update(
        InspectorEntity.patch({ tenantId, id: current.id })
          .set({ ...patch, updatedAt: next.updatedAt, version: next.version })
          .where((a, op) => op.eq(a.version, input.version)),
      ),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(next);
});

export const fromID = fn(Id, async (id) => {
  const r = (await InspectorEntity.get({ tenantId: useTenant(), id }).go()).data;
  if (!r) throw new NotFoundError("inspector.not_found");
  return toInfo(r);
});

export const ListInput = z.object({
  bodyId: Enforcement.Id.optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const list = fn(ListInput, async ({ bodyId, cursor, limit }) => {
  const tenantId = useTenant();
  const res = bodyId
    ? await InspectorEntity.query.byBody({ tenantId, bodyId }).go({ cursor, limit })
    : await InspectorEntity.query.byTenant({ tenantId }).go({ cursor, limit });
  return { items: res.data.map(toInfo), cursor: res.cursor ?? undefined };
});

/** A body's whole pool, sorted by ID (the order a draw publishes and shuffles). A pool is tens to hundreds of people. */
export async function pool(bodyId: string): Promise<Info[]> {
  const res = await InspectorEntity.query.byBody({ tenantId: useTenant(), bodyId }).go({ pages: "all" });
  return res.data.map(toInfo).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function reasonText(reason: Ineligible, i: Pick<Info, "kind">, on: string, itemCodes: string[]): string {
  return translate(`inspector.reason.${reason}`, useLocale(), { kind: translateKind(i.kind), on, items: itemCodes.join("、") });
}

function translateKind(kind: Info["kind"]) {
  return useLocale() === "en" ? KindNames[kind].en : KindNames[kind].zh;
}

export const AssertInput = z.object({
  inspectorIds: z.array(Id).min(1).max(20),
  /** Beijing date of the inspection. */
  on: IsoDate,
  itemCodes: z.array(ItemCode).default([]),
  creditCode: CreditCode.optional(),
  township: z.string().optional(),
  /** When given, every inspector must belong to one of these bodies. */
  bodyIds: z.array(z.string()).optional(),
});

/** Refuse to record anyone who may not inspect: not an officer, no valid
 * certificate on the day, not qualified for the items, a declared conflict,
 * or from a body not on the visit; and fewer than two people. */
export const assertRecordable = fn(AssertInput, async (input) => {
  const ids = [...new Set(input.inspectorIds)];
  const people = await Promise.all(ids.map((id) => InspectorEntity.get({ tenantId: useTenant(), id }).go().then((r) => r.data)));
  for (const [n, p] of people.entries()) {
    if (!p) throw new VisibleError("inspector.not_found", { id: ids[n] }, 400);
    const business = input.creditCode ? { creditCode: input.creditCode, township: input.township } : undefined;
    const reason = ineligibility(p, input.on, input.itemCodes, business);
    if (reason) throw new VisibleError("inspector.not_certified", { name: p.name, reason: reasonText(reason, p, input.on, input.itemCodes) }, 400, { inspectorId: p.id, reason });
    if (input.bodyIds && !input.bodyIds.includes(p.bodyId)) {
      throw new VisibleError("inspector.not_certified", { name: p.name, reason: translate("inspector.reason.wrong-body", useLocale()) }, 400, { inspectorId: p.id, reason: "wrong-body" });
    }
  }
  if (ids.length < MIN_PER_INSPECTION) throw new VisibleError("inspector.too_few", { min: MIN_PER_INSPECTION }, 400);
  return people.map((p) => toInfo(p!));
});
