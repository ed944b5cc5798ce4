import * as z from "zod";
import { Clock } from "../clock";
import { actorRef, useActor, useLocale, useTenant } from "../context";
import { DepartmentTypes } from "../department/types";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, VisibleError } from "../error";
import type { MessageCode } from "../i18n/index";
import { commit } from "../outbox/commit";
import { Outbox } from "../outbox/index";
import { Policy } from "../policy/index";
import { Tenant } from "../tenant/index";
import { owns } from "../department/scope";
import { fn } from "../util/fn";
import { mapPage, PageInput } from "../util/page";
import { createId } from "../util/id";
import { ownAttachments } from "./attachments";
import { countersAdd } from "./counters";
import { Requested, Updated } from "./messages";
import { answerDeadline, canAct, ConfidentialityCodes, daysBetween, nextStatus, RequestTypeCodes, type Action, type Counters, type PostKind } from "./rules";
import { AttachmentRef, Detail, Id, MAX_ATTACHMENTS, tenantCode, type Answer, type RequestPayload, type StoredPost } from "./schemas";
import { listCopies, mustCopy, ownerOf, putCopy, replaceCopy, toInfo, withSlots, type Row } from "./store";
import { Statuses } from "./rules";
import { postItem, readThread, systemPost, userPost } from "./thread";
import { noteFinding } from "./credit-hook";

/** The request itself: sending it, reading this tenant's copies, and the
 * parties' actions on their own copy (the other side hears by message). */

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
  const sender = useActor();
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
    sentBy: actorRef(sender),
    ackDueAt: clocks.ackDueAt,
    dueAt: clocks.dueAt,
  };
  const copy: Row = withSlots({
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
    // The sending department's officers act on this copy (withdraw, reply); the token's department, never the request's.
    ...(sender.type === "user" && sender.departmentId ? { senderDepartmentId: sender.departmentId } : {}),
    status: "received",
    sentAt,
    sentBy: request.sentBy,
    ackDueAt: request.ackDueAt,
    dueAt: request.dueAt,
    escalatedStages: [],
    peerVersion: 0,
    version: 1,
    updatedAt: sentAt,
  });
  await commit({
    action: "assistance.send",
    target: { type: "assistance", id: request.id },
    state: copy,
    summary: { type: request.type, to: input.toTenant },
    items: () => [putCopy(copy), ...countersAdd(from, { sent: 1 })],
    messages: [Requested.create(input.toTenant, { request })],
  });
  return toInfo(copy, true);
});

// ------------------------------------------------------------------ read

export const ListInput = PageInput.extend({
  box: z.enum(["inbox", "sent"]).default("inbox"),
  status: z.enum(Statuses).optional().meta({ description: "只看此状态 / only this status" }),
});

/** One page of a box, newest first. Rows never carry facts; a confidential one hides its entity too. */
export const list = fn(ListInput, async ({ box, status, limit, cursor }) => {
  return mapPage(await listCopies(box, { limit, cursor }, status), (r) => toInfo(r, false));
});

/** One copy with its thread, the platform's posts in the reader's language. A
 * confidential request's details reach only the sending and the handling
 * departments and the overseers; anyone else gets the redacted row. */
export const fromID = fn(Id, async (id) => {
  const copy = await mustCopy(id);
  if (copy.confidentiality === "confidential" && !owns(ownerOf(copy))) return Detail.parse({ ...toInfo(copy, false), thread: [], redacted: true });
  const [thread, stalled] = await Promise.all([readThread(useTenant(), id, useLocale()), Outbox.deliveryOf({ type: "assistance", id })]);
  const delivery = stalled[0] && { state: "stalled" as const, messageId: stalled[0].id, type: stalled[0].type, attempts: stalled[0].attempts, error: stalled[0].error, stalledAt: stalled[0].stalledAt };
  return Detail.parse({ ...toInfo(copy, true), thread, ...(delivery ? { delivery } : {}) });
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

const postKinds: Record<Action, PostKind> = {
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
  // An officer acts for the department the request was routed to (inbox) or that sent it (sent box); admins for any.
  if (!owns(ownerOf(copy))) throw new VisibleError("assistance.not_your_department", {}, 403);
  if (copy.version !== input.version) throw new ConflictError();
  if (!canAct(action, copy.box, copy.status)) throw new VisibleError("assistance.wrong_state", { status: copy.status, action }, 409);
  if ((action === "decline" || action === "withdraw" || action === "question" || action === "reply" || action === "answer") && !input.text) {
    throw new VisibleError("assistance.text_required", { action });
  }
  const attachments = await ownAttachments(input.attachments);
  const at = Clock.iso();
  const next: Row = { ...copy, status: nextStatus(action, copy.status), version: copy.version + 1, updatedAt: at };
  const counted: Partial<Counters> = {};
  if (action === "accept" || action === "decline") {
    next.acknowledgedAt = at;
    const onTime = Date.parse(at) <= Date.parse(copy.ackDueAt);
    Object.assign(counted, { acknowledged: 1, acknowledgedOnTime: onTime ? 1 : 0 });
    if (action === "accept") Object.assign(counted, { accepted: 1, acceptedOnTime: onTime ? 1 : 0 });
  }
  if (action === "decline") next.declineReason = input.text;
  if (action === "withdraw") next.withdrawReason = input.text;
  let answer: Answer | undefined;
  if (action === "answer") {
    answer = { result: input.text!, findings: input.findings, attachments };
    next.answer = answer;
    next.answeredAt = at;
    Object.assign(counted, {
      answered: 1,
      answeredOnTime: Date.parse(at) <= Date.parse(copy.dueAt) ? 1 : 0,
      answerDaysTotal: daysBetween(copy.receivedAt ?? copy.sentAt, at),
    });
  }
  const by = actorRef(actor);
  // An acceptance without words is the platform's "accepted", shown in the reader's language.
  const post: StoredPost =
    action === "accept" && !input.text
      ? { ...systemPost(postKinds[action], "assistance.post.accepted", {}, tenantId, by, at), attachments: attachments.length ? attachments : undefined }
      : userPost(postKinds[action], input.text ?? "", tenantId, by, at, attachments);
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
    items: () => [replaceCopy(next, input.version), postItem(tenantId, copy.id, post), ...(Object.keys(counted).length ? countersAdd(tenantId, counted) : [])],
    messages: [message],
    onConditionFailed: () => new ConflictError(),
  });
  if (action === "answer") await noteFinding(copy, input.findings, at);
  return toInfo(withSlots(next), true);
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
