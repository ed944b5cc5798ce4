import { Entity } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";

const counters = {
  sent: { type: "number" },
  received: { type: "number" },
  acknowledged: { type: "number" },
  acknowledgedOnTime: { type: "number" },
  accepted: { type: "number" },
  acceptedOnTime: { type: "number" },
  answered: { type: "number" },
  answeredOnTime: { type: "number" },
  answerDaysTotal: { type: "number" },
} as const;

/** A tenant's own assistance counters, added to in the transaction of each change they count. */
export const StatsEntity = new Entity(
  {
    model: { entity: "assistance-stats", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      ...counters,
      /** Hash of the figures last reported upward, so an unchanged tenant sends nothing. */
      reportedHash: { type: "string" },
      reportedAt: { type: "string" },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#stats" },
        sk: { field: "sk", composite: [], template: "assistance" },
      },
    },
  },
  entityConfig(),
);

/** The latest report of one tenant below, as its city or the province keeps it. */
export const ReportEntity = new Entity(
  {
    model: { entity: "assistance-report", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      reporter: { type: "string", required: true },
      counters: { type: "any", required: true },
      overdue: { type: "any", required: true },
      asOf: { type: "string", required: true },
      receivedAt: { type: "string", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#stats#below" },
        sk: { field: "sk", composite: ["reporter"], template: "${reporter}" },
      },
    },
  },
  entityConfig(),
);
