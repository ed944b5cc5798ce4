import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import type { Reason } from "./model";

/** A business's current risk score (one per business): remembers its rank key so a change moves its one index row. */
export const RiskScoreEntity = new Entity(
  {
    model: { entity: "riskScore", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string" },
      grade: { type: "string" },
      score: { type: "number", required: true },
      reasons: { type: CustomAttributeType<Reason[]>("any"), required: true },
      rankKey: { type: "string", required: true },
      weightsVersion: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      byBusiness: {
        pk: { field: "pk", composite: ["tenantId", "creditCode"], template: "${tenantId}#risk-biz#${creditCode}" },
        sk: { field: "sk", composite: [], template: "score" },
      },
    },
  },
  entityConfig(),
);
export type RiskScoreItem = EntityItem<typeof RiskScoreEntity>;

/** The ranking index: one row per scored business, sorted by descending score
 * (rankKey), carrying what a row of the list shows — a page is one Query. */
export const RiskRankEntity = new Entity(
  {
    model: { entity: "riskRank", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      rankKey: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string" },
      grade: { type: "string" },
      score: { type: "number", required: true },
      reasons: { type: CustomAttributeType<Reason[]>("any"), required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      byRank: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#risk-rank" },
        sk: { field: "sk", composite: ["rankKey"], template: "${rankKey}" },
      },
    },
  },
  entityConfig(),
);
export type RiskRankItem = EntityItem<typeof RiskRankEntity>;

/** The model's weights, versioned, in the province's partition (a shared place every tenant reads). */
export const RiskWeightsEntity = new Entity(
  {
    model: { entity: "riskWeights", version: "1", service: SERVICE },
    attributes: {
      scope: { type: "string", required: true },
      versionKey: { type: "string", required: true },
      version: { type: "number", required: true },
      body: { type: "string", required: true },
      /** The weights that differ from the version before (dotted paths). */
      changes: { type: "list", items: { type: "string" } },
      publishedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      publishedAt: { type: "string", required: true },
    },
    indexes: {
      byVersion: {
        pk: { field: "pk", composite: ["scope"], template: "${scope}#risk-weights" },
        sk: { field: "sk", composite: ["versionKey"], template: "${versionKey}" },
      },
    },
  },
  entityConfig(),
);

/** The nightly re-score's progress in one tenant (jobs/risk-rescore.ts): the
 * day it runs for (Asia/Shanghai), the grade roster it is on and the last
 * credit code done, so a run cut short resumes where it stopped. */
export const RiskJobEntity = new Entity(
  {
    model: { entity: "riskJob", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      runDay: { type: "string", required: true },
      grade: { type: "string", required: true },
      after: { type: "string", required: true },
      done: { type: "boolean", required: true },
      scored: { type: "number", required: true },
      changed: { type: "number", required: true },
      startedAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#risk-job" },
        sk: { field: "sk", composite: [], template: "rescore" },
      },
    },
  },
  entityConfig(),
);
export type RiskJobItem = EntityItem<typeof RiskJobEntity>;
