import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import type { Summary } from "./chain";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** One link of a tenant's hash chain. Append-only: nothing updates or deletes it. */
export const AuditEventEntity = new Entity(
  {
    model: { entity: "auditEvent", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      seq: { type: "number", required: true, padding: { length: 12, char: "0" } },
      id: { type: "string", required: true },
      action: { type: "string", required: true },
      targetType: { type: "string", required: true },
      targetId: { type: "string", required: true },
      actor: { type: CustomAttributeType<ActorRef>("any"), required: true },
      at: { type: "string", required: true },
      stateHash: { type: "string", required: true },
      prevHash: { type: "string", required: true },
      hash: { type: "string", required: true },
      /** What the state was, for a reader of the trail (small; hashed via stateHash). */
      summary: { type: CustomAttributeType<Summary>("any") },
    },
    indexes: {
      chain: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#audit" },
        sk: { field: "sk", composite: ["seq"], template: "e#${seq}" },
      },
    },
  },
  entityConfig(),
);

/** The chain's head: the last sequence number and hash. Every append is one
 * conditional write on it, inside the change's own transaction. */
export const AuditHeadEntity = new Entity(
  {
    model: { entity: "auditHead", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      seq: { type: "number", required: true },
      hash: { type: "string", required: true },
    },
    indexes: {
      head: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#audit" },
        sk: { field: "sk", composite: [], template: "head" },
      },
    },
  },
  entityConfig(),
);

export type AuditEventItem = EntityItem<typeof AuditEventEntity>;
