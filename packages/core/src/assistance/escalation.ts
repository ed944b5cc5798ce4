import type { EntityItem } from "electrodb";
import * as z from "zod";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { Department } from "../department/index";
import { DepartmentTypes } from "../department/types";
import { Tx } from "../dynamo/tx";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import type { MessageCode } from "../i18n/index";
import { commit } from "../outbox/commit";
import { Policy } from "../policy/index";
import { Tenant } from "../tenant/index";
import { fn } from "../util/fn";
import { mapPage, page, type Page, type PageInput } from "../util/page";
import { createId } from "../util/id";
import { EscalationEntity, RequestEntity } from "./assistance.entity";
import { Escalated, Requested, Updated, type UpdatedPayload } from "./messages";
import { answerDeadline, currentStage, runningClock, type RequestType } from "./rules";
import { EscalationId, EscalationInfo, tenantCode, type RequestPayload } from "./schemas";
import { replaceCopy, type Row } from "./store";
import { postItem, systemPost } from "./thread";

/** 协调督办: an overdue stage escalates once, by message, to the lowest common
 * superior of the two parties, which reassigns it (same tenant, new deadline
 * or department) or designates another tenant to handle it. */

/** The escalator's work for the current tenant: each overdue stage of a sent
 * request escalates once, by message, to the lowest common superior. Reads
 * only the due index of this tenant, and only what is overdue. */
export async function escalateOverdue(): Promise<{ escalated: number; skipped: number }> {
  const tenantId = useTenant();
  const now = Clock.iso();
  const res = await RequestEntity.query.due({ tenantId, box: "sent" }).lt({ dueSlot: `${now}#~` }).go({ pages: "all" });
  let escalated = 0;
  let skipped = 0;
  for (const copy of res.data) {
    const stage = currentStage(copy);
    if (!stage || !runningClock(copy, Date.parse(now))?.overdue) {
      skipped++;
      continue;
    }
    const superior = Tenant.lowestCommonSuperior(copy.fromTenant, copy.toTenant);
    const escalationId = createId("esc");
    const next: Row = {
      ...copy,
      escalatedStages: [...(copy.escalatedStages ?? []), stage.stage],
      escalations: [...(copy.escalations ?? []), { id: escalationId, stage: stage.stage, to: superior.id, at: now }],
      version: copy.version + 1,
      updatedAt: now,
    };
    const post = systemPost("escalated", "assistance.post.escalated", { stage: stage.stage, tenant: superior.id, escalation: escalationId }, tenantId, { id: "system", name: "逾期督办" }, now);
    const request: RequestPayload = {
      id: copy.id,
      senderTenant: copy.fromTenant,
      type: copy.type,
      creditCode: copy.creditCode,
      entityName: copy.entityName ?? undefined,
      itemCodes: copy.itemCodes,
      facts: copy.facts,
      attachments: copy.attachments,
      departmentType: copy.departmentType ?? undefined,
      confidentiality: copy.confidentiality,
      sentAt: copy.sentAt,
      sentBy: { id: copy.sentBy?.id ?? "", name: copy.sentBy?.name ?? "" },
      ackDueAt: copy.ackDueAt,
      dueAt: copy.dueAt,
    };
    try {
      await commit({
        action: "assistance.escalate",
        target: { type: "assistance", id: copy.id },
        state: next,
        summary: { stage: stage.stage, to: superior.id, escalationId },
        items: () => [replaceCopy(next, copy.version), postItem(tenantId, copy.id, post)],
        messages: [Escalated.create(superior.id, { escalationId, stage: stage.stage, overdueSince: stage.dueAt, receiverTenant: copy.toTenant, request })],
      });
      escalated++;
    } catch (err) {
      // Changed meanwhile (an answer arrived): the next run looks again.
      if (err instanceof ConflictError) skipped++;
      else throw err;
    }
  }
  return { escalated, skipped };
}

type EscalationRow = EntityItem<typeof EscalationEntity>;

function toEscalation(e: EscalationRow, full: boolean): EscalationInfo {
  const hide = !full && e.request.confidentiality === "confidential";
  return EscalationInfo.parse({
    id: e.id,
    requestId: e.requestId,
    stage: e.stage,
    fromTenant: e.fromTenant,
    fromTenantName: Tenant.nameOf(e.fromTenant),
    toTenant: e.toTenant,
    toTenantName: Tenant.nameOf(e.toTenant),
    type: e.request.type,
    confidentiality: e.request.confidentiality,
    creditCode: hide ? undefined : e.request.creditCode,
    entityName: hide ? undefined : e.request.entityName,
    facts: full ? e.request.facts : undefined,
    sentAt: e.request.sentAt,
    dueAt: e.request.dueAt,
    overdueSince: e.overdueSince,
    status: e.status,
    resolution: e.resolution ?? undefined,
    receivedAt: e.receivedAt,
    version: e.version,
  });
}

/** One page of the escalations received here, newest first. */
export async function escalations(input: PageInput = {}): Promise<Page<EscalationInfo>> {
  return mapPage(await page(EscalationEntity.query.byTenant({ tenantId: useTenant() }), input), (e) => toEscalation(e, false));
}

async function mustEscalation(id: string): Promise<EscalationRow> {
  const res = await EscalationEntity.get({ tenantId: useTenant(), id }).go({ consistent: true });
  if (!res.data) throw new NotFoundError("assistance.escalation_not_found");
  return res.data;
}

export const escalation = fn(EscalationId, async (id) => toEscalation(await mustEscalation(id), true));

/** Replace an escalation only if nobody resolved it since it was read. */
function replaceEscalation(next: EscalationRow, expectedVersion: number) {
  return Tx.put(EscalationEntity.put(next).where((a, op) => op.eq(a.version, expectedVersion)));
}

export const ReassignInput = z.object({
  id: EscalationId,
  version: z.number().int().positive(),
  /** Route to another department of the same tenant. */
  departmentType: z.enum(DepartmentTypes.map((d) => d.type) as [string, ...string[]]).optional(),
  /** A new deadline for the same tenant (no later than the rule allows from now). */
  dueAt: z.iso.datetime({ offset: true }).optional(),
});

function resolveClock(type: RequestType, dueAt?: string) {
  const now = Clock.iso();
  const clocks = answerDeadline(type, now, dueAt);
  if ("error" in clocks) throw new VisibleError(`assistance.${clocks.error}` as MessageCode, { max: Policy.shanghaiDate(clocks.maxDueAt) });
  return clocks;
}

/** 协调: back to the same tenant with a new deadline and/or another department. */
export const reassign = fn(ReassignInput, async (input) => {
  const me = useTenant();
  const esc = await mustEscalation(input.id);
  if (esc.version !== input.version) throw new ConflictError();
  if (esc.status !== "open") throw new VisibleError("assistance.escalation_closed", {}, 409);
  const clocks = resolveClock(esc.request.type, input.dueAt);
  const at = Clock.iso();
  const by = actorRef(useActor());
  const departmentId = input.departmentType ? Department.standardId(esc.toTenant, input.departmentType) : undefined;
  const post = departmentId
    ? systemPost("reassigned", "assistance.post.reassigned_department", { tenant: me, due: clocks.dueAt, department: departmentId, departmentTenant: esc.toTenant }, me, by, at)
    : systemPost("reassigned", "assistance.post.reassigned", { tenant: me, due: clocks.dueAt }, me, by, at);
  // The receiver gets a fresh acknowledgement clock only if it never acknowledged.
  const base: UpdatedPayload = { requestId: esc.requestId, event: "reassigned", seq: 0, at, post, dueAt: clocks.dueAt, ackDueAt: esc.stage === "acknowledge" ? clocks.ackDueAt : undefined, departmentType: input.departmentType, departmentId };
  const next: EscalationRow = { ...esc, status: "reassigned", resolution: { by: by.name, at, dueAt: clocks.dueAt, departmentType: input.departmentType }, version: esc.version + 1 };
  await commit({
    action: "assistance.reassign",
    target: { type: "escalation", id: esc.id },
    state: next,
    summary: { requestId: esc.requestId, dueAt: clocks.dueAt },
    items: () => [replaceEscalation(next, input.version)],
    messages: [Updated.create(esc.toTenant, base), Updated.create(esc.fromTenant, base)],
    onConditionFailed: () => new ConflictError(),
  });
  return toEscalation(next, true);
});

export const DesignateInput = z.object({
  id: EscalationId,
  version: z.number().int().positive(),
  /** The tenant that handles it from now on (below this one, not the sender). */
  tenantId: tenantCode,
  dueAt: z.iso.datetime({ offset: true }).optional(),
});

/** 跨区域确定承办监管机构: another tenant handles it; the first receiver is told it is withdrawn, the sender who handles it now. */
export const designate = fn(DesignateInput, async (input) => {
  const me = useTenant();
  const esc = await mustEscalation(input.id);
  if (esc.version !== input.version) throw new ConflictError();
  if (esc.status !== "open") throw new VisibleError("assistance.escalation_closed", {}, 409);
  const target = input.tenantId;
  if (!Tenant.exists(target) || !Tenant.isBelow(target, me) || target === esc.fromTenant || target === esc.toTenant) {
    throw new VisibleError("assistance.designate_target", { tenantId: target });
  }
  const clocks = resolveClock(esc.request.type, input.dueAt);
  const at = Clock.iso();
  const by = actorRef(useActor());
  const request: RequestPayload = { ...esc.request, ackDueAt: clocks.ackDueAt, dueAt: clocks.dueAt };
  const next: EscalationRow = { ...esc, status: "designated", resolution: { by: by.name, at, tenantId: target, dueAt: clocks.dueAt }, version: esc.version + 1 };
  await commit({
    action: "assistance.designate",
    target: { type: "escalation", id: esc.id },
    state: next,
    summary: { requestId: esc.requestId, designated: target },
    items: () => [replaceEscalation(next, input.version)],
    messages: [
      Requested.create(target, { request, designatedBy: me }),
      Updated.create(esc.toTenant, {
        requestId: esc.requestId,
        event: "withdraw",
        seq: 0,
        status: "withdrawn",
        at,
        post: systemPost("designated", "assistance.post.designated_away", { tenant: me, target }, me, by, at),
      }),
      Updated.create(esc.fromTenant, {
        requestId: esc.requestId,
        event: "designated",
        seq: 0,
        status: "received",
        at,
        toTenant: target,
        ackDueAt: clocks.ackDueAt,
        dueAt: clocks.dueAt,
        post: systemPost("designated", "assistance.post.designated", { tenant: me, target, due: clocks.dueAt }, me, by, at),
      }),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return toEscalation(next, true);
});
