import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import { PROVINCE_ID } from "../tenant";
import type { MatchReason } from "./rules";

/** The fact as recorded, with its description (kept, never compared alone). */
interface RecordedFact {
  itemCode: string;
  clause: string;
  actDate: string;
  actUntil?: string;
  conduct?: string;
  description: string;
}

/** An earlier fine as shown to the officer who decided to fine anyway. */
interface NearMatchShown {
  key: string;
  tenantId: string;
  tenantName: string;
  departmentName?: string;
  decisionNo: string;
  decidedOn: string;
  actFrom: string;
  actTo: string;
  itemCode: string;
  clause: string;
  conduct: string;
  reasons: MatchReason[];
}

/** The recorded decision on near matches: who, why, and over which earlier fines. */
interface NearMatchDecision {
  reason: string;
  matches: NearMatchShown[];
  decidedBy: ActorRef;
}

/** 行政处罚决定 as the deciding tenant keeps it; it belongs to the acting
 * officer's department (from the verified token). */
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
      departmentName: { type: "string" },
      /** The owning department for the index: its ID, or "-" for the office's own. */
      owner: { type: "string", required: true },
      recognitionId: { type: "string" },
      nearMatchDecision: { type: CustomAttributeType<NearMatchDecision>("any") },
      /** The joint visit whose result (立案) led to this penalty (visit/). */
      visitId: { type: "string" },
      recordedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      recordedAt: { type: "string", required: true },
    },
    indexes: {
      // IDs are ULIDs: newest first is descending ID.
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#penalty" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      // One department's penalties, for its officers (the office's own, of no department, are keyed "-": no officer's).
      byDepartment: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "owner"], template: "${tenantId}#penalty#dept#${owner}" },
        sk: { field: "gsi1sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

/** The province-wide registry of fine claims (一事不二罚): one item per party
 * and act (party, act period, normalised conduct), created with a condition
 * that it does not exist, in the same transaction as the fine. Partitioned by
 * the party's credit code (no hot key), sorted by the act's first day so the
 * fines near a new one are read as one bounded key range. It carries only what
 * the flow shares: where and by whom, the decision number and dates, the item,
 * clause and conduct as written — never the case file or the penalty's ID. */
export const PenaltyFactEntity = new Entity(
  {
    model: { entity: "penaltyFact", version: "2", service: SERVICE },
    attributes: {
      creditCode: { type: "string", required: true },
      actFrom: { type: "string", required: true },
      actKey: { type: "string", required: true },
      actTo: { type: "string", required: true },
      conduct: { type: "string", required: true },
      conductKey: { type: "string", required: true },
      itemCode: { type: "string", required: true },
      clause: { type: "string", required: true },
      clauseKey: { type: "string", required: true },
      tenantId: { type: "string", required: true },
      departmentName: { type: "string" },
      decisionNo: { type: "string", required: true },
      decidedOn: { type: "string", required: true },
      claimedAt: { type: "string", required: true },
    },
    indexes: {
      byFact: {
        pk: { field: "pk", composite: ["creditCode"], template: `${PROVINCE_ID}#penalty-fact#\${creditCode}` },
        sk: { field: "sk", composite: ["actFrom", "actKey"], template: "${actFrom}#${actKey}" },
      },
    },
  },
  entityConfig(),
);

/** The party's sequence in the registry partition, moved by every fine on the
 * party: two fines on one party commit one after the other, so neither misses
 * the other as a near match. Its sort key sorts after every act date. */
export const PenaltyPartyEntity = new Entity(
  {
    model: { entity: "penaltyParty", version: "1", service: SERVICE },
    attributes: {
      creditCode: { type: "string", required: true },
      seq: { type: "number", required: true },
    },
    indexes: {
      byParty: {
        pk: { field: "pk", composite: ["creditCode"], template: `${PROVINCE_ID}#penalty-fact#\${creditCode}` },
        sk: { field: "sk", composite: [], template: "party" },
      },
    },
  },
  entityConfig(),
);

export type PenaltyItem = EntityItem<typeof PenaltyEntity>;
export type ClaimItem = EntityItem<typeof PenaltyFactEntity>;

/** A penalty recorded from a joint visit's result (立案), by visit: the visit shows it. */
export const PenaltyVisitEntity = new Entity(
  {
    model: { entity: "penaltyVisit", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      visitId: { type: "string", required: true },
      penaltyId: { type: "string", required: true },
      itemCode: { type: "string" },
    },
    indexes: {
      byVisit: {
        pk: { field: "pk", composite: ["tenantId", "visitId"], template: "${tenantId}#penalty#visit#${visitId}" },
        sk: { field: "sk", composite: ["penaltyId"], template: "${penaltyId}" },
      },
    },
  },
  entityConfig(),
);
