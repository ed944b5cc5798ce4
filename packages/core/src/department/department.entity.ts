import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";

export const DepartmentEntity = new Entity(
  {
    model: { entity: "department", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      type: { type: "string", required: true },
      name: { type: "string", required: true },
      nameEn: { type: "string", required: true },
      status: { type: ["active", "disabled"] as const, required: true, default: "active" },
      /** An organ set up by the province (organs.ts): the configuration version applied, so an older one never wins. */
      organVersion: { type: "number" },
      version: { type: "number", required: true, default: 1 },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#dept" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

export type DepartmentItem = EntityItem<typeof DepartmentEntity>;
