import { Entity } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";
import { PROVINCE_ID } from "../tenant";

/** 行政处罚决定 as the deciding tenant keeps it. */
export const PenaltyEntity = new Entity(
  {
    model: { entity: "penalty", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string", required: true },
      fact: { type: "any", required: true },
      factHash: { type: "string", required: true },
      decisionNo: { type: "string", required: true },
      decidedOn: { type: "string", required: true },
      measure: { type: "string", required: true },
      amount: { type: "number" },
      departmentId: { type: "string" },
      recognitionId: { type: "string" },
      recordedBy: { type: "any", required: true },
      recordedAt: { type: "string", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#penalty" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

/** The province-wide claim on a violation fact (一事不二罚): one item per
 * entity and normalised fact, created with a condition that it does not
 * exist, in the same transaction as the penalty. Sharded by entity. */
export const PenaltyFactEntity = new Entity(
  {
    model: { entity: "penaltyFact", version: "1", service: SERVICE },
    attributes: {
      creditCode: { type: "string", required: true },
      factHash: { type: "string", required: true },
      fact: { type: "any", required: true },
      tenantId: { type: "string", required: true },
      decisionNo: { type: "string", required: true },
      decidedOn: { type: "string", required: true },
      claimedAt: { type: "string", required: true },
    },
    indexes: {
      byFact: {
        pk: { field: "pk", composite: ["creditCode"], template: `${PROVINCE_ID}#penalty-fact#\${creditCode}` },
        sk: { field: "sk", composite: ["factHash"], template: "${factHash}" },
      },
    },
  },
  entityConfig(),
);
