import { Entity } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";

const number = { type: "number", required: true } as const;

/** The latest report of one tenant below, as its city or the province keeps it. */
export const ReportEntity = new Entity(
  {
    model: { entity: "assistance-report", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      reporter: { type: "string", required: true },
      counters: {
        type: "map",
        required: true,
        properties: {
          sent: number,
          received: number,
          acknowledged: number,
          acknowledgedOnTime: number,
          accepted: number,
          acceptedOnTime: number,
          answered: number,
          answeredOnTime: number,
          answerDaysTotal: number,
        },
      },
      overdue: {
        type: "map",
        required: true,
        properties: { owedAcknowledge: number, owedAnswer: number, awaited: number, referralSteps: number, warnings: { type: "number" } },
      },
      /** The reporter's counters per month (Asia/Shanghai), its last 24 months with anything counted; absent in reports before time ranges. */
      months: {
        type: "list",
        items: {
          type: "map",
          properties: {
            month: { type: "string", required: true },
            sent: number,
            received: number,
            acknowledged: number,
            acknowledgedOnTime: number,
            accepted: number,
            acceptedOnTime: number,
            answered: number,
            answeredOnTime: number,
            answerDaysTotal: number,
          },
        },
      },
      /** The reporter's coverage of assignments (属地责任), when it has synced a catalogue. */
      coverage: {
        type: "map",
        properties: { items: number, assigned: number, unassigned: number, needsReview: number },
      },
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

/** What this tenant last reported upward (a hash of the figures), so an unchanged tenant sends nothing. The dashboard's own item. */
export const ReportedEntity = new Entity(
  {
    model: { entity: "dashboard-reported", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      hash: { type: "string", required: true },
      at: { type: "string", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#dashboard" },
        sk: { field: "sk", composite: [], template: "reported" },
      },
    },
  },
  entityConfig(),
);
