import { Entity } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** The bytes, once per tenant and content hash (the S3-like blob store): the
 * uploader's, and a copy for each tenant a request or answer brought them to.
 * Read only through a right to the file (an attachment record, a referral's
 * evidence list), never listed. A small file's bytes are inline (`data`, the
 * only form before files could exceed one item); a larger one's are split
 * into `parts` part items in the same partition. */
export const BlobEntity = new Entity(
  {
    model: { entity: "blob", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      hash: { type: "string", required: true },
      data: { type: "string" },
      parts: { type: "number" },
      size: { type: "number", required: true },
    },
    indexes: {
      byHash: {
        pk: { field: "pk", composite: ["tenantId", "hash"], template: "${tenantId}#blob#${hash}" },
        sk: { field: "sk", composite: [], template: "blob" },
      },
    },
  },
  entityConfig(),
);

/** One part of a large file's bytes (base64), beside its manifest. */
export const BlobPartEntity = new Entity(
  {
    model: { entity: "blob-part", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      hash: { type: "string", required: true },
      index: { type: "number", required: true },
      data: { type: "string", required: true },
    },
    indexes: {
      byHash: {
        pk: { field: "pk", composite: ["tenantId", "hash"], template: "${tenantId}#blob#${hash}" },
        sk: { field: "sk", composite: ["index"], template: "part#${index}" },
      },
    },
  },
  entityConfig(),
);

/** A referral's evidence file uploaded in this tenant (行刑衔接 证据): who
 * uploaded it; the right to read it is the referral's evidence list. */
export const EvidenceFileEntity = new Entity(
  {
    model: { entity: "evidence-file", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      hash: { type: "string", required: true },
      name: { type: "string", required: true },
      size: { type: "number", required: true },
      contentType: { type: "string", required: true },
      departmentId: { type: "string" },
      at: { type: "string", required: true },
    },
    indexes: {
      byHash: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#evidence" },
        sk: { field: "sk", composite: ["hash"], template: "${hash}" },
      },
    },
  },
  entityConfig(),
);
