import { Entity } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** A message as committed by the change that caused it. It stays here until
 * the receiving side consumes it, so a lost or unsent message is resent, and a
 * message that was never committed (forged) is recognised as such. */
export const OutboxEntity = new Entity(
  {
    model: { entity: "outbox", version: "1", service: SERVICE },
    attributes: {
      fromTenant: { type: "string", required: true },
      id: { type: "string", required: true },
      toTenant: { type: "string", required: true },
      queue: { type: "string", required: true },
      type: { type: "string", required: true },
      body: { type: "string", required: true },
      bodyHash: { type: "string", required: true },
      status: { type: ["pending", "sent", "consumed", "stalled"] as const, required: true },
      attempts: { type: "number", required: true, default: 0 },
      /** Epoch ms when the sweeper should (re)send it; in the pending index only while unconsumed. */
      nextAttemptAt: { type: "number", padding: { length: 15, char: "0" } },
      createdAt: { type: "string", required: true },
      consumedAt: { type: "string" },
    },
    indexes: {
      message: {
        pk: { field: "pk", composite: ["fromTenant"], template: "${fromTenant}#outbox" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      pending: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["fromTenant"], template: "${fromTenant}#outbox-pending" },
        sk: { field: "gsi1sk", composite: ["nextAttemptAt"], template: "t#${nextAttemptAt}" },
      },
    },
  },
  entityConfig(),
);
