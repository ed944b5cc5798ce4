import * as z from "zod";
import { Tenant } from "../tenant/index";
import { CreditCode } from "../entity/credit-code";
import { idSchema } from "../util/id";
import { ConfidentialityCodes, PostKinds, RequestTypeCodes, Stages, Statuses } from "./rules";

/** The shapes of cross-region assistance (跨区域协助): what the API shows, what
 * messages carry and what the table stores beyond its keys. zod owns them. */

export const Id = idSchema("asr");
export const EscalationId = idSchema("esc");
export const PostId = idSchema("pst");
export const tenantCode = z.string().regex(/^\d{6}$/);

/** Per file and per request; the API's body limit is 1 MB, base64 adds a third. */
/** The blob store's per-file limit, one constant for server and portal. */
export { MAX_FILE_BYTES as MAX_ATTACHMENT_BYTES } from "../evidence/limits";
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

/** Who wrote or sent something: an actor reference (id and name, and whatever else it carries). */
export const Signer = z.object({ id: z.string(), name: z.string() }).loose();
export type Signer = z.infer<typeof Signer>;

/** A system post's params: tenant codes, IDs, instants and stage codes, never
 * names or sentences; rendered in the reader's language when read. */
export const PostParams = z.record(z.string().max(40), z.string().max(200));
export type PostParams = z.infer<typeof PostParams>;

/** Text the platform writes, stored as a message code and its params (rendered in the reader's language). */
export interface SystemNote {
  code: string;
  params: PostParams;
}

/** One entry of a request's thread as the API shows it: a system post's text rendered into `body`. */
export const Post = z.object({
  id: PostId,
  kind: z.enum(PostKinds),
  body: z.string().max(10000),
  attachments: z.array(AttachmentRef).max(MAX_ATTACHMENTS).optional(),
  byTenant: tenantCode,
  by: Signer,
  at: z.string(),
});
export type Post = z.infer<typeof Post>;

/** A thread entry as stored and as messages carry it: a system post (routed,
 * escalated, designated …) has an empty body and a message code with params;
 * a person's question, reply or reasons are their own text in `body`. */
export const StoredPost = Post.extend({
  code: z.string().max(100).optional(),
  params: PostParams.optional(),
});
export type StoredPost = z.infer<typeof StoredPost>;

export const Answer = z.object({ result: z.string(), findings: z.string().optional(), attachments: z.array(AttachmentRef).default([]) });
export type Answer = z.infer<typeof Answer>;

export const Info = z
  .object({
    id: Id,
    ...Tenant.CopyFields.shape,
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
    /** Sender's copy: the sending department. */
    senderDepartmentId: z.string().optional(),
    departmentId: z.string().optional(),
    departmentName: z.string().optional(),
    departmentSource: z.string().optional(),
    status: z.enum(Statuses),
    sentAt: z.string(),
    sentBy: Signer,
    receivedAt: z.string().optional(),
    ackDueAt: z.string(),
    dueAt: z.string(),
    /** The deadline falls past the official working-day calendar's last year (Policy.beyondCalendar): shown beside it. */
    ackDueBeyondCalendar: z.boolean(),
    dueBeyondCalendar: z.boolean(),
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

/** `redacted`: a confidential request read by a department neither sending nor handling it: the row without its details or thread. */
/** A message this tenant sent about the request that the platform gave up sending (outbox `stalled`): shown to the sender, never "received" in silence. */
export const Delivery = z.object({ state: z.literal("stalled"), messageId: z.string(), type: z.string(), attempts: z.number().int(), error: z.string(), stalledAt: z.string() });
export const Detail = Info.extend({ thread: z.array(Post), redacted: z.boolean().optional(), delivery: Delivery.optional() }).meta({ id: "AssistanceRequestDetail" });
export type Detail = z.infer<typeof Detail>;

/** A request as it travels between tenants (and as an escalation keeps it). */
export const RequestPayload = z.object({
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
  sentBy: Signer,
  ackDueAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
});
export type RequestPayload = z.infer<typeof RequestPayload>;

/** How a superior resolved an escalation. */
export interface Resolution {
  by: string;
  at: string;
  dueAt: string;
  departmentType?: string;
  tenantId?: string;
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
    stage: z.enum(Stages),
    overdueSince: z.string(),
    status: z.enum(["open", "reassigned", "designated"]),
    resolution: z.record(z.string(), z.unknown()).optional(),
    receivedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "AssistanceEscalation" });
export type EscalationInfo = z.infer<typeof EscalationInfo>;
