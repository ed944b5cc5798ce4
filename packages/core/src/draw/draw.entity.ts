import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import type { Grade, PlanSpec, PoolSpec } from "./algorithm";

/** 双随机抽查: one row per draw. The seed is stored from the commitment on but
 * leaves (API, public pages) only once the draw has run. */
export const DrawEntity = new Entity(
  {
    model: { entity: "draw", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      title: { type: "string", required: true },
      year: { type: "number", required: true },
      /** The Beijing date the draw is for: certificates are checked on it, recognised results valid on it skip. */
      drawDate: { type: "string", required: true },
      periodFrom: { type: "string", required: true },
      periodTo: { type: "string", required: true },
      plans: { type: CustomAttributeType<PlanSpec[]>("any"), required: true },
      pools: { type: CustomAttributeType<Record<string, PoolSpec>>("any"), required: true },
      status: { type: ["committed", "drawn"] as const, required: true },
      seed: { type: "string", required: true },
      seedCommitment: { type: "string", required: true },
      listHash: { type: "string", required: true },
      counts: { type: CustomAttributeType<Record<Grade, number>>("any"), required: true },
      rosterChunks: { type: CustomAttributeType<Record<Grade, number>>("any"), required: true },
      committedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      committedAt: { type: "string", required: true },
      drawnAt: { type: "string" },
      resultHash: { type: "string" },
      sizes: { type: CustomAttributeType<Record<string, Record<Grade, number>>>("any") },
      taskCount: { type: "number" },
      jointCount: { type: "number" },
      skippedCount: { type: "number" },
      resultChunks: { type: "number" },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#draw" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);
export type DrawItem = EntityItem<typeof DrawEntity>;

/** A draw's published files, in chunks under 400 KB: the candidate list per
 * grade (`roster#A#00000`, codes joined by newlines) and the result
 * (`result#00000`, one JSON line per task or skip). Written with
 * BatchWriteItem before the commit that makes them visible; one audit event
 * covers them through their hashes. */
export const DrawChunkEntity = new Entity(
  {
    model: { entity: "draw-chunk", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      drawId: { type: "string", required: true },
      part: { type: "string", required: true },
      data: { type: "string", required: true },
    },
    indexes: {
      byDraw: {
        pk: { field: "pk", composite: ["tenantId", "drawId"], template: "${tenantId}#draw#${drawId}" },
        sk: { field: "sk", composite: ["part"], template: "${part}" },
      },
    },
  },
  entityConfig(),
);
export type DrawChunkItem = EntityItem<typeof DrawChunkEntity>;
