import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import type { Fact, normaliseFact } from "../recognition/rules";

/** The fact as recorded (with its description) and as claimed (normalised). */
type RecordedFact = Fact & { description: string };
type NormalisedFact = ReturnType<typeof normaliseFact>;
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
      fact: { type: CustomAttributeType<RecordedFact>("any"), required: true },
      factHash: { type: "string", required: true },
      decisionNo: { type: "string", required: true },
      decidedOn: { type: "string", required: true },
      measure: { type: ["warning", "fine", "confiscation", "suspension", "revocation", "detention-of-goods", "other"] as const, required: true },
      amount: { type: "number" },
      departmentId: { type: "string" },
      recognitionId: { type: "string" },
      recordedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
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
      fact: { type: CustomAttributeType<NormalisedFact>("any"), required: true },
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

export type PenaltyItem = EntityItem<typeof PenaltyEntity>;
