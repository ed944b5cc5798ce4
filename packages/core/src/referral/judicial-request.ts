export * as JudicialRequest from "./judicial-request";

import * as z from "zod";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { commit } from "../outbox/commit";
import { Tx } from "../dynamo/tx";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { Department } from "../department";
import { Policy } from "../policy";
import { fieldError } from "../util/field-error";
import { fn } from "../util/fn";
import { mapPage, page, PageInput, type Page } from "../util/page";
import { createId, idSchema } from "../util/id";
import { judicialOrgan } from "./organ";
import { ClockEntity, InboxEntity, JudicialRequestEntity, type JudicialRequestItem } from "./referral.entity";
import { isOverdue } from "./state";
import { clockOwners } from "./clock-owners";

/** 反向衔接: a judicial organ asks an administrative department for an
 * inspection, an appraisal, or the custody or destruction of seized goods.
 * Created by judicial users, addressed to one department of the tenant,
 * answered by it, on the platform's clock (Policy.referral.judicialRequest). */

export const Id = idSchema("jrq");
export const Kinds = ["inspection", "appraisal", "custody", "destruction"] as const;

export const Info = z
  .object({
    id: Id,
    kind: z.enum(Kinds),
    organ: z.enum(["police", "procuratorate"]),
    fromDepartmentId: z.string(),
    toDepartmentId: z.string(),
    referralId: z.string().optional(),
    subject: z.string(),
    details: z.string(),
    status: z.enum(["open", "answered"]),
    dueAt: z.string(),
    /** The deadline falls past the official working-day calendar's last year (Policy.beyondCalendar). */
    dueBeyondCalendar: z.boolean(),
    overdue: z.boolean(),
    answer: z.string().optional(),
    answeredBy: z.object({ id: z.string(), name: z.string() }).loose().optional(),
    answeredAt: z.string().optional(),
    createdBy: z.object({ id: z.string(), name: z.string() }).loose(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "JudicialRequest" });
export type Info = z.infer<typeof Info>;

function toInfo(r: JudicialRequestItem, now = Clock.now()): Info {
  return Info.parse({
    id: r.id,
    kind: r.kind,
    organ: r.organ,
    fromDepartmentId: r.fromDepartmentId,
    toDepartmentId: r.toDepartmentId,
    referralId: r.referralId ?? undefined,
    subject: r.subject,
    details: r.details,
    status: r.status,
    dueAt: r.dueAt,
    dueBeyondCalendar: Policy.beyondCalendar(r.dueAt),
    overdue: isOverdue({ dueAt: r.dueAt, doneAt: r.answeredAt ?? undefined }, now),
    answer: r.answer ?? undefined,
    answeredBy: r.answeredBy ? { id: r.answeredBy.id, name: r.answeredBy.name } : undefined,
    answeredAt: r.answeredAt ?? undefined,
    createdBy: { id: r.createdBy.id, name: r.createdBy.name },
    createdAt: r.createdAt,
    version: r.version,
  });
}

export const CreateInput = z
  .object({
    kind: z.enum(Kinds),
    toDepartmentId: Department.Id,
    /** The referral it concerns, if any: it must have been addressed to the requester's department. */
    referralId: idSchema("crf").optional(),
    subject: z.string().trim().min(2).max(200),
    details: z.string().trim().min(2).max(5000),
  })
  .meta({
    id: "JudicialRequestCreate",
    example: {
      kind: "appraisal",
      toDepartmentId: "dep_0X0D8SVE7Z0QAY8RS7EQ3AFRPW",
      subject: "涉案熟肉制品 120 公斤",
      details: "请协助对查扣的熟肉制品出具检验鉴定意见，并说明是否足以造成严重食物中毒事故。",
    },
  });

async function mustBeOrgan() {
  const o = await judicialOrgan();
  if (!o) throw new VisibleError("referral.not_judicial_organ", {}, 403);
  return o;
}

export const create = fn(CreateInput, async (input) => {
  const tenantId = useTenant();
  const actor = useActor();
  const organ = await mustBeOrgan();
  const to = await Department.fromID(input.toDepartmentId).catch(() => undefined);
  if (!to || to.status !== "active") throw fieldError("referral.department_unknown", "toDepartmentId", { departmentId: input.toDepartmentId });
  if (input.referralId) {
    const addressed = await InboxEntity.get({ tenantId, departmentId: organ.departmentId, referralId: input.referralId }).go();
    if (!addressed.data) throw new NotFoundError("referral.not_found");
  }
  const now = Clock.iso();
  const dueAt = Policy.deadline(now, Policy.current().referral.judicialRequest.duration).dueAt;
  const request: JudicialRequestItem = {
    tenantId,
    id: createId("jrq"),
    kind: input.kind,
    organ: organ.organ,
    fromDepartmentId: organ.departmentId,
    toDepartmentId: to.id,
    referralId: input.referralId,
    subject: input.subject,
    details: input.details,
    status: "open" as const,
    dueAt,
    createdBy: actorRef(actor),
    createdAt: now,
    version: 1,
  };
  await commit({
    action: "judicial-request.create",
    target: { type: "judicial-request", id: request.id },
    state: request,
    summary: { kind: request.kind, organ: request.organ, to: to.name, dueAt },
    items: () => [
      Tx.put(JudicialRequestEntity.create(request)),
      Tx.put(
        ClockEntity.create({
          tenantId,
          dueAt,
          targetId: request.id,
          step: "judicialRequest",
          kind: "judicial-request",
          ...(request.referralId ? { referralId: request.referralId } : {}),
          title: request.subject,
          by: "department",
          startedAt: now,
          departmentId: to.id,
          ...clockOwners(to.id, to.id),
        }),
      ),
    ],
  });
  return toInfo(request);
});

/** Who sees a request: the judicial department that made it, the department
 * it is addressed to, and the tenant's admins and auditors. */
async function sees(r: Pick<JudicialRequestItem, "fromDepartmentId" | "toDepartmentId">): Promise<boolean> {
  const actor = useActor();
  if (actor.type !== "user") return true;
  if (actor.role === "judicial") return (await judicialOrgan(actor))?.departmentId === r.fromDepartmentId;
  return Department.owns(r.toDepartmentId, Department.scopeOf(actor));
}

export const ListInput = PageInput;

/** One page, newest first, of the requests the actor sees: a liaison's organ's,
 * an officer's department's, everything for the overseers. */
export async function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  const tenantId = useTenant();
  const actor = useActor();
  const now = Clock.now();
  const show = (r: JudicialRequestItem) => toInfo(r, now);
  if (actor.type === "user" && actor.role === "judicial") {
    const o = await judicialOrgan(actor);
    if (!o) return { items: [], cursor: null };
    return mapPage(await page(JudicialRequestEntity.query.byFrom({ tenantId, fromDepartmentId: o.departmentId }), input), show);
  }
  const scope = Department.scopeOf(actor);
  if (scope.all) return mapPage(await page(JudicialRequestEntity.query.byTenant({ tenantId }), input), show);
  if (!scope.departmentId) return { items: [], cursor: null };
  return mapPage(await page(JudicialRequestEntity.query.byTo({ tenantId, toDepartmentId: scope.departmentId }), input), show);
}

async function load(id: string) {
  const r = (await JudicialRequestEntity.get({ tenantId: useTenant(), id }).go({ consistent: true })).data;
  if (!r || !(await sees(r))) throw new NotFoundError("referral.request_not_found");
  return r;
}

export const fromID = fn(Id, async (id) => toInfo(await load(id)));

export const AnswerInput = z
  .object({ id: Id, version: z.number().int().positive(), answer: z.string().trim().min(2).max(5000) })
  .meta({ id: "JudicialRequestAnswer" });

/** The addressed department (or an admin) answers; the clock stops. */
export const answer = fn(AnswerInput, async (input) => {
  const tenantId = useTenant();
  const actor = useActor();
  const r = await load(input.id);
  if (actor.type === "user" && actor.role === "judicial") throw new VisibleError("referral.not_allowed", { action: "answer" }, 403);
  if (r.status === "answered") throw new VisibleError("referral.request_answered", {}, 409);
  if (r.version !== input.version) throw new ConflictError();
  const now = Clock.iso();
  const by = actorRef(actor);
  const next = { ...r, status: "answered" as const, answer: input.answer, answeredBy: by, answeredAt: now, version: r.version + 1 };
  await commit({
    action: "judicial-request.answer",
    target: { type: "judicial-request", id: r.id },
    state: next,
    summary: { kind: r.kind, late: isOverdue({ dueAt: r.dueAt, doneAt: now }, new Date(now)) },
    items: () => [
      // The whole record (re-checkable by verify), on the version the user answered.
      Tx.put(JudicialRequestEntity.put(next).where((a, op) => op.eq(a.version, input.version))),
      Tx.delete(ClockEntity.delete({ tenantId, dueAt: r.dueAt, targetId: r.id, step: "judicialRequest" })),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(next);
});
