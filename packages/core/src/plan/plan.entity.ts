import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import type { Ratios } from "./rules";

/** 年度检查计划: one row per plan (one body, or several for a joint plan). */
export const PlanEntity = new Entity(
  {
    model: { entity: "inspection-plan", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      year: { type: "number", required: true },
      title: { type: "string", required: true },
      bodyIds: { type: "list", items: { type: "string" }, required: true },
      itemCodes: { type: "list", items: { type: "string" }, required: true },
      periodFrom: { type: "string", required: true },
      periodTo: { type: "string", required: true },
      ratios: { type: CustomAttributeType<Ratios>("any"), required: true },
      cap: { type: "number", required: true },
      late: { type: "boolean", required: true },
      filedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      filedAt: { type: "string", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#plan" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      byYear: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "year"], template: "${tenantId}#plan-year#${year}" },
        sk: { field: "gsi1sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);
export type PlanItem = EntityItem<typeof PlanEntity>;

/** Yearly task counters, 256 buckets per tenant and year (rules.ts `bucketOf`):
 * `data` is the JSON of credit code → CounterEntry. One read answers "how
 * many times this year", and a draw reads every bucket in three BatchGets. */
export const CounterEntity = new Entity(
  {
    model: { entity: "task-counter", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      year: { type: "number", required: true },
      bucket: { type: "number", required: true },
      data: { type: "string", required: true },
      version: { type: "number", required: true },
    },
    indexes: {
      byBucket: {
        pk: { field: "pk", composite: ["tenantId", "year"], template: "${tenantId}#task-counter#${year}" },
        sk: { field: "sk", composite: ["bucket"], template: "bucket#${bucket}" },
      },
    },
  },
  entityConfig(),
);
export type CounterItem = EntityItem<typeof CounterEntity>;
