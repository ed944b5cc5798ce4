import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** One result line of a published inspection. */
export interface PublishedResult {
  itemCode: string;
  itemName: string;
  outcome: string;
}

/** What of a penalty decision is published. */
export interface PublishedPenalty {
  decisionNo: string;
  measure: string;
  amount?: number;
  clause?: string;
  conduct?: string;
  /** Sets the shortest window (special equipment, work safety, fire: at least 1 year). */
  category?: "general" | "special-equipment" | "work-safety" | "fire";
}

/** The body's answer to an objection, published with the record. */
export interface Correction {
  objectionId: string;
  text: string;
  at: string;
}

/** 一公开: a result or penalty to publish, then published. It belongs to the
 * department that publishes it (the lead body's, or the deciding one's).
 * Pending, it has a due date on the working-day calendar; published, it is
 * public until `visibleUntil` (then `expired`). */
export const DisclosureEntity = new Entity(
  {
    model: { entity: "disclosure", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      kind: { type: ["inspection", "penalty"] as const, required: true },
      sourceId: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      /** As recorded (never shown on the public pages). */
      entityName: { type: "string", required: true },
      entityType: { type: "string" },
      /** The name as published: masked for a sole trader (mask.ts). */
      publicName: { type: "string", required: true },
      bodies: { type: CustomAttributeType<string[]>("any"), required: true },
      occurredOn: { type: "string", required: true },
      results: { type: CustomAttributeType<PublishedResult[]>("any"), required: true },
      penalty: { type: CustomAttributeType<PublishedPenalty>("any") },
      departmentId: { type: "string" },
      /** The owning department for the index: its ID, or "-" for the office's own. */
      owner: { type: "string", required: true },
      status: { type: ["pending", "published", "expired"] as const, required: true },
      dueAt: { type: "string", required: true },
      beyondCalendar: { type: "boolean" },
      publishedAt: { type: "string" },
      publishedBy: { type: CustomAttributeType<ActorRef>("any") },
      late: { type: "boolean" },
      windowMonths: { type: "number" },
      visibleUntil: { type: "string" },
      objectionUntil: { type: "string" },
      /** The search tokens written at publication (removed at expiry). */
      tokens: { type: CustomAttributeType<string[]>("any") },
      corrections: { type: CustomAttributeType<Correction[]>("any") },
      createdAt: { type: "string", required: true },
      version: { type: "number", required: true },
    },
    indexes: {
      // IDs are ULIDs: newest first is descending ID.
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#disclosure" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      byDepartment: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "owner"], template: "${tenantId}#disclosure#dept#${owner}" },
        sk: { field: "gsi1sk", composite: ["id"], template: "${id}" },
      },
      bySource: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["tenantId", "kind", "sourceId"], template: "${tenantId}#disclosure#src#${kind}#${sourceId}" },
        sk: { field: "gsi2sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

/** While a record waits for publication: sorted by due date, per department
 * (primary) and for the whole tenant (gsi1). Deleted when it is published, so
 * "due soon" and "late" are key ranges of these partitions. */
export const DisclosureDueEntity = new Entity(
  {
    model: { entity: "disclosureDue", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      owner: { type: "string", required: true },
      dueAt: { type: "string", required: true },
      id: { type: "string", required: true },
      kind: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string", required: true },
      occurredOn: { type: "string", required: true },
    },
    indexes: {
      byOwner: {
        pk: { field: "pk", composite: ["tenantId", "owner"], template: "${tenantId}#disclosure-due#${owner}" },
        sk: { field: "sk", composite: ["dueAt", "id"], template: "${dueAt}#${id}" },
      },
      byTenant: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId"], template: "${tenantId}#disclosure-due" },
        sk: { field: "gsi1sk", composite: ["dueAt", "id"], template: "${dueAt}#${id}" },
      },
    },
  },
  entityConfig(),
);

/** While a record is public: sorted by the end of its window, so the expiry
 * job reads only what has ended. Deleted at expiry. */
export const DisclosureLiveEntity = new Entity(
  {
    model: { entity: "disclosureLive", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      visibleUntil: { type: "string", required: true },
      id: { type: "string", required: true },
      tokens: { type: CustomAttributeType<string[]>("any"), required: true },
    },
    indexes: {
      byEnd: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#disclosure-live" },
        sk: { field: "sk", composite: ["visibleUntil", "id"], template: "${visibleUntil}#${id}" },
      },
    },
  },
  entityConfig(),
);

/** The public search index: one item per search token (each two-character
 * piece of the normalised public name, the credit code, and "*" for all) and
 * record, newest first. It carries what the public list shows, so a search
 * reads one token's partition a page at a time and never the records. TTL at
 * the end of the window (the expiry job removes it sooner; reads filter). */
export const DisclosureSearchEntity = new Entity(
  {
    model: { entity: "disclosureSearch", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      token: { type: "string", required: true },
      id: { type: "string", required: true },
      /** The normalised public name and credit code, to check the whole query on the page read. */
      haystack: { type: "string", required: true },
      kind: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      publicName: { type: "string", required: true },
      bodies: { type: CustomAttributeType<string[]>("any"), required: true },
      occurredOn: { type: "string", required: true },
      publishedAt: { type: "string", required: true },
      visibleUntil: { type: "string", required: true },
      corrected: { type: "boolean" },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      byToken: {
        pk: { field: "pk", composite: ["tenantId", "token"], template: "${tenantId}#disclosure-q#${token}" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

/** 异议: the business objects to a published record (right to reply). It
 * belongs to the record's department. */
export const ObjectionEntity = new Entity(
  {
    model: { entity: "disclosureObjection", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      disclosureId: { type: "string", required: true },
      owner: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      publicName: { type: "string", required: true },
      text: { type: "string", required: true },
      contact: { type: "string" },
      evidence: { type: CustomAttributeType<{ sha256: string; name: string; size: number; type: string }[]>("any"), required: true },
      status: { type: ["open", "answered"] as const, required: true },
      answerDueAt: { type: "string", required: true },
      answer: { type: CustomAttributeType<{ text: string; upheld: boolean; correction?: string; at: string; by: ActorRef; late: boolean }>("any") },
      createdAt: { type: "string", required: true },
      version: { type: "number", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#disclosure-objection" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      byDepartment: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "owner"], template: "${tenantId}#disclosure-objection#${owner}" },
        sk: { field: "gsi1sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

const count = { type: "number", required: true, default: 0 } as const;

/** The tenant's publication and objection counters for one year (the year of
 * the visit or decision; of the objection), moved in the same transaction as
 * each publication and answer — the indicators read these, never the records. */
export const CounterEntity = new Entity(
  {
    model: { entity: "disclosureCounter", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      year: { type: "string", required: true },
      published: count,
      publishedOnTime: count,
      objections: count,
      answered: count,
      answeredOnTime: count,
    },
    indexes: {
      byYear: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#disclosure-counter" },
        sk: { field: "sk", composite: ["year"], template: "${year}" },
      },
    },
  },
  entityConfig(),
);

export type DisclosureItem = EntityItem<typeof DisclosureEntity>;
export type DueItem = EntityItem<typeof DisclosureDueEntity>;
export type SearchItem = EntityItem<typeof DisclosureSearchEntity>;
export type ObjectionItem = EntityItem<typeof ObjectionEntity>;
