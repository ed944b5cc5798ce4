import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** 线索: one clue from a source. The tenant's clues in one partition by ID
 * (time-ordered); gsi1 lists them by status for the office, gsi2 a lead
 * department's by status (begins_with), each newest first. */
export const ClueEntity = new Entity(
  {
    model: { entity: "clue", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      status: { type: ["unmatched", "tasked"] as const, required: true },
      source: { type: "string", required: true },
      /** The source system's own reference (idempotency with the source). */
      externalId: { type: "string" },
      receivedAt: { type: "string", required: true },
      business: {
        type: "map",
        required: true,
        properties: { creditCode: { type: "string" }, name: { type: "string" }, address: { type: "string" } },
      },
      creditCode: { type: "string" },
      entityName: { type: "string" },
      facts: { type: "string", required: true },
      itemCodes: { type: "list", items: { type: "string" }, required: true },
      evidence: { type: CustomAttributeType<{ sha256: string; name?: string; size?: number; type?: string }[]>("any"), required: true },
      reading: { type: CustomAttributeType<{ metric: string; value: number; unit: string }>("any") },
      leadDepartmentId: { type: "string", required: true },
      routedBy: { type: ["assignment", "catalogue", "office", "officer"] as const, required: true },
      match: {
        type: CustomAttributeType<{ by: "credit-code" | "auto" | "officer"; confidence: number; at: string; officer?: { id: string; name: string } }>("any"),
      },
      candidates: { type: CustomAttributeType<{ creditCode: string; name: string; address: string; confidence: number; reasons: string[] }[]>("any") },
      unmatchedReason: { type: ["unknown-code", "needs-confirmation", "no-candidate"] as const },
      taskId: { type: "string" },
      campaignId: { type: "string" },
      warnings: { type: CustomAttributeType<{ ruleId: string; ruleName: { zh: string; en: string }; facts: string[]; level: string }[]>("any") },
      filedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#clue", casing: "none" },
        sk: { field: "sk", composite: ["id"], template: "${id}", casing: "none" },
      },
      byStatus: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "status"], template: "${tenantId}#clue-status#${status}", casing: "none" },
        sk: { field: "gsi1sk", composite: ["id"], template: "${id}", casing: "none" },
      },
      byDepartment: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["tenantId", "leadDepartmentId"], template: "${tenantId}#clue-dep#${leadDepartmentId}", casing: "none" },
        sk: { field: "gsi2sk", composite: ["status", "id"], template: "${status}#${id}", casing: "none" },
      },
    },
  },
  entityConfig(),
);
export type ClueItem = EntityItem<typeof ClueEntity>;

/** 联合检查任务 formed from clues: one per business per window, across departments. */
export const ClueTaskEntity = new Entity(
  {
    model: { entity: "clueTask", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      status: { type: ["open", "scheduled"] as const, required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string", required: true },
      leadDepartmentId: { type: "string", required: true },
      departmentIds: { type: "set", items: "string", required: true },
      itemCodes: { type: "set", items: "string" },
      sources: { type: "set", items: "string", required: true },
      clueCount: { type: "number", required: true },
      openedAt: { type: "string", required: true },
      until: { type: "string", required: true },
      lastClueAt: { type: "string", required: true },
      campaignId: { type: "string" },
      outcome: {
        type: CustomAttributeType<{ kind: "inspection" | "visit"; refId: string; plannedDate: string; reason?: string; warnings: string[]; by: { id: string; name: string }; at: string }>("any"),
      },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#clue-task", casing: "none" },
        sk: { field: "sk", composite: ["id"], template: "${id}", casing: "none" },
      },
      byStatus: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "status"], template: "${tenantId}#clue-task-status#${status}", casing: "none" },
        sk: { field: "gsi1sk", composite: ["id"], template: "${id}", casing: "none" },
      },
      byBusiness: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["tenantId", "creditCode"], template: "${tenantId}#clue-task-biz#${creditCode}", casing: "none" },
        sk: { field: "gsi2sk", composite: ["id"], template: "${id}", casing: "none" },
      },
    },
  },
  entityConfig(),
);
export type ClueTaskItem = EntityItem<typeof ClueTaskEntity>;

/** A department's share of a task: its list is one query, however many departments a task has. */
export const ClueTaskDepartmentEntity = new Entity(
  {
    model: { entity: "clueTaskDepartment", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      departmentId: { type: "string", required: true },
      taskId: { type: "string", required: true },
    },
    indexes: {
      byDepartment: {
        pk: { field: "pk", composite: ["tenantId", "departmentId"], template: "${tenantId}#clue-task-dep#${departmentId}", casing: "none" },
        sk: { field: "sk", composite: ["taskId"], template: "${taskId}", casing: "none" },
      },
    },
  },
  entityConfig(),
);

/** Per business: its open task (the one still collecting clues) and its
 * recent clues ("at|source|id"), read in one GetItem by correlation and by
 * the warning rules (Clue.recentFor). */
export const ClueBusinessEntity = new Entity(
  {
    model: { entity: "clueBusiness", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      openTaskId: { type: "string" },
      openedAt: { type: "string" },
      until: { type: "string" },
      departmentIds: { type: "list", items: { type: "string" } },
      recent: { type: "list", items: { type: "string" }, required: true },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byCode: {
        pk: { field: "pk", composite: ["tenantId", "creditCode"], template: "${tenantId}#clue-biz#${creditCode}", casing: "none" },
        sk: { field: "sk", composite: [], template: "summary", casing: "none" },
      },
    },
  },
  entityConfig(),
);
export type ClueBusinessItem = EntityItem<typeof ClueBusinessEntity>;

/** A source's reference (`externalId`) → the clue it became: written with the clue, on condition that it
 * does not exist, so a clue resent by its source — with or without `receivedAt`, in one batch or two
 * at once — lands once, and the resend is told the first clue's ID. */
export const ClueRefEntity = new Entity(
  {
    model: { entity: "clueRef", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      source: { type: "string", required: true },
      externalId: { type: "string", required: true },
      clueId: { type: "string", required: true },
    },
    indexes: {
      byRef: {
        pk: { field: "pk", composite: ["tenantId", "source", "externalId"], template: "${tenantId}#clue-ref#${source}#${externalId}", casing: "none" },
        sk: { field: "sk", composite: [], template: "ref", casing: "none" },
      },
    },
  },
  entityConfig(),
);
