import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";
import { PROVINCE_ID } from "../tenant/index";

/** The records a grade is scored from, per business (newest read first, a bounded page). */
export const CreditRecordEntity = new Entity(
  {
    model: { entity: "creditRecord", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      id: { type: "string", required: true },
      kind: { type: ["inspection", "penalty", "assistance", "dishonest"] as const, required: true },
      outcome: { type: "string", required: true },
      at: { type: "string", required: true },
      ref: { type: "string" },
      recordedBy: { type: "string", required: true },
      recordedAt: { type: "string", required: true },
    },
    indexes: {
      byBusiness: {
        pk: { field: "pk", composite: ["tenantId", "creditCode"], template: "${tenantId}#credit#${creditCode}", casing: "none" },
        sk: { field: "sk", composite: ["at", "id"], template: "${at}#${id}", casing: "none" },
      },
    },
  },
  entityConfig(),
);
export type CreditRecordItem = EntityItem<typeof CreditRecordEntity>;

/** The province's scoring rules, one item per version (the body is the validated config as JSON). */
export const CreditScoringEntity = new Entity(
  {
    model: { entity: "creditScoring", version: "1", service: SERVICE },
    attributes: {
      scope: { type: "string", required: true, default: PROVINCE_ID },
      version: { type: "number", required: true },
      /** The version zero-padded: the sort key (a number key would not be a string). */
      versionKey: { type: "string", required: true },
      body: { type: "string", required: true },
      publishedBy: { type: "string", required: true },
      publishedAt: { type: "string", required: true },
    },
    indexes: {
      byVersion: {
        pk: { field: "pk", composite: ["scope"], template: "${scope}#credit-scoring", casing: "none" },
        sk: { field: "sk", composite: ["versionKey"], template: "${versionKey}", casing: "none" },
      },
    },
  },
  entityConfig(),
);
