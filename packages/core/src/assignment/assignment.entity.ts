import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** 属地监管责任: one per tenant per catalogue item. */
export const AssignmentEntity = new Entity(
  {
    model: { entity: "assignment", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      code: { type: "string", required: true },
      itemName: { type: "string", required: true },
      leadDepartmentId: { type: "string", required: true },
      leadOffice: { type: "string" },
      leadPerson: { type: "string" },
      /** Each cooperating department, with its office and person once it answers. */
      cooperating: {
        type: "list",
        items: {
          type: "map",
          properties: {
            departmentId: { type: "string", required: true },
            office: { type: "string" },
            person: { type: "string" },
            answeredAt: { type: "string" },
            answeredBy: { type: CustomAttributeType<ActorRef>("any") },
          },
        },
        required: true,
      },
      status: { type: ["assigned", "needs-review", "retired"] as const, required: true },
      /** The catalogue version the assignment was last reviewed against. */
      reviewedVersion: { type: "number", required: true },
      /** Set by the sync: the version whose change needs this review, and its basis. */
      changedInVersion: { type: "number" },
      changeBasis: { type: "string" },
      disputeId: { type: "string" },
      version: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
      updatedBy: { type: CustomAttributeType<ActorRef>("any") },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#assignment" },
        sk: { field: "sk", composite: ["code"], template: "${code}" },
      },
    },
  },
  entityConfig(),
);

export type AssignmentItem = EntityItem<typeof AssignmentEntity>;
