import { Entity } from "electrodb";
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
      /** [{ departmentId, office?, person?, answeredAt?, answeredBy? }] */
      cooperating: { type: "any", required: true },
      status: { type: ["assigned", "needs-review", "retired"] as const, required: true },
      /** The catalogue version the assignment was last reviewed against. */
      reviewedVersion: { type: "number", required: true },
      /** Set by the sync: the version whose change needs this review, and its basis. */
      changedInVersion: { type: "number" },
      changeBasis: { type: "string" },
      disputeId: { type: "string" },
      version: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
      updatedBy: { type: "any" },
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
