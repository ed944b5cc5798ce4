import { Entity } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";

const n = { type: "number", required: true } as const;

/** The latest indicator report of one tenant below, as its city or the province keeps it (a mirror of the reporter's figures). */
export const BelowEntity = new Entity(
  {
    model: { entity: "indicatorBelow", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      year: { type: "string", required: true },
      reporter: { type: "string", required: true },
      counts: {
        type: "map",
        required: true,
        properties: { visits: n, joint: n, businesses: n, published: n, publishedOnTime: n, objections: n, answered: n, answeredOnTime: n },
      },
      asOf: { type: "string", required: true },
      receivedAt: { type: "string", required: true },
    },
    indexes: {
      byReporter: {
        pk: { field: "pk", composite: ["tenantId", "year"], template: "${tenantId}#indicator-below#${year}" },
        sk: { field: "sk", composite: ["reporter"], template: "${reporter}" },
      },
    },
  },
  entityConfig(),
);

/** What this tenant last reported for a year (a hash), so an unchanged tenant sends nothing. */
export const SentEntity = new Entity(
  {
    model: { entity: "indicatorSent", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      year: { type: "string", required: true },
      hash: { type: "string", required: true },
      at: { type: "string", required: true },
    },
    indexes: {
      byYear: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#indicator-sent" },
        sk: { field: "sk", composite: ["year"], template: "${year}" },
      },
    },
  },
  entityConfig(),
);
