import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** 专项整治: an industry- or area-wide problem raised across departments. */
export const CampaignEntity = new Entity(
  {
    model: { entity: "campaign", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      title: { type: "string", required: true },
      kind: { type: ["industry", "area", "widespread", "frequent"] as const, required: true },
      description: { type: "string", required: true },
      departmentIds: { type: "list", items: { type: "string" }, required: true },
      itemCodes: { type: "list", items: { type: "string" }, required: true },
      industry: { type: "string" },
      township: { type: "string" },
      from: { type: "string", required: true },
      to: { type: "string", required: true },
      status: { type: ["open", "closed"] as const, required: true },
      businesses: { type: "number", required: true, default: 0 },
      createdBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      createdAt: { type: "string", required: true },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#campaign", casing: "none" },
        sk: { field: "sk", composite: ["id"], template: "${id}", casing: "none" },
      },
    },
  },
  entityConfig(),
);
export type CampaignItem = EntityItem<typeof CampaignEntity>;
