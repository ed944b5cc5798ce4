export * as Inspection from "./index";

import * as z from "zod";
import { ItemCode } from "../catalogue/item";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { commit } from "../outbox/commit";
import { Tx } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { Credit } from "../credit";
import { Department } from "../department";
import { Enforcement } from "../enforcement";
import { Inspector } from "../inspector";
import { Policy } from "../policy";
import { Recognition } from "../recognition";
import { checkInstant } from "../recognition/rules";
import { fieldError } from "../util/field-error";
import { IsoDate } from "../util/date";
import { fn } from "../util/fn";
import { createId, idSchema } from "../util/id";
import { InspectionDepartmentEntity, InspectionEntity, type InspectionItem } from "./inspection.entity";
import { mapPage, page, PageInput, type Page } from "../util/page";

/** A minimal inspection task: enough to check recognised results before a
 * visit is scheduled (no duplicate inspections, 执法互认) and to close a visit
 * with a result other tenants must respect. */

/** Department scoping of inspections scheduled before it (the migrate:department-scope job). */
export * as ScopeMigration from "./migrate";

export const Id = idSchema("ist");

/** A reason to inspect again although a recognised result covers it: at least this long. */
export const MIN_OVERRIDE_REASON = 10;

export const Info = z
  .object({
    id: Id,
    creditCode: z.string(),
    entityName: z.string(),
    itemCodes: z.array(z.string()),
    plannedDate: z.string(),
    departmentIds: z.array(z.string()),
    inspectorIds: z.array(z.string()).optional(),
    status: z.enum(["scheduled", "closed"]),
    overrideReason: z.string().optional(),
    overridden: z
      .array(z.object({ issuingTenant: z.string(), issuingTenantName: z.string(), resultDate: z.string(), outcome: Recognition.Outcome, validUntil: z.string(), itemCodes: z.array(z.string()) }))
      .optional(),
    scheduledBy: z.object({ id: z.string(), name: z.string() }).loose(),
    scheduledAt: z.string(),
    outcome: z.enum(["compliant", "non-compliant"]).optional(),
    findings: z.string().optional(),
    recognisable: z.boolean().optional(),
    validDays: z.number().optional(),
    recognitionId: z.string().optional(),
    closedAt: z.string().optional(),
    version: z.number().int(),
  })
  .meta({ id: "Inspection" });
export type Info = z.infer<typeof Info>;

/** The one mapping of a stored inspection to what the API shows: the row's own fields, checked against Info. */
function toInfo(r: InspectionItem): Info {
  return Info.parse({ ...r, scheduledBy: { id: r.scheduledBy.id, name: r.scheduledBy.name } } satisfies z.input<typeof Info>);
}

export const CheckInput = z.object({
  creditCode: CreditCode,
  itemCodes: z.array(ItemCode).min(1).max(20),
  plannedDate: IsoDate.optional(),
});

/** What is recognised and valid for the entity and items (on the planned date, or now). */
export const check = fn(CheckInput, async (input) => {
  const on = checkInstant(input.plannedDate, Clock.now());
  const recognised = await Recognition.validFor({ creditCode: input.creditCode, itemCodes: input.itemCodes, on });
  const covered = [...new Set(recognised.flatMap((r) => r.itemCodes))].filter((c) => input.itemCodes.includes(c));
  return { on: on.toISOString(), recognised, coveredItems: covered, uncoveredItems: input.itemCodes.filter((c) => !covered.includes(c)) };
});

export const ScheduleInput = z
  .object({
    creditCode: CreditCode,
    entityName: z.string().trim().min(2).max(100),
    itemCodes: z.array(ItemCode).min(1).max(20),
    plannedDate: IsoDate,
    /** Departments on the visit; the scheduler's own when omitted. */
    departmentIds: z.array(Department.Id).min(1).max(10).optional(),
    /** Required when a recognised result still covers any of the items. */
    overrideReason: z.string().trim().min(MIN_OVERRIDE_REASON).max(500).optional(),
    /** The officers on the visit (执法检查人员): each certified on the day, qualified, unconflicted; at least two. */
    inspectorIds: z.array(Inspector.Id).min(2).max(10).optional(),
  })
  .meta({
    id: "InspectionSchedule",
    example: { creditCode: "91350102MA2Y0X0T31", entityName: "福州示例餐饮管理有限公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-12-15" },
  });

export const schedule = fn(ScheduleInput, async (input) => {
  const tenantId = useTenant();
  const actor = useActor();
  const departmentIds = [...new Set(input.departmentIds ?? (actor.type === "user" && actor.departmentId ? [actor.departmentId] : []))];
  if (departmentIds.length === 0) throw new VisibleError("inspection.department_required", {}, 400);
  for (const [i, id] of departmentIds.entries()) {
    // Only active departments of this tenant take part.
    const dep = await Department.find(id);
    if (dep?.status !== "active") throw fieldError("inspection.department_unknown", input.departmentIds ? `departmentIds.${i}` : "departmentIds", { departmentId: id });
  }
  // An officer schedules for their own department (with others joining), never for others alone.
  const scope = Department.scopeOf(actor);
  if (!scope.all && !departmentIds.includes(scope.departmentId ?? "")) {
    throw fieldError("department.not_member", "departmentIds", { departmentId: scope.departmentId ?? "-" });
  }
  const itemCodes = [...new Set(input.itemCodes)];
  // 清单之外无检查 and 分批下放: listed bodies, listed items; only certified, unconflicted officers recorded.
  await Enforcement.assertMayAct(departmentIds, itemCodes, { purpose: "inspection", on: input.plannedDate });
  if (input.inspectorIds) await Inspector.assertRecordable({ inspectorIds: input.inspectorIds, on: input.plannedDate, itemCodes, creditCode: input.creditCode });
  const found = await check({ creditCode: input.creditCode, itemCodes, plannedDate: input.plannedDate });
  const overridden = found.recognised.map(Recognition.summary);
  if (overridden.length && !input.overrideReason) {
    const names = found.recognised
      .map((r) => `${r.issuingTenantName} ${r.resultDate} ${Recognition.OutcomeNames[r.outcome].zh}（有效至 ${Recognition.lastValidDate(r.validUntil)}）`)
      .join("；");
    throw new VisibleError("inspection.duplicate_recognised", { results: names, count: overridden.length, min: MIN_OVERRIDE_REASON }, 409, overridden);
  }
  const inspection = {
    tenantId,
    id: createId("ist"),
    creditCode: input.creditCode,
    entityName: input.entityName,
    itemCodes,
    plannedDate: input.plannedDate,
    departmentIds,
    ...(input.inspectorIds ? { inspectorIds: [...new Set(input.inspectorIds)] } : {}),
    status: "scheduled" as const,
    ...(overridden.length ? { overrideReason: input.overrideReason, overridden } : {}),
    scheduledBy: actorRef(actor),
    scheduledAt: Clock.iso(),
    version: 1,
  };
  await commit({
    action: overridden.length ? "inspection.schedule_override" : "inspection.schedule",
    target: { type: "inspection", id: inspection.id },
    state: inspection,
    summary: {
      creditCode: inspection.creditCode,
      items: itemCodes,
      plannedDate: inspection.plannedDate,
      ...(overridden.length ? { overrideReason: input.overrideReason, overridden } : {}),
    },
    items: () => [
      Tx.put(InspectionEntity.create(inspection)),
      ...departmentIds.map((departmentId) => Tx.put(InspectionDepartmentEntity.put({ tenantId, departmentId, inspectionId: inspection.id }))),
    ],
  });
  return toInfo(inspection);
});

/** The body of a close (the ID comes from the path). */
export const CloseBody = z.object({
    version: z.number().int().positive(),
    outcome: z.enum(["compliant", "non-compliant"]),
    findings: z.string().trim().min(2).max(5000),
    recognisable: z.boolean(),
    /** How long other tenants must respect the result; required when recognisable. */
    validDays: z.number().int().min(1).optional(),
  });

export const CloseInput = CloseBody.extend({ id: Id })
  .refine((v) => !v.recognisable || v.validDays !== undefined, { message: "recognition.valid_days_required", path: ["validDays"] })
  .meta({ id: "InspectionClose" });

/** Close a visit with its result; a recognisable one is recorded province-wide in the same commit. */
export const close = fn(CloseInput, async (input) => {
  const tenantId = useTenant();
  const current = (await InspectionEntity.get({ tenantId, id: input.id }).go({ consistent: true })).data;
  if (!current || !Department.ownsAny(current.departmentIds)) throw new NotFoundError("inspection.not_found");
  if (current.status === "closed") throw new VisibleError("inspection.already_closed", {}, 409);
  if (current.version !== input.version) throw new ConflictError();
  const max = Policy.current().recognition.maxValidity.duration.amount;
  if (input.recognisable && input.validDays! > max) throw new VisibleError("recognition.valid_days_max", { max }, 400);
  const at = Clock.now();
  const department = current.departmentIds[0] ? await Department.fromID(current.departmentIds[0]).catch(() => undefined) : undefined;
  const recognition = input.recognisable
    ? Recognition.issue({
        creditCode: current.creditCode,
        entityName: current.entityName,
        itemCodes: current.itemCodes,
        outcome: input.outcome,
        at,
        validDays: input.validDays!,
        issuingDepartment: department?.name,
        source: "inspection",
        sourceId: current.id,
      })
    : undefined;
  const patch = {
    status: "closed" as const,
    outcome: input.outcome,
    findings: input.findings,
    recognisable: input.recognisable,
    ...(input.recognisable ? { validDays: input.validDays, recognitionId: recognition!.info.id } : {}),
    closedBy: actorRef(useActor()),
    closedAt: at.toISOString(),
    version: current.version + 1,
  };
  const next = { ...current, ...patch };
  await commit({
    action: "inspection.close",
    target: { type: "inspection", id: current.id },
    state: next,
    summary: { outcome: input.outcome, recognisable: input.recognisable, recognitionId: recognition?.info.id, validUntil: recognition?.info.validUntil },
    items: () => [
      // The whole record (re-checkable by verify), on the version the user closed.
      Tx.put(InspectionEntity.put(next).where((a, op) => op.eq(a.version, input.version))),
      ...(recognition ? recognition.items() : []),
    ],
    messages: recognition ? [recognition.message] : [],
    onConditionFailed: () => new ConflictError(),
  });
  // 信用风险分类: the result is a credit record of the business; regrading never undoes the closing.
  await Credit.note({ creditCode: current.creditCode, kind: "inspection", outcome: input.outcome, at: patch.closedAt, sourceId: current.id }).catch(() => undefined);
  return { inspection: toInfo(next), recognition: recognition?.info };
});

export const ListInput = PageInput;

/** One page of the inspections the actor sees, newest first: an officer's or
 * inspector's department's, every one for the overseers. */
export async function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  const tenantId = useTenant();
  const scope = Department.scopeOf();
  if (scope.all) return mapPage(await page(InspectionEntity.query.byTenant({ tenantId }), input), toInfo);
  if (!scope.departmentId) return { items: [], cursor: null };
  const mine = await page(InspectionDepartmentEntity.query.byDepartment({ tenantId, departmentId: scope.departmentId }), input);
  const got = mine.items.length ? await InspectionEntity.get(mine.items.map((m) => ({ tenantId, id: m.inspectionId }))).go() : { data: [] };
  const byId = new Map(got.data.map((r) => [r.id, r]));
  return { items: mine.items.map((m) => byId.get(m.inspectionId)).filter((r): r is InspectionItem => !!r).map(toInfo), cursor: mine.cursor };
}

/** One inspection, for its departments and the overseers. */
export const fromID = fn(Id, async (id) => {
  const res = await InspectionEntity.get({ tenantId: useTenant(), id }).go();
  if (!res.data || !Department.ownsAny(res.data.departmentIds)) throw new NotFoundError("inspection.not_found");
  return toInfo(res.data);
});
