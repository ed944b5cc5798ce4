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
      /** The change that sent it (`type#id` of its target): the sender's screen asks "is this one stalled?". */
      ref: { type: "string" },
      /** Why the last send failed (kept when the record stalls). */
      lastError: { type: "string" },
      /** Set when the sweeper gave up: attempts exhausted, or a send that can never succeed. */
      stalledAt: { type: "string" },
      /** TTL (epoch seconds): a consumed or long-sent record is removed after the retention; a stalled one is kept. */
      expiresAt: { type: "number" },
    },
    indexes: {
      message: {
        pk: { field: "pk", composite: ["fromTenant"], template: "${fromTenant}#outbox" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      // While unconsumed the record sits in the sender's pending index (due
      // time); a stalled one moves to `${fromTenant}#outbox-stalled`, keyed
      // `${ref}#${id}` (written by raw updates in commit.ts, not by this
      // template), and consuming it removes it from either.
      pending: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["fromTenant"], template: "${fromTenant}#outbox-pending" },
        sk: { field: "gsi1sk", composite: ["nextAttemptAt"], template: "t#${nextAttemptAt}" },
      },
    },
  },
  entityConfig(),
);
