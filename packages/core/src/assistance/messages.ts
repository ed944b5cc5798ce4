import type { EntityItem } from "electrodb";
import * as z from "zod";
import { Clock } from "../clock";
import { Tx } from "../dynamo/tx";
import { Message } from "../message/index";
import { Tenant } from "../tenant/index";
import { receiveFiles } from "./attachments";
import { EscalationEntity } from "./assistance.entity";
import { countersAdd } from "./counters";
import { routeDepartment } from "./routing";
import { isOpen, Stages, Statuses } from "./rules";
import { Answer, EscalationId, Id, Post, RequestPayload, StoredPost, tenantCode } from "./schemas";
import { findCopy, putCopy, replaceCopy, withSlots, type Row } from "./store";
import { postItem, systemPost } from "./thread";

/** The messages of cross-region assistance on the assistance queue: a request
 * reaching its receiver, either party's updates reaching the other, and an
 * overdue stage reaching the lowest common superior. */

const RequestedPayload = z.object({
  request: RequestPayload,
  /** Set when a superior designates this tenant to handle it (跨区域确定承办监管机构). */
  designatedBy: tenantCode.optional(),
});

const UpdateEvents = ["routed", "accept", "decline", "question", "reply", "answer", "withdraw", "reassigned", "designated"] as const;

/** Version 2: a post the platform writes carries its message code and params instead of a sentence. */
const UpdatedPayload = z.object({
  requestId: Id,
  event: z.enum(UpdateEvents),
  /** The sending side's copy version after the change (orders out-of-order deliveries). */
  seq: z.number().int().nonnegative(),
  status: z.enum(Statuses).optional(),
  at: z.iso.datetime(),
  post: StoredPost.optional(),
  reason: z.string().max(5000).optional(),
  answer: Answer.optional(),
  departmentType: z.string().max(40).optional(),
  departmentId: z.string().max(40).optional(),
  ackDueAt: z.iso.datetime().optional(),
  dueAt: z.iso.datetime().optional(),
  toTenant: tenantCode.optional(),
});
export type UpdatedPayload = z.infer<typeof UpdatedPayload>;
/** Version 1 (still accepted): every post a sentence in its body. */
const UpdatedPayloadV1 = UpdatedPayload.extend({ post: Post.optional() });

const EscalatedPayload = z.object({
  escalationId: EscalationId,
  stage: z.enum(Stages),
  overdueSince: z.iso.datetime(),
  receiverTenant: tenantCode,
  request: RequestPayload,
});

function isCommonSuperior(superior: string, a: string, b: string) {
  return Tenant.isBelow(a, superior) && Tenant.isBelow(b, superior);
}

export const Requested = Message.define<z.infer<typeof RequestedPayload>>({
  type: "assistance.requested",
  queue: "assistance",
  version: 1,
  versions: { 1: RequestedPayload },
  async handle({ request, designatedBy }, envelope) {
    const me = envelope.toTenant;
    if (designatedBy) {
      if (envelope.fromTenant !== designatedBy || !isCommonSuperior(designatedBy, request.senderTenant, me)) {
        throw new Message.PoisonMessage(`forged: ${envelope.fromTenant} may not designate ${me} for a request of ${request.senderTenant}`);
      }
    } else if (envelope.fromTenant !== request.senderTenant) {
      throw new Message.PoisonMessage(`forged: request ${request.id} claims sender ${request.senderTenant} but came from ${envelope.fromTenant}`);
    }
    if (me === request.senderTenant) throw new Message.PoisonMessage(`a tenant cannot receive its own request ${request.id}`);
    const at = Clock.iso();
    const route = await routeDepartment(me, request.type, request.itemCodes, request.departmentType);
    const files = await receiveFiles(me, request.attachments, request.senderTenant);
    const copy: Row = withSlots({
      tenantId: me,
      box: "inbox",
      id: request.id,
      fromTenant: request.senderTenant,
      toTenant: me,
      type: request.type,
      creditCode: request.creditCode,
      entityName: request.entityName,
      itemCodes: request.itemCodes,
      facts: request.facts,
      attachments: request.attachments,
      confidentiality: request.confidentiality,
      departmentType: route.departmentType,
      departmentId: route.departmentId,
      departmentSource: route.source,
      status: "received",
      sentAt: request.sentAt,
      sentBy: request.sentBy,
      receivedAt: at,
      ackDueAt: request.ackDueAt,
      dueAt: request.dueAt,
      escalatedStages: [],
      designatedBy,
      peerVersion: 0,
      version: 1,
      updatedAt: at,
    });
    const post = systemPost("routed", "assistance.post.routed", { tenant: me, department: route.departmentId }, me, { id: "system", name: "系统自动分派" }, at);
    // The routing note goes back the same way every answer does.
    const note = Updated.create(request.senderTenant, {
      requestId: request.id,
      event: "routed",
      seq: 1,
      status: "received",
      at,
      post,
      departmentType: route.departmentType,
      departmentId: route.departmentId,
    });
    return {
      action: "assistance.receive",
      target: { type: "assistance", id: request.id },
      state: copy,
      summary: { type: request.type, from: request.senderTenant, department: route.departmentId },
      items: () => [putCopy(copy), postItem(me, request.id, post), ...files, ...countersAdd(me, { received: 1 })],
      messages: [note],
    };
  },
});

/** What each party may tell the other about a request. */
const RECEIVER_EVENTS: readonly string[] = ["routed", "accept", "decline", "question", "answer"];
const SENDER_EVENTS: readonly string[] = ["reply", "withdraw"];

export const Updated = Message.define<UpdatedPayload>({
  type: "assistance.updated",
  queue: "assistance",
  version: 2,
  versions: { 1: UpdatedPayloadV1, 2: UpdatedPayload },
  // A version-1 post (a sentence in its body, no code) is a valid version-2 post.
  upgrade: (_version, payload) => payload as UpdatedPayload,
  async handle(p, envelope) {
    const me = envelope.toTenant;
    const from = envelope.fromTenant;
    // A receiver's events land in the sender's sent box, a sender's in the receiver's inbox.
    const copy = await findCopy(p.requestId, RECEIVER_EVENTS.includes(p.event) ? "sent" : SENDER_EVENTS.includes(p.event) ? "inbox" : undefined);
    // Not here yet (the request itself may still be on its way): try again later.
    if (!copy) throw new Error(`request ${p.requestId} not (yet) in ${me}`);
    const coordinatorEvent = p.event === "reassigned" || p.event === "designated" || (p.event === "withdraw" && from !== copy.fromTenant);
    if (coordinatorEvent) {
      const other = copy.box === "sent" ? copy.toTenant : copy.fromTenant;
      if (!isCommonSuperior(from, me, other)) throw new Message.PoisonMessage(`forged: ${from} is not a superior of both parties to ${p.requestId}`);
    } else if (copy.box === "sent") {
      if (from !== copy.toTenant || !RECEIVER_EVENTS.includes(p.event)) {
        throw new Message.PoisonMessage(`forged: ${from} is not the receiver of ${p.requestId} (or may not ${p.event} it)`);
      }
    } else if (from !== copy.fromTenant || !SENDER_EVENTS.includes(p.event)) {
      throw new Message.PoisonMessage(`forged: ${from} is not the sender of ${p.requestId} (or may not ${p.event} it)`);
    }

    const next: Row = { ...copy, updatedAt: Clock.iso() };
    const fresh = coordinatorEvent || p.seq > (copy.peerVersion ?? 0);
    if (fresh) {
      if (!coordinatorEvent) next.peerVersion = p.seq;
      if (p.status && (isOpen(copy.status) || p.event === "designated")) next.status = p.status;
      if (p.event === "accept" || p.event === "decline") next.acknowledgedAt = p.at;
      if (p.event === "decline") next.declineReason = p.reason;
      if (p.event === "answer") {
        next.answeredAt = p.at;
        next.answer = p.answer;
      }
      if (p.event === "withdraw") {
        // A superior's designation withdraws the request from this receiver: the platform's words, kept as a code.
        if (p.post?.code && !p.reason) next.withdrawNote = { code: p.post.code, params: p.post.params ?? {} };
        else next.withdrawReason = p.reason;
      }
      if (p.departmentType) next.departmentType = p.departmentType;
      if (p.departmentId) next.departmentId = p.departmentId;
      if (p.ackDueAt) next.ackDueAt = p.ackDueAt;
      if (p.dueAt) next.dueAt = p.dueAt;
      if (p.toTenant) next.toTenant = p.toTenant;
      if (p.event === "reassigned" || p.event === "designated") {
        // A new clock: its stage may escalate again.
        next.escalatedStages = [];
        if (p.event === "designated") {
          next.status = "received";
          next.peerVersion = 0;
        }
      }
      if (p.event === "reassigned" && copy.box === "inbox" && p.departmentId) next.departmentSource = "coordinator";
    }
    next.version = copy.version + 1;
    const files = await receiveFiles(me, [...(p.post?.attachments ?? []), ...(p.answer?.attachments ?? [])], from);
    return {
      action: `assistance.${p.event}.receive`,
      target: { type: "assistance", id: p.requestId },
      state: next,
      summary: { event: p.event, from },
      items: () => [replaceCopy(next, copy.version), ...(p.post ? [postItem(me, p.requestId, p.post)] : []), ...files],
    };
  },
});

type EscalationRow = EntityItem<typeof EscalationEntity>;

export const Escalated = Message.define<z.infer<typeof EscalatedPayload>>({
  type: "assistance.escalated",
  queue: "assistance",
  version: 1,
  versions: { 1: EscalatedPayload },
  async handle(p, envelope) {
    const me = envelope.toTenant;
    if (envelope.fromTenant !== p.request.senderTenant) throw new Message.PoisonMessage(`forged: escalation of ${p.request.id} not from its sender`);
    if (Tenant.lowestCommonSuperior(p.request.senderTenant, p.receiverTenant).id !== me) {
      throw new Message.PoisonMessage(`forged: ${me} is not the lowest common superior of ${p.request.senderTenant} and ${p.receiverTenant}`);
    }
    const files = await receiveFiles(me, p.request.attachments, p.request.senderTenant);
    const esc: EscalationRow = {
      tenantId: me,
      id: p.escalationId,
      requestId: p.request.id,
      stage: p.stage,
      fromTenant: p.request.senderTenant,
      toTenant: p.receiverTenant,
      overdueSince: p.overdueSince,
      request: p.request,
      status: "open",
      receivedAt: Clock.iso(),
      version: 1,
    };
    return {
      action: "assistance.escalation.receive",
      target: { type: "escalation", id: esc.id },
      state: esc,
      summary: { requestId: p.request.id, stage: p.stage },
      items: () => [Tx.put(EscalationEntity.put(esc)), ...files],
    };
  },
});
