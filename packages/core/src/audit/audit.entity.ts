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
      /** What the state was, for a reader of the trail (small; in the event hash from v2). */
      summary: { type: CustomAttributeType<Summary>("any") },
      /** Hash format (chain.ts); absent on events written before v2. */
      v: { type: "number" },
      /** The record whose stored state `stateHash` is the hash of (v2), so verify can re-check it. */
      stateKey: { type: "map", properties: { pk: { type: "string", required: true }, sk: { type: "string", required: true } } },
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

/** What a tenant's superior holds of its chain: the head (seq, hash) as of
 * each daily anchor. Keyed under the superior (it writes it, as the receiver
 * of the anchor message) and by the anchored tenant, so the anchored tenant's
 * verify reads exactly its own anchors there and nothing else. */
export const AuditAnchorEntity = new Entity(
  {
    model: { entity: "auditAnchor", version: "1", service: SERVICE },
    attributes: {
      holder: { type: "string", required: true },
      subject: { type: "string", required: true },
      seq: { type: "number", required: true, padding: { length: 12, char: "0" } },
      hash: { type: "string", required: true },
      anchoredAt: { type: "string", required: true },
      receivedAt: { type: "string", required: true },
      messageId: { type: "string", required: true },
    },
    indexes: {
      anchor: {
        pk: { field: "pk", composite: ["holder", "subject"], template: "${holder}#audit-anchor#${subject}" },
        sk: { field: "sk", composite: ["seq"], template: "a#${seq}" },
      },
    },
  },
  entityConfig(),
);
export type AuditAnchorItem = EntityItem<typeof AuditAnchorEntity>;
