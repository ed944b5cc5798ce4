import { CustomAttributeType, Entity } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";
import { ConfidentialityCodes, PostKinds, RequestTypeCodes, Stages, Statuses } from "./rules";
import type { Answer, AttachmentRef, PostParams, RequestPayload, Resolution, Signer, SystemNote } from "./schemas";

/** A request as the sender keeps it (box "sent") and as the receiver keeps it
 * (box "inbox"). Each copy changes only by its own tenant's actions or by
 * messages on the assistance queue; neither side reads the other's. */
export const RequestEntity = new Entity(
  {
    model: { entity: "assistance-request", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      box: { type: ["sent", "inbox"] as const, required: true },
      id: { type: "string", required: true },
      /** The requesting tenant and the tenant that handles it now. */
      fromTenant: { type: "string", required: true },
      toTenant: { type: "string", required: true },
      type: { type: RequestTypeCodes, required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string" },
      itemCodes: { type: "list", items: { type: "string" }, required: true },
      facts: { type: "string", required: true },
      attachments: { type: CustomAttributeType<AttachmentRef[]>("any"), required: true },
      confidentiality: { type: ConfidentialityCodes, required: true },
      departmentType: { type: "string" },
      /** Sender's copy: the department that sent it (the one whose officers act on it). */
      senderDepartmentId: { type: "string" },
      /** Receiver's copy: the department it was routed to, and how. */
      departmentId: { type: "string" },
      departmentSource: { type: "string" },
      status: { type: Statuses, required: true },
      sentAt: { type: "string", required: true },
      sentBy: { type: CustomAttributeType<Signer>("any"), required: true },
      receivedAt: { type: "string" },
      ackDueAt: { type: "string", required: true },
      dueAt: { type: "string", required: true },
      acknowledgedAt: { type: "string" },
      answeredAt: { type: "string" },
      declineReason: { type: "string" },
      answer: { type: CustomAttributeType<Answer>("any") },
      withdrawReason: { type: "string" },
      /** A withdrawal the platform wrote (a superior designated another tenant): a code and params, rendered when read. */
      withdrawNote: { type: CustomAttributeType<SystemNote>("any") },
      escalatedStages: { type: "list", items: { type: "string" } },
      /** Sender: each escalation sent, { id, stage, to, at }. */
      escalations: {
        type: "list",
        items: {
          type: "map",
          properties: {
            id: { type: "string", required: true },
            stage: { type: Stages, required: true },
            to: { type: "string", required: true },
            at: { type: "string", required: true },
          },
        },
      },
      designatedBy: { type: "string" },
      /** The other side's version last applied here (messages may arrive out of order). */
      peerVersion: { type: "number" },
      version: { type: "number", required: true, default: 1 },
      updatedAt: { type: "string", required: true },
      openSlot: { type: "string", required: true },
      dueSlot: { type: "string", required: true },
    },
    indexes: {
      byBox: {
        pk: { field: "pk", composite: ["tenantId", "box"], template: "${tenantId}#assist#${box}" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      /** Open items by the due time of their running stage: the dashboard's overdue count. */
      open: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "box"], template: "${tenantId}#assist#open#${box}" },
        sk: { field: "gsi1sk", composite: ["openSlot"], template: "${openSlot}", casing: "none" },
      },
      /** Stages not yet escalated, by due time: the escalator reads only what is overdue. */
      due: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["tenantId", "box"], template: "${tenantId}#assist#due#${box}" },
        sk: { field: "gsi2sk", composite: ["dueSlot"], template: "${dueSlot}", casing: "none" },
      },
    },
  },
  entityConfig(),
);

/** One entry of a request's thread (受理、拒绝、提问、答复、结果), the same ID in both copies. */
export const PostEntity = new Entity(
  {
    model: { entity: "assistance-post", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      requestId: { type: "string", required: true },
      id: { type: "string", required: true },
      kind: { type: PostKinds, required: true },
      /** The writer's own text; empty for a system post, which has a code instead. */
      body: { type: "string", required: true },
      /** A system post (routed, escalated, designated …): its message code and
       * params (tenant codes, not names), rendered in the reader's language. */
      code: { type: "string" },
      params: { type: CustomAttributeType<PostParams>("any") },
      attachments: { type: CustomAttributeType<AttachmentRef[]>("any") },
      byTenant: { type: "string", required: true },
      by: { type: CustomAttributeType<Signer>("any"), required: true },
      at: { type: "string", required: true },
    },
    indexes: {
      byRequest: {
        pk: { field: "pk", composite: ["tenantId", "requestId"], template: "${tenantId}#assist#post#${requestId}" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

/** A tenant's right to an attachment (its own upload, or one that arrived with a request or answer). */
export const AttachmentEntity = new Entity(
  {
    model: { entity: "attachment", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      hash: { type: "string", required: true },
      name: { type: "string", required: true },
      size: { type: "number", required: true },
      contentType: { type: "string", required: true },
      at: { type: "string", required: true },
    },
    indexes: {
      byHash: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#attachment" },
        sk: { field: "sk", composite: ["hash"], template: "${hash}" },
      },
    },
  },
  entityConfig(),
);

/* The bytes themselves live in the blob store (evidence/evidence.entity.ts, same keys). */

/** An overdue request as the lowest common superior sees it (协调督办). */
export const EscalationEntity = new Entity(
  {
    model: { entity: "assistance-escalation", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      requestId: { type: "string", required: true },
      stage: { type: Stages, required: true },
      fromTenant: { type: "string", required: true },
      toTenant: { type: "string", required: true },
      overdueSince: { type: "string", required: true },
      request: { type: CustomAttributeType<RequestPayload>("any"), required: true },
      status: { type: ["open", "reassigned", "designated"] as const, required: true },
      resolution: { type: CustomAttributeType<Resolution>("any") },
      receivedAt: { type: "string", required: true },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#assist#esc" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

/** The counted figures, kept in total and per month. */
const counterFields = {
  sent: { type: "number" },
  received: { type: "number" },
  acknowledged: { type: "number" },
  acknowledgedOnTime: { type: "number" },
  accepted: { type: "number" },
  acceptedOnTime: { type: "number" },
  answered: { type: "number" },
  answeredOnTime: { type: "number" },
  answerDaysTotal: { type: "number" },
} as const;

/** A tenant's own assistance counters, added to in the transaction of each
 * change they count (the dashboard reads them through `counters()`). */
export const CountersEntity = new Entity(
  {
    model: { entity: "assistance-stats", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      ...counterFields,
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#stats" },
        sk: { field: "sk", composite: [], template: "assistance" },
      },
    },
  },
  entityConfig(),
);

/** The same counters per month (Asia/Shanghai, YYYY-MM), added to in the
 * same transaction, so a dashboard's time range reads one bounded key range. */
export const MonthCountersEntity = new Entity(
  {
    model: { entity: "assistance-stats-month", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      month: { type: "string", required: true },
      ...counterFields,
    },
    indexes: {
      byMonth: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#stats" },
        sk: { field: "sk", composite: ["month"], template: "assistance#month#${month}" },
      },
    },
  },
  entityConfig(),
);
