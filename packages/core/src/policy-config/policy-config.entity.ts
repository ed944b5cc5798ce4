import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";
import type { ActorRef } from "../context";

/** The rules' configuration. The province's lives in the province's partition
 * (`350000#policy#province`): a read-only registry every tenant's process
 * reads (the version now and then, the whole only when it changed). A
 * tenant's tightening lives in its own partition (`<tenant>#policy#tenant`).
 * `head` is the version in force; `v#000001`… are every version, kept. Rules
 * and calendar are stored as canonical JSON, checked by zod when read. */
export const PolicyRecordEntity = new Entity(
  {
    model: { entity: "policy", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      scope: { type: ["province", "tenant"] as const, required: true },
      /** `head`, or `v#` and the zero-padded version. */
      key: { type: "string", required: true },
      version: { type: "number", required: true },
      /** JSON: path → { duration | value, source } (province) or { duration | value, reason } (tenant). */
      rules: { type: "string", required: true },
      /** JSON: year → { holidays, workdays, source } the province added (province only). */
      calendar: { type: "string" },
      /** What this version changed, for the history. */
      changes: { type: "list", items: { type: "string" } },
      note: { type: "string" },
      updatedAt: { type: "string", required: true },
      updatedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
    },
    indexes: {
      byKey: {
        pk: { field: "pk", composite: ["tenantId", "scope"], template: "${tenantId}#policy#${scope}" },
        sk: { field: "sk", composite: ["key"], template: "${key}" },
      },
    },
  },
  entityConfig(),
);

export type PolicyRecordItem = EntityItem<typeof PolicyRecordEntity>;
