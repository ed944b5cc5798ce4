import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import { States } from "./state";

const actor = { type: CustomAttributeType<ActorRef>("any") } as const;

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
      proposal: {
        type: "map",
        properties: {
          leadDepartmentId: { type: "string", required: true },
          terms: { type: "string", required: true },
          /** The proposing department (it accepts at once). */
          proposedBy: { type: "string", required: true },
          /** Departments that have accepted. */
          acceptedBy: { type: "list", items: { type: "string" }, required: true },
          at: { type: "string", required: true },
        },
      },
      /** The host's filing of the agreement with the establishment office. */
      filing: {
        type: "map",
        properties: { at: { type: "string", required: true }, by: { ...actor, required: true }, note: { type: "string" } },
      },
      /** The host's escalation to the establishment office. */
      escalation: {
        type: "map",
        properties: { at: { type: "string", required: true }, by: { ...actor, required: true }, reason: { type: "string", required: true } },
      },
      /** How it ended: the lead department, by agreement (confirmed) or decision. */
      outcome: {
        type: "map",
        properties: {
          how: { type: ["agreement", "decision", "withdrawn"] as const, required: true },
          leadDepartmentId: { type: "string" },
          reasoning: { type: "string" },
          assignmentUpdated: { type: "boolean", required: true },
          at: { type: "string", required: true },
          by: { ...actor, required: true },
        },
      },
      openedBy: { ...actor, required: true },
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
      /** What the step concerned (e.g. the lead department named); free-form, shown as stored. */
      detail: { type: CustomAttributeType<Record<string, unknown>>("any") },
      by: { ...actor, required: true },
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

export type DisputeItem = EntityItem<typeof DisputeEntity>;
export type DisputeEntryItem = EntityItem<typeof DisputeEntryEntity>;
