export * as AssistanceRequest from "./index";

import * as z from "zod";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { StatsEntity } from "../dashboard/dashboard.entity";
import { daysBetween } from "../dashboard/stats";
import { Department } from "../department/index";
import { DepartmentTypes } from "../department/types";
import { commit } from "../outbox/commit";
import { Tx, type TxItem } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { Message } from "../message/index";
import { Policy } from "../policy/index";
import { Tenant } from "../tenant/index";
import type { MessageCode } from "../i18n/index";
import { fn } from "../util/fn";
import { sha256 } from "../util/hash";
import { createId, idSchema } from "../util/id";
import { AttachmentEntity, BlobEntity, EscalationEntity, PostEntity, RequestEntity } from "./assistance.entity";
import { routeDepartment } from "./routing";
import {
  ConfidentialityCodes,
  RequestTypeCodes,
  answerClock,
  answerDeadline,
  acknowledgeClock,
  canAct,
  currentStage,
  dueSlot,
  isOpen,
  nextStatus,
  openSlot,
  typeInfo,
  type Action,
  type RequestType,
  type Stage,
  type Status,
} from "./rules";

export * as Rules from "./rules";

/** 跨区域协助: one tenant asks another for help. The sender keeps its copy
 * (sent box), the receiver its own (inbox); they change only through messages
 * on the assistance queue. */

export const Id = idSchema("asr");
export const EscalationId = idSchema("esc");
const PostId = idSchema("pst");
const tenantCode = z.string().regex(/^\d{6}$/);

/** Per file and per request; the API's body limit is 1 MB, base64 adds a third. */
export const MAX_ATTACHMENT_BYTES = 256 * 1024;
export const MAX_ATTACHMENTS = 10;

export const AttachmentRef = z
  .object({
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    name: z.string().trim().min(1).max(200),
    size: z.number().int().nonnegative(),
    contentType: z.string().max(100),
    /** The tenant whose partition the receiving flow copies the bytes from (the
     * sender, or for a forwarded request its first sender). Set by the platform;
     * a value a client sends is ignored. */
    holder: tenantCode.optional(),
  })
  .meta({ id: "AttachmentRef" });
export type AttachmentRef = z.infer<typeof AttachmentRef>;

const Post = z.object({
  id: PostId,
  kind: z.enum(["routed", "accept", "decline", "question", "reply", "answer", "withdraw", "escalated", "reassigned", "designated"]),
  body: z.string().max(10000),
  attachments: z.array(AttachmentRef).max(MAX_ATTACHMENTS).optional(),
  byTenant: tenantCode,
  by: z.object({ id: z.string(), name: z.string() }).loose(),
  at: z.string(),
});
export type Post = z.infer<typeof Post>;

const Answer = z.object({ result: z.string(), findings: z.string().optional(), attachments: z.array(AttachmentRef).default([]) });

export const Info = z
  .object({
    id: Id,
    box: z.enum(["sent", "inbox"]),
    fromTenant: z.string(),
    fromTenantName: z.string(),
    toTenant: z.string(),
    toTenantName: z.string(),
    type: z.enum(RequestTypeCodes),
    confidentiality: z.enum(ConfidentialityCodes),
    /** Hidden (undefined) in lists when the request is confidential. */
    creditCode: z.string().optional(),
    entityName: z.string().optional(),
    itemCodes: z.array(z.string()).optional(),
    facts: z.string().optional(),
    attachments: z.array(AttachmentRef).optional(),
    departmentType: z.string().optional(),
    departmentId: z.string().optional(),
    departmentName: z.string().optional(),
    departmentSource: z.string().optional(),
    status: z.enum(["received", "accepted", "declined", "answered", "withdrawn"]),
    sentAt: z.string(),
    sentBy: z.object({ id: z.string(), name: z.string() }).loose(),
    receivedAt: z.string().optional(),
    ackDueAt: z.string(),
    dueAt: z.string(),
    acknowledgedAt: z.string().optional(),
    answeredAt: z.string().optional(),
    declineReason: z.string().optional(),
    withdrawReason: z.string().optional(),
    answer: Answer.optional(),
    escalatedStages: z.array(z.string()),
    escalations: z.array(z.object({ id: EscalationId, stage: z.string(), to: z.string(), at: z.string() })).optional(),
    designatedBy: z.string().optional(),
    overdue: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: "AssistanceRequest" });
export type Info = z.infer<typeof Info>;

export const Detail = Info.extend({ thread: z.array(Post) }).meta({ id: "AssistanceRequestDetail" });

type Copy = Record<string, any>;

function toInfo(r: Copy, full: boolean): Info {
  const hide = !full && r.confidentiality === "confidential";
  const dept = r.departmentId ? departmentName(r.toTenant, r.departmentId) : undefined;
  return Info.parse({
    id: r.id,
    box: r.box,
    fromTenant: r.fromTenant,
    fromTenantName: Tenant.get(r.fromTenant)?.name ?? r.fromTenant,
    toTenant: r.toTenant,
    toTenantName: Tenant.get(r.toTenant)?.name ?? r.toTenant,
    type: r.type,
    confidentiality: r.confidentiality,
    creditCode: hide ? undefined : r.creditCode,
    entityName: hide ? undefined : (r.entityName ?? undefined),
    itemCodes: hide ? undefined : r.itemCodes,
    facts: full ? r.facts : undefined,
    attachments: full ? r.attachments : undefined,
    departmentType: r.departmentType ?? undefined,
    departmentId: r.departmentId ?? undefined,
    departmentName: dept,
    departmentSource: r.departmentSource ?? undefined,
    status: r.status,
    sentAt: r.sentAt,
    sentBy: { id: r.sentBy?.id ?? "", name: r.sentBy?.name ?? "" },
    receivedAt: r.receivedAt ?? undefined,
    ackDueAt: r.ackDueAt,
    dueAt: r.dueAt,
    acknowledgedAt: r.acknowledgedAt ?? undefined,
    answeredAt: r.answeredAt ?? undefined,
    declineReason: r.declineReason ?? undefined,
    withdrawReason: r.withdrawReason ?? undefined,
    answer: full ? (r.answer ?? undefined) : undefined,
    escalatedStages: r.escalatedStages ?? [],
    escalations: r.escalations ?? undefined,
    designatedBy: r.designatedBy ?? undefined,
    overdue: isOpen(r.status) && Date.parse(r.status === "received" ? r.ackDueAt : r.dueAt) < Clock.nowMs(),
    version: r.version,
    updatedAt: r.updatedAt,
  });
}

/** Standard department names are derived from tenant and type; others are looked up on the detail page only. */
function departmentName(tenantId: string, departmentId: string): string | undefined {
  const t = Tenant.get(tenantId);
  if (!t) return undefined;
  for (const d of DepartmentTypes) {
    if (Department.standardId(tenantId, d.type) === departmentId) {
      return t.level === "province" ? d.zh : `${t.name}${d.zh}`;
    }
  }
  return undefined;
}

// ------------------------------------------------------------------ attachments

export const UploadInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    contentType: z.string().trim().min(1).max(100).default("application/octet-stream"),
    /** The file's bytes, base64. At most 256 KB once decoded. */
    data: z.string().min(1),
  })
  .meta({ id: "AttachmentUpload", example: { name: "现场照片说明.txt", contentType: "text/plain", data: "546w5Zy65qOA5p+l6K6w5b2V" } });

/** Store a file in this tenant's partition by the sha256 of its bytes (once,
 * however often this tenant uploads it) and record this tenant's right to it. */
export const upload = fn(UploadInput, async (input) => {
  const tenantId = useTenant();
  if (!/^[A-Za-z0-9+/=\s]+$/.test(input.data)) throw new VisibleError("assistance.attachment_data");
  const bytes = Buffer.from(input.data, "base64");
  if (bytes.length === 0) throw new VisibleError("assistance.attachment_data");
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw new VisibleError("assistance.attachment_too_large", { limit: "256 KB", size: bytes.length }, 413);
  const hash = sha256(bytes);
  const ref: AttachmentRef = { hash, name: input.name, size: bytes.length, contentType: input.contentType, holder: tenantId };
  await commit({
    action: "attachment.upload",
    target: { type: "attachment", id: hash },
    state: ref,
    summary: { name: input.name, size: bytes.length },
    items: () => [
      Tx.put(BlobEntity.put({ tenantId, hash, data: bytes.toString("base64"), size: bytes.length }).params() as Record<string, unknown>),
      Tx.put(AttachmentEntity.put({ tenantId, hash, name: ref.name, size: ref.size, contentType: ref.contentType, at: Clock.iso() }).params() as Record<string, unknown>),
    ],
  });
  return ref;
});

export const DownloadInput = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/) });

/** The bytes of an attachment this tenant has a right to (its upload, or one
 * received), from its own partition: the receiving flow copied them there. */
export const download = fn(DownloadInput, async ({ hash }) => {
  const tenantId = useTenant();
  const grant = await AttachmentEntity.get({ tenantId, hash }).go();
  if (!grant.data) throw new NotFoundError("assistance.attachment_not_found");
  const blob = await BlobEntity.get({ tenantId, hash }).go();
  if (!blob.data) throw new NotFoundError("assistance.attachment_not_found");
  return { ...grant.data, bytes: Buffer.from(blob.data.data, "base64") };
});

/** Every attachment named must be one this tenant holds. */
async function ownAttachments(refs: AttachmentRef[]): Promise<AttachmentRef[]> {
  const tenantId = useTenant();
  const out: AttachmentRef[] = [];
  for (const ref of refs) {
    const grant = await AttachmentEntity.get({ tenantId, hash: ref.hash }).go();
    if (!grant.data) throw new VisibleError("assistance.attachment_unknown", { hash: ref.hash });
    // A right always comes with this tenant's own copy of the bytes.
    out.push({ hash: ref.hash, name: ref.name, size: grant.data.size, contentType: grant.data.contentType, holder: tenantId });
  }
  return out;
}

/** What receiving the files a message names writes: this tenant's right to
 * each, and its own copy of the bytes unless it has one. The copy is read from
 * the holder's partition here, in the flow, so that no query of this tenant
 * ever reads another's partition (DESIGN §6). One item per file: the same
 * file may be named twice (an answer's thread entry and the answer itself),
 * and a transaction may not write one item twice. `holder`: where the bytes
 * are when a ref does not say (one committed before refs named it). */
async function receiveFiles(tenantId: string, refs: AttachmentRef[] | undefined, holder: string): Promise<TxItem[]> {
  const unique = [...new Map((refs ?? []).map((r) => [r.hash, r])).values()];
  const items: TxItem[] = [];
  for (const { hash, name, size, contentType, holder: from = holder } of unique) {
    if (from !== tenantId && !(await BlobEntity.get({ tenantId, hash }).go({ consistent: true })).data) {
      const blob = (await BlobEntity.get({ tenantId: from, hash }).go({ consistent: true })).data;
      // Uploads commit the bytes with the right, so this is never expected: retry, then dead-letter.
      if (!blob) throw new Error(`attachment ${hash} is not stored in ${from}`);
      items.push(Tx.put(BlobEntity.put({ tenantId, hash, data: blob.data, size: blob.size }).params() as Record<string, unknown>));
    }
    items.push(Tx.put(AttachmentEntity.put({ tenantId, hash, name, size, contentType, at: Clock.iso() }).params() as Record<string, unknown>));
  }
  return items;
}

// ------------------------------------------------------------------ messages

const RequestPayload = z.object({
  id: Id,
  senderTenant: tenantCode,
  type: z.enum(RequestTypeCodes),
  creditCode: CreditCode,
  entityName: z.string().max(200).optional(),
  itemCodes: z.array(z.string().max(32)).max(20),
  facts: z.string().min(1).max(10000),
  attachments: z.array(AttachmentRef).max(MAX_ATTACHMENTS),
  departmentType: z.string().max(40).optional(),
  confidentiality: z.enum(ConfidentialityCodes),
  sentAt: z.iso.datetime(),
  sentBy: z.object({ id: z.string(), name: z.string() }).loose(),
  ackDueAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
});
type RequestPayload = z.infer<typeof RequestPayload>;

const RequestedPayload = z.object({
  request: RequestPayload,
  /** Set when a superior designates this tenant to handle it (跨区域确定承办监管机构). */
  designatedBy: tenantCode.optional(),
});

const UpdatedPayload = z.object({
  requestId: Id,
  event: z.enum(["routed", "accept", "decline", "question", "reply", "answer", "withdraw", "reassigned", "designated"]),
  /** The sending side's copy version after the change (orders out-of-order deliveries). */
  seq: z.number().int().nonnegative(),
  status: z.enum(["received", "accepted", "declined", "answered", "withdrawn"]).optional(),
  at: z.iso.datetime(),
  post: Post.optional(),
  reason: z.string().max(5000).optional(),
  answer: Answer.optional(),
  departmentType: z.string().max(40).optional(),
  departmentId: z.string().max(40).optional(),
  ackDueAt: z.iso.datetime().optional(),
  dueAt: z.iso.datetime().optional(),
  toTenant: tenantCode.optional(),
});
type UpdatedPayload = z.infer<typeof UpdatedPayload>;

const EscalatedPayload = z.object({
  escalationId: EscalationId,
  stage: z.enum(["acknowledge", "answer"]),
  overdueSince: z.iso.datetime(),
  receiverTenant: tenantCode,
  request: RequestPayload,
});

function isCommonSuperior(superior: string, a: string, b: string) {
  return Tenant.isBelow(a, superior) && Tenant.isBelow(b, superior);
}

/** This tenant's copy of a request. With `likely`, that box is read first and
 * the other only if it holds nothing: one read instead of two. */
async function findCopy(id: string, likely?: "inbox" | "sent"): Promise<Copy | undefined> {
  const tenantId = useTenant();
  if (likely) {
    const first = await RequestEntity.get({ tenantId, box: likely, id }).go({ consistent: true });
    if (first.data) return first.data;
    return (await RequestEntity.get({ tenantId, box: likely === "inbox" ? "sent" : "inbox", id }).go({ consistent: true })).data ?? undefined;
  }
  const [inbox, sent] = await Promise.all([
    RequestEntity.get({ tenantId, box: "inbox", id }).go({ consistent: true }),
    RequestEntity.get({ tenantId, box: "sent", id }).go({ consistent: true }),
  ]);
  return inbox.data ?? sent.data ?? undefined;
}

function putCopy(copy: Copy): TxItem {
  return Tx.put(RequestEntity.put({ ...copy, openSlot: openSlot(copy as any), dueSlot: dueSlot(copy as any) } as any).params() as Record<string, unknown>);
}

/** Replace a copy only if nobody changed it since it was read (optimistic versioning). */
function replaceCopy(copy: Copy, expectedVersion: number): TxItem {
  const next = { ...copy, openSlot: openSlot(copy as any), dueSlot: dueSlot(copy as any) };
  return Tx.put(
    RequestEntity.put(next as any)
      .where((a, op) => op.eq(a.version, expectedVersion))
      .params() as Record<string, unknown>,
  );
}

function postItem(tenantId: string, requestId: string, post: Post): TxItem {
  return Tx.put(PostEntity.put({ tenantId, requestId, ...post }).params() as Record<string, unknown>);
}

function statsAdd(tenantId: string, add: Record<string, number>): TxItem {
  return Tx.update(StatsEntity.update({ tenantId }).add(add as any).params() as Record<string, unknown>);
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
    const copy: Copy = {
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
    };
    const post: Post = {
      id: createId("pst"),
      kind: "routed",
      body: `${Tenant.get(me)?.name ?? me}已收到，分派至${departmentName(me, route.departmentId) ?? route.departmentId}`,
      byTenant: me,
      by: { id: "system", name: "系统自动分派" },
      at,
    };
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
      items: () => [putCopy(copy), postItem(me, request.id, post), ...files, statsAdd(me, { received: 1 })],
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
  version: 1,
  versions: { 1: UpdatedPayload },
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

    const next: Copy = { ...copy, updatedAt: Clock.iso() };
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
      if (p.event === "withdraw") next.withdrawReason = p.reason;
      if (p.departmentType) next.departmentType = p.departmentType;
      if (p.departmentId && copy.box === "inbox") next.departmentId = p.departmentId;
      if (p.departmentId && copy.box === "sent") next.departmentId = p.departmentId;
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
    const esc = {
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
      items: () => [Tx.put(EscalationEntity.put(esc).params() as Record<string, unknown>), ...files],
    };
  },
});

// ------------------------------------------------------------------ send

export const SendInput = z
  .object({
    toTenant: tenantCode,
    type: z.enum(RequestTypeCodes),
    creditCode: CreditCode,
    entityName: z.string().trim().max(200).optional(),
    itemCodes: z.array(z.string().trim().regex(/^[A-Z]{2}(-[A-Z0-9]{1,8}){1,3}$/, { message: "catalogue.item_code" })).max(20).default([]),
    facts: z.string().trim().min(5).max(10000),
    attachments: z.array(AttachmentRef).max(MAX_ATTACHMENTS).default([]),
    /** A shorter deadline than the rule's; never a longer one. */
    dueAt: z.iso.datetime({ offset: true }).optional(),
    departmentType: z.enum(DepartmentTypes.map((d) => d.type) as [string, ...string[]]).optional(),
    confidentiality: z.enum(ConfidentialityCodes).default("internal"),
  })
  .meta({
    id: "AssistanceSend",
    example: {
      toTenant: "350203",
      type: "investigation",
      creditCode: "91350100M000100Y43",
      entityName: "厦门某食品贸易有限公司",
      itemCodes: [],
      facts: "该公司向鼓楼区多家餐饮单位供应的冷冻肉品涉嫌无检疫证明，请协助核查其仓储与进货台账。",
      confidentiality: "internal",
    },
  });

export const send = fn(SendInput, async (input) => {
  const from = useTenant();
  if (!Tenant.exists(input.toTenant)) throw new VisibleError("tenant.not_found", { tenantId: input.toTenant }, 400);
  if (input.toTenant === from) throw new VisibleError("assistance.same_tenant");
  const sentAt = Clock.iso();
  const clocks = answerDeadline(input.type, sentAt, input.dueAt);
  if ("error" in clocks) throw new VisibleError(`assistance.${clocks.error}` as MessageCode, { max: Policy.shanghaiDate(clocks.maxDueAt) });
  const attachments = await ownAttachments(input.attachments);
  const request: RequestPayload = {
    id: createId("asr"),
    senderTenant: from,
    type: input.type,
    creditCode: input.creditCode,
    entityName: input.entityName,
    itemCodes: input.itemCodes,
    facts: input.facts,
    attachments,
    departmentType: input.departmentType,
    confidentiality: input.confidentiality,
    sentAt,
    sentBy: actorRef(useActor()),
    ackDueAt: clocks.ackDueAt,
    dueAt: clocks.dueAt,
  };
  const copy: Copy = {
    tenantId: from,
    box: "sent",
    id: request.id,
    fromTenant: from,
    toTenant: input.toTenant,
    type: request.type,
    creditCode: request.creditCode,
    entityName: request.entityName,
    itemCodes: request.itemCodes,
    facts: request.facts,
    attachments,
    confidentiality: request.confidentiality,
    departmentType: request.departmentType,
    status: "received",
    sentAt,
    sentBy: request.sentBy,
    ackDueAt: request.ackDueAt,
    dueAt: request.dueAt,
    escalatedStages: [],
    peerVersion: 0,
    version: 1,
    updatedAt: sentAt,
  };
  await commit({
    action: "assistance.send",
    target: { type: "assistance", id: request.id },
    state: copy,
    summary: { type: request.type, to: input.toTenant },
    items: () => [putCopy(copy), statsAdd(from, { sent: 1 })],
    messages: [Requested.create(input.toTenant, { request })],
  });
  return toInfo(copy, true);
});

// ------------------------------------------------------------------ read

export const ListInput = z.object({ box: z.enum(["inbox", "sent"]).default("inbox") });

export const list = fn(ListInput, async ({ box }) => {
  const res = await RequestEntity.query.byBox({ tenantId: useTenant(), box }).go({ pages: "all" });
  return res.data.map((r) => toInfo(r, false)).sort((a, b) => b.sentAt.localeCompare(a.sentAt));
});

async function mustCopy(id: string): Promise<Copy> {
  const copy = await findCopy(id);
  if (!copy) throw new NotFoundError("assistance.not_found");
  return copy;
}

export const fromID = fn(Id, async (id) => {
  const copy = await mustCopy(id);
  const posts = await PostEntity.query.byRequest({ tenantId: useTenant(), requestId: id }).go({ pages: "all" });
  const thread = posts.data.map((p) => Post.parse({ ...p, attachments: p.attachments ?? undefined })).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  return Detail.parse({ ...toInfo(copy, true), thread });
});

// ------------------------------------------------------------------ act

export const ActInput = z.object({
  id: Id,
  version: z.number().int().positive(),
  /** Reasons (decline, withdraw), a question or reply, or the answer's result. */
  text: z.string().trim().min(1).max(10000).optional(),
  findings: z.string().trim().max(10000).optional(),
  attachments: z.array(AttachmentRef).max(MAX_ATTACHMENTS).default([]),
});

const postKinds: Record<Action, Post["kind"]> = {
  accept: "accept",
  decline: "decline",
  question: "question",
  reply: "reply",
  answer: "answer",
  withdraw: "withdraw",
};

/** One officer's action on the tenant's own copy; the other side hears of it by message. */
async function act(action: Action, input: z.infer<typeof ActInput>) {
  const tenantId = useTenant();
  const actor = useActor();
  const copy = await mustCopy(input.id);
  if (copy.version !== input.version) throw new ConflictError();
  if (!canAct(action, copy.box, copy.status as Status)) throw new VisibleError("assistance.wrong_state", { status: copy.status, action }, 409);
  // An officer acts for the department the request was routed to.
  if (copy.box === "inbox" && actor.type === "user" && actor.role === "officer" && copy.departmentId && actor.departmentId !== copy.departmentId) {
    throw new VisibleError("assistance.not_your_department", {}, 403);
  }
  if ((action === "decline" || action === "withdraw" || action === "question" || action === "reply" || action === "answer") && !input.text) {
    throw new VisibleError("assistance.text_required", { action });
  }
  const attachments = await ownAttachments(input.attachments);
  const at = Clock.iso();
  const next: Copy = { ...copy, status: nextStatus(action, copy.status as Status), version: copy.version + 1, updatedAt: at };
  const stats: Record<string, number> = {};
  if (action === "accept" || action === "decline") {
    next.acknowledgedAt = at;
    const onTime = Date.parse(at) <= Date.parse(copy.ackDueAt);
    Object.assign(stats, { acknowledged: 1, acknowledgedOnTime: onTime ? 1 : 0 });
    if (action === "accept") Object.assign(stats, { accepted: 1, acceptedOnTime: onTime ? 1 : 0 });
  }
  if (action === "decline") next.declineReason = input.text;
  if (action === "withdraw") next.withdrawReason = input.text;
  let answer: z.infer<typeof Answer> | undefined;
  if (action === "answer") {
    answer = { result: input.text!, findings: input.findings, attachments };
    next.answer = answer;
    next.answeredAt = at;
    Object.assign(stats, {
      answered: 1,
      answeredOnTime: Date.parse(at) <= Date.parse(copy.dueAt) ? 1 : 0,
      answerDaysTotal: daysBetween(copy.receivedAt ?? copy.sentAt, at),
    });
  }
  const post: Post = {
    id: createId("pst"),
    kind: postKinds[action],
    body: input.text ?? (action === "accept" ? "已受理" : ""),
    attachments: attachments.length ? attachments : undefined,
    byTenant: tenantId,
    by: actorRef(actor),
    at,
  };
  const other = copy.box === "inbox" ? copy.fromTenant : copy.toTenant;
  const message = Updated.create(other, {
    requestId: copy.id,
    event: action,
    seq: next.version,
    status: action === "question" || action === "reply" ? undefined : next.status,
    at,
    post,
    reason: action === "decline" || action === "withdraw" ? input.text : undefined,
    answer,
  });
  await commit({
    action: `assistance.${action}`,
    target: { type: "assistance", id: copy.id },
    state: next,
    summary: { status: next.status },
    items: () => [replaceCopy(next, input.version), postItem(tenantId, copy.id, post), ...(Object.keys(stats).length ? [statsAdd(tenantId, stats)] : [])],
    messages: [message],
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(next, true);
}

export const accept = fn(ActInput, (i) => act("accept", i));
export const decline = fn(ActInput, (i) => act("decline", i));
export const answer = fn(ActInput, (i) => act("answer", i));
export const withdraw = fn(ActInput, (i) => act("withdraw", i));
/** A question (receiver) or a reply (sender) in the thread. */
export const post = fn(ActInput, async (i) => {
  const copy = await mustCopy(i.id);
  return act(copy.box === "inbox" ? "question" : "reply", i);
});

// ------------------------------------------------------------------ escalation

/** The escalator's work for the current tenant: each overdue stage of a sent
 * request escalates once, by message, to the lowest common superior. Reads
 * only the due index of this tenant, and only what is overdue. */
export async function escalateOverdue(): Promise<{ escalated: number; skipped: number }> {
  const tenantId = useTenant();
  const now = Clock.iso();
  const res = await RequestEntity.query.due({ tenantId, box: "sent" }).lt({ dueSlot: `${now}#~` }).go({ pages: "all" });
  let escalated = 0;
  let skipped = 0;
  for (const copy of res.data as Copy[]) {
    const stage = currentStage(copy as any);
    if (!stage || Date.parse(stage.dueAt) > Date.parse(now) || !isOpen(copy.status)) {
      skipped++;
      continue;
    }
    const superior = Tenant.lowestCommonSuperior(copy.fromTenant, copy.toTenant);
    const escalationId = createId("esc");
    const next: Copy = {
      ...copy,
      escalatedStages: [...(copy.escalatedStages ?? []), stage.stage],
      escalations: [...(copy.escalations ?? []), { id: escalationId, stage: stage.stage, to: superior.id, at: now }],
      version: copy.version + 1,
      updatedAt: now,
    };
    const post: Post = {
      id: createId("pst"),
      kind: "escalated",
      body: `${stage.stage === "acknowledge" ? "受理" : "答复"}逾期，已提请${superior.name}协调督办（${escalationId}）`,
      byTenant: tenantId,
      by: { id: "system", name: "逾期督办" },
      at: now,
    };
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

/** An escalation shows the request's own fields (hidden alike when confidential). */
export const EscalationInfo = Info.pick({
  fromTenant: true,
  fromTenantName: true,
  toTenant: true,
  toTenantName: true,
  type: true,
  confidentiality: true,
  creditCode: true,
  entityName: true,
  facts: true,
  sentAt: true,
  dueAt: true,
})
  .extend({
    id: EscalationId,
    requestId: Id,
    stage: z.enum(["acknowledge", "answer"]),
    overdueSince: z.string(),
    status: z.enum(["open", "reassigned", "designated"]),
    resolution: z.record(z.string(), z.unknown()).optional(),
    receivedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "AssistanceEscalation" });

function toEscalation(e: Copy, full: boolean) {
  const hide = !full && e.request.confidentiality === "confidential";
  return EscalationInfo.parse({
    id: e.id,
    requestId: e.requestId,
    stage: e.stage,
    fromTenant: e.fromTenant,
    fromTenantName: Tenant.get(e.fromTenant)?.name ?? e.fromTenant,
    toTenant: e.toTenant,
    toTenantName: Tenant.get(e.toTenant)?.name ?? e.toTenant,
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

export async function escalations() {
  const res = await EscalationEntity.query.byTenant({ tenantId: useTenant() }).go({ pages: "all" });
  return res.data.map((e) => toEscalation(e, false)).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

async function mustEscalation(id: string) {
  const res = await EscalationEntity.get({ tenantId: useTenant(), id }).go({ consistent: true });
  if (!res.data) throw new NotFoundError("assistance.escalation_not_found");
  return res.data as Copy;
}

export const escalation = fn(EscalationId, async (id) => toEscalation(await mustEscalation(id), true));

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
  const departmentId = input.departmentType ? Department.standardId(esc.toTenant, input.departmentType) : undefined;
  const post: Post = {
    id: createId("pst"),
    kind: "reassigned",
    body: `${Tenant.get(me)?.name}协调督办：限${Policy.shanghaiDate(clocks.dueAt)}前办结${input.departmentType ? `，改由${departmentName(esc.toTenant, departmentId!)}承办` : ""}`,
    byTenant: me,
    by: actorRef(useActor()),
    at,
  };
  // The receiver gets a fresh acknowledgement clock only if it never acknowledged.
  const base = { requestId: esc.requestId, event: "reassigned" as const, seq: 0, at, post, dueAt: clocks.dueAt, ackDueAt: esc.stage === "acknowledge" ? clocks.ackDueAt : undefined, departmentType: input.departmentType, departmentId };
  const next = { ...esc, status: "reassigned", resolution: { by: actorRef(useActor()).name, at, dueAt: clocks.dueAt, departmentType: input.departmentType }, version: esc.version + 1 };
  await commit({
    action: "assistance.reassign",
    target: { type: "escalation", id: esc.id },
    state: next,
    summary: { requestId: esc.requestId, dueAt: clocks.dueAt },
    items: () => [Tx.put(EscalationEntity.put(next as any).where((a, op) => op.eq(a.version, input.version)).params() as Record<string, unknown>)],
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
  const targetName = Tenant.get(target)!.name;
  const mkPost = (body: string): Post => ({ id: createId("pst"), kind: "designated", body, byTenant: me, by, at });
  const request: RequestPayload = { ...esc.request, ackDueAt: clocks.ackDueAt, dueAt: clocks.dueAt };
  const next = { ...esc, status: "designated", resolution: { by: by.name, at, tenantId: target, dueAt: clocks.dueAt }, version: esc.version + 1 };
  await commit({
    action: "assistance.designate",
    target: { type: "escalation", id: esc.id },
    state: next,
    summary: { requestId: esc.requestId, designated: target },
    items: () => [Tx.put(EscalationEntity.put(next as any).where((a, op) => op.eq(a.version, input.version)).params() as Record<string, unknown>)],
    messages: [
      Requested.create(target, { request, designatedBy: me }),
      Updated.create(esc.toTenant, {
        requestId: esc.requestId,
        event: "withdraw",
        seq: 0,
        status: "withdrawn",
        at,
        reason: `${Tenant.get(me)?.name}已指定${targetName}承办`,
        post: mkPost(`${Tenant.get(me)?.name}已指定${targetName}承办，本级不再承办`),
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
        post: mkPost(`${Tenant.get(me)?.name}指定${targetName}承办，限${Policy.shanghaiDate(clocks.dueAt)}前办结`),
      }),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return toEscalation(next, true);
});

export { answerClock, acknowledgeClock, typeInfo };
export type { Stage };
