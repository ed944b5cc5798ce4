import { Entity } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";
import { States } from "./state";

/** 监管职责争议: one record per dispute in the tenant's dispute partition. */
export const DisputeEntity = new Entity(
  {
    model: { entity: "dispute", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      kind: { type: ["overlap", "unclaimed"] as const, required: true },
      itemCode: { type: "string" },
      itemName: { type: "string" },
      subject: { type: "string" },
      reason: { type: "string", required: true },
      departmentIds: { type: "list", items: { type: "string" }, required: true },
      hostDepartmentId: { type: "string", required: true },
      status: { type: States, required: true },
      /** The agreement on the table: lead department, terms, who proposed, who accepted. */
      proposal: { type: "any" },
      filing: { type: "any" },
      escalation: { type: "any" },
      /** How it ended: the lead department, by agreement (confirmed) or decision. */
      outcome: { type: "any" },
      openedBy: { type: "any", required: true },
      openedAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#dispute" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

/** The thread: every post and every step, in the dispute's own partition. */
export const DisputeEntryEntity = new Entity(
  {
    model: { entity: "disputeEntry", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      disputeId: { type: "string", required: true },
      id: { type: "string", required: true },
      /** The dispute's version after this entry: orders the thread. */
      seq: { type: "number", required: true },
      step: { type: "string", required: true },
      text: { type: "string" },
      detail: { type: "any" },
      by: { type: "any", required: true },
      departmentId: { type: "string" },
      at: { type: "string", required: true },
    },
    indexes: {
      byDispute: {
        pk: { field: "pk", composite: ["tenantId", "disputeId"], template: "${tenantId}#dispute#${disputeId}" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);
