import { Entity } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** A notice as the sender keeps it (box "sent") and as each receiver keeps
 * it (box "inbox"): a receiver reads only its own copy, never the sender's. */
export const NoticeEntity = new Entity(
  {
    model: { entity: "notice", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      box: { type: ["sent", "inbox"] as const, required: true },
      id: { type: "string", required: true },
      fromTenant: { type: "string", required: true },
      toTenants: { type: "list", items: { type: "string" }, required: true },
      title: { type: "string", required: true },
      body: { type: "string", required: true },
      sentBy: { type: "any", required: true },
      sentAt: { type: "string", required: true },
      receivedAt: { type: "string" },
      acknowledgedAt: { type: "string" },
      acknowledgedBy: { type: "any" },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byBox: {
        pk: { field: "pk", composite: ["tenantId", "box"], template: "${tenantId}#notice#${box}" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);
