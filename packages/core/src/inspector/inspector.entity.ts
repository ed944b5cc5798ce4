import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import type { Kinship } from "./rules";

/** 执法检查人员名录库: one row per person in a body's pool. */
export const InspectorEntity = new Entity(
  {
    model: { entity: "inspector", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      bodyId: { type: "string", required: true },
      name: { type: "string", required: true },
      kind: { type: ["officer", "grid-worker", "auxiliary", "third-party"] as const, required: true },
      certificateNo: { type: "string" },
      certificateFrom: { type: "string" },
      certificateUntil: { type: "string" },
      qualifications: { type: "list", items: { type: "string" }, required: true },
      conflictBusinesses: { type: "list", items: { type: "string" }, required: true },
      conflictTownships: { type: "list", items: { type: "string" }, required: true },
      kinship: { type: CustomAttributeType<Kinship[]>("any"), required: true },
      homeTownship: { type: "string" },
      userId: { type: "string" },
      status: { type: ["active", "inactive"] as const, required: true },
      createdBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#inspector" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      byBody: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "bodyId"], template: "${tenantId}#inspector-body#${bodyId}" },
        sk: { field: "gsi1sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);
export type InspectorItem = EntityItem<typeof InspectorEntity>;
