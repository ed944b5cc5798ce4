import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** The warning rules' configuration, versioned like policy-config: the
 * province's in `350000#warning-rules#province` (every tenant reads it: a
 * shared place, dynamo/partitions.ts), a tenant's tightening in its own
 * partition. `head` is in force; `v#000001`… every version, kept. */
export const WarningRulesEntity = new Entity(
  {
    model: { entity: "warningRules", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      scope: { type: ["province", "tenant"] as const, required: true },
      key: { type: "string", required: true },
      version: { type: "number", required: true },
      /** Canonical JSON of the rules (checked by zod when read). */
      rules: { type: "string", required: true },
      changes: { type: "list", items: { type: "string" } },
      note: { type: "string" },
      updatedAt: { type: "string", required: true },
      updatedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
    },
    indexes: {
      byKey: {
        pk: { field: "pk", composite: ["tenantId", "scope"], template: "${tenantId}#warning-rules#${scope}" },
        sk: { field: "sk", composite: ["key"], template: "${key}" },
      },
    },
  },
  entityConfig(),
);

/** 预警: one fired warning, owned by the lead department. gsi1 is the
 * department's inbox, gsi2 the business's history (newest first by ID). */
export const WarningEntity = new Entity(
  {
    model: { entity: "warning", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string" },
      /** The lead department; `none` when the clue had no routed department (overseers only). */
      departmentId: { type: "string", required: true },
      ruleId: { type: "string", required: true },
      ruleName: { type: CustomAttributeType<{ zh: string; en: string }>("any"), required: true },
      kind: { type: "string", required: true },
      level: { type: ["yellow", "orange", "red"] as const, required: true },
      /** `code {json}` each (rules.ts factString). */
      facts: { type: "list", items: { type: "string" }, required: true },
      origin: { type: ["clue", "inspection"] as const, required: true },
      ref: { type: "string" },
      source: { type: "string" },
      itemCodes: { type: "list", items: { type: "string" } },
      status: { type: ["open", "acknowledged", "decided"] as const, required: true },
      createdAt: { type: "string", required: true },
      ackDueAt: { type: "string", required: true },
      decideDueAt: { type: "string", required: true },
      acknowledgedAt: { type: "string" },
      acknowledgedBy: { type: CustomAttributeType<ActorRef>("any") },
      decision: { type: ["inspect", "no-action"] as const },
      reason: { type: "string" },
      decidedAt: { type: "string" },
      decidedBy: { type: CustomAttributeType<ActorRef>("any") },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#warning" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      byDepartment: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "departmentId"], template: "${tenantId}#warning-dep#${departmentId}" },
        sk: { field: "gsi1sk", composite: ["id"], template: "${id}" },
      },
      byBusiness: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["tenantId", "creditCode"], template: "${tenantId}#warning-biz#${creditCode}" },
        sk: { field: "gsi2sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);
export type WarningItem = EntityItem<typeof WarningEntity>;

/** The next clock of an undecided warning, sorted by when it falls due: the
 * overdue list is one Query up to "now" (the tenant's, or a department's on gsi1). */
export const WarningClockEntity = new Entity(
  {
    model: { entity: "warningClock", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      warningId: { type: "string", required: true },
      departmentId: { type: "string", required: true },
      step: { type: ["acknowledge", "decide"] as const, required: true },
      dueAt: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string" },
      ruleName: { type: CustomAttributeType<{ zh: string; en: string }>("any"), required: true },
      level: { type: "string", required: true },
    },
    indexes: {
      byDue: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#warning-clock" },
        sk: { field: "sk", composite: ["warningId"], template: "${warningId}" },
      },
      byDueAt: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId"], template: "${tenantId}#warning-due" },
        sk: { field: "gsi1sk", composite: ["dueAt", "warningId"], template: "${dueAt}#${warningId}" },
      },
      byDepartmentDue: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["tenantId", "departmentId"], template: "${tenantId}#warning-due-dep#${departmentId}" },
        sk: { field: "gsi2sk", composite: ["dueAt", "warningId"], template: "${dueAt}#${warningId}" },
      },
    },
  },
  entityConfig(),
);

/** Clues about a business per day (a counter, ADDed in the clue's own commit):
 * the clue-count rule reads one Query of the window's days. Expires after a year. */
export const WarningSignalEntity = new Entity(
  {
    model: { entity: "warningSignal", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      day: { type: "string", required: true },
      clues: { type: "number", required: true, default: 0 },
      expiresAt: { type: "number" },
    },
    indexes: {
      byBusiness: {
        pk: { field: "pk", composite: ["tenantId", "creditCode"], template: "${tenantId}#warning-signal#${creditCode}" },
        sk: { field: "sk", composite: ["day"], template: "clue#${day}" },
      },
    },
  },
  entityConfig(),
);
