import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import { States, type StoredStep } from "./state";

/** 行政执法机关移送涉嫌犯罪案件: one referral in its tenant's partition. */
export const ReferralEntity = new Entity(
  {
    model: { entity: "referral", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      title: { type: "string", required: true },
      creditCode: { type: "string" },
      entityName: { type: "string" },
      suspectedOffence: { type: "string", required: true },
      facts: { type: "string", required: true },
      team: {
        type: "list",
        items: { type: "map", properties: { name: { type: "string", required: true }, badgeNo: { type: "string", required: true } } },
        required: true,
      },
      evidence: {
        type: "list",
        items: {
          type: "map",
          properties: {
            name: { type: "string", required: true },
            kind: { type: ["document", "record", "photo", "video", "sample", "other"] as const, required: true },
            sha256: { type: "string", required: true },
          },
        },
        required: true,
      },
      departmentId: { type: "string" },
      state: { type: States, required: true },
      /** Every step, done or open, with its due time. */
      steps: { type: CustomAttributeType<StoredStep[]>("any"), required: true },
      policeDepartmentId: { type: "string" },
      procuratorateDepartmentId: { type: "string" },
      /** The joint visit whose result (移送) led to this transfer, and its item (visit/). */
      visitId: { type: "string" },
      visitItemCode: { type: "string" },
      createdBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#referral" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      /** A department's own referrals (the officers' list); sparse: a referral of no department is the overseers' only. */
      byDepartment: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "departmentId"], template: "${tenantId}#referral#dep#${departmentId}" },
        sk: { field: "gsi1sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

/** A running clock: one item per open step with a due time, sorted by due
 * time in its tenant's partition, so "what is overdue" reads only what is. */
export const ClockEntity = new Entity(
  {
    model: { entity: "referralClock", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      dueAt: { type: "string", required: true },
      targetId: { type: "string", required: true },
      step: { type: "string", required: true },
      kind: { type: ["referral", "judicial-request"] as const, required: true },
      referralId: { type: "string" },
      title: { type: "string", required: true },
      by: { type: "string", required: true },
      startedAt: { type: "string", required: true },
      /** The department that owes the step, when one does. */
      departmentId: { type: "string" },
      /** The department whose officers see the step: the referral's own, or the department a judicial request is addressed to ("-": none, the overseers' only). */
      ownerDepartmentId: { type: "string" },
      /** The department that owes the step for the judicial organs' list ("-": none). */
      owingDepartmentId: { type: "string" },
    },
    indexes: {
      byDue: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#crf-clock" },
        sk: { field: "sk", composite: ["dueAt", "targetId", "step"], template: "${dueAt}#${targetId}#${step}" },
      },
      /** An officer's overdue list: the clocks of their department's matters, by due time. Clocks written before
       * department scoping lack the owner and its keys until `migrate:department-scope` adds them. */
      byOwner: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "ownerDepartmentId"], template: "${tenantId}#crf-clock#dep#${ownerDepartmentId}" },
        sk: { field: "gsi1sk", composite: ["dueAt", "targetId", "step"], template: "${dueAt}#${targetId}#${step}" },
      },
      /** A judicial organ's overdue list: the steps its department owes, by due time. */
      byOwing: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["tenantId", "owingDepartmentId"], template: "${tenantId}#crf-clock#owes#${owingDepartmentId}" },
        sk: { field: "gsi2sk", composite: ["dueAt", "targetId", "step"], template: "${dueAt}#${targetId}#${step}" },
      },
    },
  },
  entityConfig(),
);

/** What is addressed to a judicial organ's department: the only referrals its users see. */
export const InboxEntity = new Entity(
  {
    model: { entity: "referralInbox", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      departmentId: { type: "string", required: true },
      referralId: { type: "string", required: true },
      addressedAt: { type: "string", required: true },
    },
    indexes: {
      byDepartment: {
        pk: { field: "pk", composite: ["tenantId", "departmentId"], template: "${tenantId}#crf-inbox#${departmentId}" },
        sk: { field: "sk", composite: ["referralId"], template: "${referralId}" },
      },
    },
  },
  entityConfig(),
);

/** 反向协助: a request from a judicial organ (inspection, appraisal, custody or destruction of seized goods). */
export const JudicialRequestEntity = new Entity(
  {
    model: { entity: "judicialRequest", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      kind: { type: ["inspection", "appraisal", "custody", "destruction"] as const, required: true },
      organ: { type: ["police", "procuratorate"] as const, required: true },
      fromDepartmentId: { type: "string", required: true },
      toDepartmentId: { type: "string", required: true },
      referralId: { type: "string" },
      subject: { type: "string", required: true },
      details: { type: "string", required: true },
      status: { type: ["open", "answered"] as const, required: true },
      dueAt: { type: "string", required: true },
      answer: { type: "string" },
      answeredBy: { type: CustomAttributeType<ActorRef>("any") },
      answeredAt: { type: "string" },
      createdBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      createdAt: { type: "string", required: true },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#jrq" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      /** What a department was asked (its officers' list). */
      byTo: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "toDepartmentId"], template: "${tenantId}#jrq#to#${toDepartmentId}" },
        sk: { field: "gsi1sk", composite: ["id"], template: "${id}" },
      },
      /** What a judicial organ asked (its liaisons' list). */
      byFrom: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["tenantId", "fromDepartmentId"], template: "${tenantId}#jrq#from#${fromDepartmentId}" },
        sk: { field: "gsi2sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

export type ReferralItem = EntityItem<typeof ReferralEntity>;
export type JudicialRequestItem = EntityItem<typeof JudicialRequestEntity>;

/** A transfer opened from a joint visit's result (移送), by visit: the visit shows it. */
export const ReferralVisitEntity = new Entity(
  {
    model: { entity: "referralVisit", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      visitId: { type: "string", required: true },
      referralId: { type: "string", required: true },
      itemCode: { type: "string" },
    },
    indexes: {
      byVisit: {
        pk: { field: "pk", composite: ["tenantId", "visitId"], template: "${tenantId}#referral#visit#${visitId}" },
        sk: { field: "sk", composite: ["referralId"], template: "${referralId}" },
      },
    },
  },
  entityConfig(),
);
