import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";
import { CategoryCodes, States, Steps } from "./rules";

const by = { type: "map", properties: { id: { type: "string", required: true }, name: { type: "string", required: true } } } as const;

/** 严重失信主体名单: one row per listing, in the tenant's partition, with every
 * step it went through (the steps' audit events are in the tenant's chain). */
export const ListingEntity = new Entity(
  {
    model: { entity: "dishonestListing", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string", required: true },
      category: { type: CategoryCodes, required: true },
      facts: { type: "string", required: true },
      /** The credit records it rests on, as they were when proposed. */
      basis: {
        type: "list",
        required: true,
        items: {
          type: "map",
          properties: {
            id: { type: "string", required: true },
            kind: { type: "string", required: true },
            outcome: { type: "string", required: true },
            at: { type: "string", required: true },
            ref: { type: "string" },
          },
        },
      },
      /** Measure codes (rules.ts `Measures`), checked on the way in. */
      measures: { type: "list", required: true, items: { type: "string" } },
      state: { type: States, required: true },
      notice: { type: "map", properties: { at: { type: "string", required: true }, dueAt: { type: "string", required: true }, text: { type: "string", required: true } } },
      statement: { type: "map", properties: { at: { type: "string", required: true }, text: { type: "string", required: true } } },
      /** The office's answer to the statement, given when listing. */
      reply: { type: "string" },
      listedAt: { type: "string" },
      expiresAt: { type: "string" },
      repair: {
        type: "map",
        properties: {
          appliedAt: { type: "string", required: true },
          dueAt: { type: "string", required: true },
          reason: { type: "string", required: true },
          evidence: {
            type: "list",
            required: true,
            items: { type: "map", properties: { name: { type: "string", required: true }, sha256: { type: "string", required: true } } },
          },
          decidedAt: { type: "string" },
          approved: { type: "boolean" },
          decision: { type: "string" },
        },
      },
      removedAt: { type: "string" },
      removalReason: { type: ["expired", "repaired", "withdrawn"] as const },
      steps: {
        type: "list",
        required: true,
        items: {
          type: "map",
          properties: {
            step: { type: Steps, required: true },
            at: { type: "string", required: true },
            by: { ...by, required: true },
            note: { type: "string" },
          },
        },
      },
      /** Messages sent to the credit platform about this listing so far. */
      sequence: { type: "number", required: true, default: 0 },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#dishonesty", casing: "none" },
        sk: { field: "sk", composite: ["id"], template: "${id}", casing: "none" },
      },
    },
  },
  entityConfig(),
);
export type ListingItem = EntityItem<typeof ListingEntity>;

/** A published listing's end, in the tenant's due partition (by time): the
 * expiry job reads only what is due, never the whole list. Removed when the
 * listing leaves publication. */
export const ListingDueEntity = new Entity(
  {
    model: { entity: "dishonestDue", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      expiresAt: { type: "string", required: true },
      id: { type: "string", required: true },
    },
    indexes: {
      byDue: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#dishonesty-due", casing: "none" },
        sk: { field: "sk", composite: ["expiresAt", "id"], template: "${expiresAt}#${id}", casing: "none" },
      },
    },
  },
  entityConfig(),
);

/** What the credit platform acknowledged, per message (written by the consumer). */
export const DeliveryEntity = new Entity(
  {
    model: { entity: "dishonestDelivery", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      listingId: { type: "string", required: true },
      messageId: { type: "string", required: true },
      event: { type: "string", required: true },
      sequence: { type: "number", required: true },
      status: { type: "number", required: true },
      deliveredAt: { type: "string", required: true },
    },
    indexes: {
      byListing: {
        pk: { field: "pk", composite: ["tenantId", "listingId"], template: "${tenantId}#dishonesty-delivery#${listingId}", casing: "none" },
        sk: { field: "sk", composite: ["messageId"], template: "${messageId}", casing: "none" },
      },
    },
  },
  entityConfig(),
);
export type DeliveryItem = EntityItem<typeof DeliveryEntity>;
