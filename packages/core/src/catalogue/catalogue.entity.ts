import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import type { SupervisionItem } from "./item";

const required = { type: "number", required: true } as const;

/** The province's catalogue (all in the province's partitions, tenant 350000)
 * and each tenant's copy of what it has synced. Writes grow with the number
 * of changes in a version, never with the size of the catalogue. */

/** The latest published version: the one conditional write every publish
 * makes, so of two concurrent publishes exactly one wins. */
export const CatalogueHeadEntity = new Entity(
  {
    model: { entity: "catalogueHead", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      version: { type: "number", required: true },
      publishId: { type: "string", required: true },
      contentHash: { type: "string", required: true },
      publishedAt: { type: "string", required: true },
    },
    indexes: {
      head: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#catalogue" },
        sk: { field: "sk", composite: [], template: "head" },
      },
    },
  },
  entityConfig(),
);

/** A published version: immutable. `changes` is the packed list of changes
 * (code, name, basis, law, effective date), small even for 2,000 items. */
export const CatalogueVersionEntity = new Entity(
  {
    model: { entity: "catalogueVersion", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      version: { type: "number", required: true, padding: { length: 9, char: "0" } },
      publishId: { type: "string", required: true },
      title: { type: "string", required: true },
      publishedAt: { type: "string", required: true },
      publishedBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      contentHash: { type: "string", required: true },
      merkleRoot: { type: "string", required: true },
      /** Changes by basis. */
      counts: { type: "map", properties: { enact: required, amend: required, interpret: required, repeal: required }, required: true },
      itemCount: { type: "number", required: true },
      changes: { type: "string", required: true },
    },
    indexes: {
      byVersion: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#catalogue#version" },
        sk: { field: "sk", composite: ["version"], template: "v#${version}" },
      },
    },
  },
  entityConfig(),
);

/** One item revision of one publish attempt. Revisions are written before the
 * version record, under a partition named by the attempt (publishId); only the
 * attempt the version record names is ever read, so revisions of a failed or
 * losing attempt are never visible. */
export const CatalogueRevisionEntity = new Entity(
  {
    model: { entity: "catalogueRevision", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      version: { type: "number", required: true },
      publishId: { type: "string", required: true },
      code: { type: "string", required: true },
      basis: { type: ["enact", "amend", "interpret", "repeal"] as const, required: true },
      law: { type: "string", required: true },
      effectiveDate: { type: "string", required: true },
      /** The item as enacted, amended or interpreted (absent for a repeal); its shape is the SupervisionItem schema's. */
      item: { type: CustomAttributeType<SupervisionItem>("any") },
    },
    indexes: {
      byAttempt: {
        pk: { field: "pk", composite: ["tenantId", "version", "publishId"], template: "${tenantId}#catalogue#rev#${version}#${publishId}" },
        sk: { field: "sk", composite: ["code"], template: "${code}" },
      },
    },
  },
  entityConfig(),
);

/** A tenant's catalogue state: the version in force, when it got it, and the
 * (packed) diff from its previous version. One item per tenant. */
export const CatalogueStateEntity = new Entity(
  {
    model: { entity: "catalogueState", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      version: { type: "number", required: true },
      previousVersion: { type: "number", required: true },
      title: { type: "string", required: true },
      publishedAt: { type: "string", required: true },
      syncedAt: { type: "string", required: true },
      itemCount: { type: "number", required: true },
      /** Items added, amended, interpreted and repealed since the previous version. */
      counts: { type: "map", properties: { added: required, amended: required, interpreted: required, repealed: required }, required: true },
      diff: { type: "string", required: true },
    },
    indexes: {
      state: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#catalogue" },
        sk: { field: "sk", composite: [], template: "state" },
      },
    },
  },
  entityConfig(),
);

/** The province's copy of each tenant's latest status report (a flow, never a
 * cross-tenant read): version in force and whether its assignments are complete. */
export const CatalogueTenantStatusEntity = new Entity(
  {
    model: { entity: "catalogueTenantStatus", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      reportingTenant: { type: "string", required: true },
      version: { type: "number", required: true },
      syncedAt: { type: "string", required: true },
      reportedAt: { type: "string", required: true },
      receivedAt: { type: "string", required: true },
      coverage: {
        type: "map",
        properties: { items: required, assigned: required, unassigned: required, needsReview: required, departmentsWithoutItems: required },
        required: true,
      },
      complete: { type: "boolean", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#catalogue#tenants" },
        sk: { field: "sk", composite: ["reportingTenant"], template: "${reportingTenant}" },
      },
    },
  },
  entityConfig(),
);

export type CatalogueVersionItem = EntityItem<typeof CatalogueVersionEntity>;
export type CatalogueRevisionItem = EntityItem<typeof CatalogueRevisionEntity>;
export type CatalogueStateItem = EntityItem<typeof CatalogueStateEntity>;
export type CatalogueTenantStatusItem = EntityItem<typeof CatalogueTenantStatusEntity>;
