import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import { PROVINCE_ID } from "../tenant";

const shared = {
  id: { type: "string", required: true },
  creditCode: { type: "string", required: true },
  entityName: { type: "string", required: true },
  itemCodes: { type: "list", items: { type: "string" }, required: true },
  outcome: { type: ["compliant", "non-compliant", "penalised"] as const, required: true },
  /** Beijing date of the result (YYYY-MM-DD). */
  resultDate: { type: "string", required: true },
  validFrom: { type: "string", required: true },
  validUntil: { type: "string", required: true },
  issuingTenant: { type: "string", required: true },
  issuingDepartment: { type: "string" },
  source: { type: ["inspection", "penalty"] as const, required: true },
} as const;

/** The province-wide registry (执法互认): one partition per entity, under the
 * province's tenant prefix, written only by the recognition flow. It carries
 * only what the flow shares: never the issuing tenant's case file. */
export const RecognitionEntity = new Entity(
  {
    model: { entity: "recognition", version: "1", service: SERVICE },
    attributes: { ...shared, recordedAt: { type: "string", required: true } },
    indexes: {
      byEntity: {
        pk: { field: "pk", composite: ["creditCode"], template: `${PROVINCE_ID}#recognition#\${creditCode}` },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

/** What a tenant issued, in its own partition, with the case it came from. */
export const IssuedRecognitionEntity = new Entity(
  {
    model: { entity: "recognitionIssued", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      ...shared,
      sourceId: { type: "string", required: true },
      issuedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      issuedAt: { type: "string", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#recognition-issued" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

export type RecognitionItem = EntityItem<typeof RecognitionEntity>;
export type IssuedRecognitionItem = EntityItem<typeof IssuedRecognitionEntity>;
