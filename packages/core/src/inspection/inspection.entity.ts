import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import type { Recognition } from "../recognition";

/** 检查任务 (minimal): one visit to one entity for some items, scheduled and closed by its tenant. */
export const InspectionEntity = new Entity(
  {
    model: { entity: "inspection", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string", required: true },
      itemCodes: { type: "list", items: { type: "string" }, required: true },
      plannedDate: { type: "string", required: true },
      departmentIds: { type: "list", items: { type: "string" }, required: true },
      status: { type: ["scheduled", "closed"] as const, required: true },
      /** Why it goes ahead although a recognised result covers it, and which results it overrode. */
      overrideReason: { type: "string" },
      inspectorIds: { type: "list", items: { type: "string" } },
      overridden: { type: CustomAttributeType<Recognition.Summary[]>("any") },
      scheduledBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      scheduledAt: { type: "string", required: true },
      outcome: { type: ["compliant", "non-compliant"] as const },
      findings: { type: "string" },
      recognisable: { type: "boolean" },
      validDays: { type: "number" },
      recognitionId: { type: "string" },
      closedBy: { type: CustomAttributeType<ActorRef>("any") },
      closedAt: { type: "string" },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#inspection" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

/** A department's share of an inspection (one row per department on the visit):
 * a department's own list is one query, however many departments share a visit. */
export const InspectionDepartmentEntity = new Entity(
  {
    model: { entity: "inspectionDepartment", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      departmentId: { type: "string", required: true },
      inspectionId: { type: "string", required: true },
    },
    indexes: {
      byDepartment: {
        pk: { field: "pk", composite: ["tenantId", "departmentId"], template: "${tenantId}#inspection#dep#${departmentId}" },
        sk: { field: "sk", composite: ["inspectionId"], template: "${inspectionId}" },
      },
    },
  },
  entityConfig(),
);

export type InspectionItem = EntityItem<typeof InspectionEntity>;
