import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** 行政执法主体清单: one row per body of a tenant. A department body acts for
 * its statutory items; a township body (乡镇/街道) only for what its county devolved. */
export const BodyEntity = new Entity(
  {
    model: { entity: "enforcement-body", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      kind: { type: ["department", "township"] as const, required: true },
      departmentId: { type: "string", required: true },
      townshipCode: { type: "string" },
      name: { type: "string", required: true },
      /** 检查事项清单: the only items this body may inspect (清单之外无检查). */
      inspectionItems: { type: "list", items: { type: "string" }, required: true },
      status: { type: ["active", "withdrawn"] as const, required: true },
      publishedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      publishedAt: { type: "string", required: true },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#enf-body" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      byDepartment: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId"], template: "${tenantId}#enf-body-dept" },
        sk: { field: "gsi1sk", composite: ["departmentId"], template: "${departmentId}" },
      },
    },
  },
  entityConfig(),
);
export type BodyItem = EntityItem<typeof BodyEntity>;

/** 分批下放行政处罚权: one batch the county publishes, for some townships, from a date. */
export const BatchEntity = new Entity(
  {
    model: { entity: "devolution-batch", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      title: { type: "string", required: true },
      townshipCodes: { type: "list", items: { type: "string" }, required: true },
      itemCodes: { type: "list", items: { type: "string" }, required: true },
      effectiveDate: { type: "string", required: true },
      publishedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      publishedAt: { type: "string", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#enf-batch" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);
export type BatchItem = EntityItem<typeof BatchEntity>;
