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

export type InspectionItem = EntityItem<typeof InspectionEntity>;
