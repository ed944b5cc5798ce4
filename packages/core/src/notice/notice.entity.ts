import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type * as z from "zod";
import { entityConfig, SERVICE } from "../dynamo/electro";
import type { ActorRefSchema } from "../queue/envelope";

/** Who sent or signed, as the envelope or the context named them. */
type StoredActor = z.infer<typeof ActorRefSchema>;

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
      sentBy: { type: CustomAttributeType<StoredActor>("any"), required: true },
      sentAt: { type: "string", required: true },
      receivedAt: { type: "string" },
      acknowledgedAt: { type: "string" },
      acknowledgedBy: { type: CustomAttributeType<StoredActor>("any") },
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

export type NoticeItem = EntityItem<typeof NoticeEntity>;
