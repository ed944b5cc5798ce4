import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** The province's configuration of one reserved organ (police, procuratorate,
 * establishment office, enforcement supervision) of one tenant: kept in the
 * province's own partition; the tenant applies it by message in its own. */
export const OrganConfigEntity = new Entity(
  {
    model: { entity: "organConfig", version: "1", service: SERVICE },
    attributes: {
      holder: { type: "string", required: true },
      subject: { type: "string", required: true },
      type: { type: "string", required: true },
      name: { type: "string", required: true },
      nameEn: { type: "string", required: true },
      status: { type: ["active", "disabled"] as const, required: true },
      departmentId: { type: "string", required: true },
      /** pending: sent to the tenant; applied: the tenant confirmed it (appliedAt, appliedVersion). */
      state: { type: ["pending", "applied"] as const, required: true },
      appliedAt: { type: "string" },
      appliedVersion: { type: "number" },
      updatedAt: { type: "string", required: true },
      updatedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      version: { type: "number", required: true },
    },
    indexes: {
      byHolder: {
        pk: { field: "pk", composite: ["holder"], template: "${holder}#organ" },
        sk: { field: "sk", composite: ["subject", "type"], template: "${subject}#${type}" },
      },
    },
  },
  entityConfig(),
);

export type OrganConfigItem = EntityItem<typeof OrganConfigEntity>;
