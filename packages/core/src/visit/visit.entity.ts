import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type { ActorRef } from "../context";
import { entityConfig, SERVICE } from "../dynamo/electro";
import type { Line, OriginKind, Outcome } from "./rules";

export interface StoredBody {
  bodyId: string;
  bodyName: string;
  departmentId: string;
  itemCodes: string[];
  inspectorIds: string[];
}
export interface StoredInspector {
  id: string;
  name: string;
  certificateNo: string;
  bodyId: string;
  /** The signed-in user this inspector is (sign-off, answers). */
  userId?: string;
}
export interface StoredResult {
  itemCode: string;
  itemName: string;
  bodyId: string;
  outcome: Outcome;
  rectifyBy?: string;
  recheck?: { at: string; outcome: "pass" | "fail"; note: string; by: { id: string; name: string } };
  note?: string;
  recognisable?: boolean;
  validDays?: number;
  recognitionId?: string;
  by: { id: string; name: string };
  at: string;
}
export interface StoredOrigin {
  kind: OriginKind;
  ref?: string;
}
export interface Approval {
  by: { id: string; name: string };
  at: string;
  afterTheFact: boolean;
}
export interface Signature {
  inspectorId: string;
  name: string;
  at: string;
}

/** The visit's share of the yearly counters: the task entry it created or merged into, the bodies it counted against the cap, the bodies it added to a merged task. */
export interface CapMark {
  year: number;
  taskId: string;
  counted: string[];
  added: string[];
}
export interface Cancellation {
  at: string;
  by: { id: string; name: string };
  reason: string;
  /** The business had been told of the visit (检查通知): the cancellation is told the same way (the code page shows it). */
  businessNotified: boolean;
}

/** 综合查一次: one visit to one business by one or more bodies in a window. */
export const VisitEntity = new Entity(
  {
    model: { entity: "visit", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      code: { type: "string", required: true },
      status: { type: ["draft", "approved", "in-progress", "signed", "closed", "cancelled"] as const, required: true },
      origin: { type: CustomAttributeType<StoredOrigin>("any"), required: true },
      /** Every origin that led here (a joined visit keeps each). */
      origins: { type: CustomAttributeType<StoredOrigin[]>("any"), required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string", required: true },
      windowFrom: { type: "string", required: true },
      windowTo: { type: "string", required: true },
      emergency: { type: "boolean", required: true },
      bodies: { type: CustomAttributeType<StoredBody[]>("any"), required: true },
      inspectors: { type: CustomAttributeType<StoredInspector[]>("any"), required: true },
      approval: { type: CustomAttributeType<Approval>("any") },
      notice: { type: CustomAttributeType<{ at: string; recusalRight: true; by: { id: string; name: string } }>("any") },
      signatures: { type: CustomAttributeType<Signature[]>("any"), required: true },
      results: { type: CustomAttributeType<StoredResult[]>("any"), required: true },
      rating: { type: CustomAttributeType<{ stars: number; comment?: string; at: string }>("any") },
      overrideReason: { type: "string" },
      exception: { type: "string" },
      /** What this visit wrote into the yearly counters (Plan buckets), so a cancellation takes exactly that back. */
      cap: { type: CustomAttributeType<CapMark>("any") },
      /** Duplicate / too-frequent inspection warnings fired when it was made (rule IDs), going ahead on `overrideReason`. */
      warnings: { type: CustomAttributeType<string[]>("any") },
      cancellation: { type: CustomAttributeType<Cancellation>("any") },
      createdBy: { type: CustomAttributeType<ActorRef>("any"), required: true },
      createdAt: { type: "string", required: true },
      closedAt: { type: "string" },
      version: { type: "number", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#visit" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
      byBusiness: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "creditCode"], template: "${tenantId}#visit-business#${creditCode}" },
        sk: { field: "gsi1sk", composite: ["id"], template: "${id}" },
      },
      byCode: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["tenantId", "code"], template: "${tenantId}#visit-code#${code}" },
        sk: { field: "gsi2sk", composite: [], template: "visit" },
      },
    },
  },
  entityConfig(),
);
export type VisitItem = EntityItem<typeof VisitEntity>;

/** A department's share of a visit (one row per body's department): a department's list is one query. */
export const VisitDepartmentEntity = new Entity(
  {
    model: { entity: "visitDepartment", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      departmentId: { type: "string", required: true },
      visitId: { type: "string", required: true },
    },
    indexes: {
      byDepartment: {
        pk: { field: "pk", composite: ["tenantId", "departmentId"], template: "${tenantId}#visit#dep#${departmentId}" },
        sk: { field: "sk", composite: ["visitId"], template: "${visitId}" },
      },
    },
  },
  entityConfig(),
);

/** The combined checklist as built from the work guides when the visit was made (answers refer to its line IDs). */
export const VisitChecklistEntity = new Entity(
  {
    model: { entity: "visitChecklist", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      visitId: { type: "string", required: true },
      lines: { type: CustomAttributeType<Line[]>("any"), required: true },
    },
    indexes: {
      byVisit: {
        pk: { field: "pk", composite: ["tenantId", "visitId"], template: "${tenantId}#visit#${visitId}" },
        sk: { field: "sk", composite: [], template: "checklist" },
      },
    },
  },
  entityConfig(),
);

export interface FileRef {
  sha256: string;
  name: string;
  size: number;
  type: string;
}

/** One answer as the device sent it, keyed by the device's clientId: a replay finds it and acts once. */
export const VisitAnswerEntity = new Entity(
  {
    model: { entity: "visitAnswer", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      visitId: { type: "string", required: true },
      clientId: { type: "string", required: true },
      lineId: { type: "string", required: true },
      value: { type: ["yes", "no", "na"] as const, required: true },
      note: { type: "string" },
      files: { type: CustomAttributeType<FileRef[]>("any"), required: true },
      capturedAt: { type: "string", required: true },
      by: { type: CustomAttributeType<{ id: string; name: string }>("any"), required: true },
      at: { type: "string", required: true },
    },
    indexes: {
      byVisit: {
        pk: { field: "pk", composite: ["tenantId", "visitId"], template: "${tenantId}#visit-answer#${visitId}" },
        sk: { field: "sk", composite: ["clientId"], template: "${clientId}" },
      },
    },
  },
  entityConfig(),
);
export type VisitAnswerItem = EntityItem<typeof VisitAnswerEntity>;

/** A file of a visit (photo, document), by its hash; the bytes are in the evidence blob store. */
export const VisitFileEntity = new Entity(
  {
    model: { entity: "visitFile", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      visitId: { type: "string", required: true },
      sha256: { type: "string", required: true },
      name: { type: "string", required: true },
      size: { type: "number", required: true },
      type: { type: "string", required: true },
      by: { type: CustomAttributeType<{ id: string; name: string }>("any"), required: true },
      at: { type: "string", required: true },
    },
    indexes: {
      byVisit: {
        pk: { field: "pk", composite: ["tenantId", "visitId"], template: "${tenantId}#visit-file#${visitId}" },
        sk: { field: "sk", composite: ["sha256"], template: "${sha256}" },
      },
    },
  },
  entityConfig(),
);

/** A business's report of a visit with no code or a code that does not match, for the enforcement-supervision office. */
export const VisitReportEntity = new Entity(
  {
    model: { entity: "visitReport", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      kind: { type: ["no-code", "mismatch", "registered"] as const, required: true },
      code: { type: "string" },
      visitId: { type: "string" },
      creditCode: { type: "string", required: true },
      entityName: { type: "string", required: true },
      occurredOn: { type: "string", required: true },
      description: { type: "string", required: true },
      contact: { type: "string" },
      departmentId: { type: "string", required: true },
      dueAt: { type: "string", required: true },
      beyondCalendar: { type: "boolean", required: true },
      receivedAt: { type: "string", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#visit-report" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);
export type VisitReportItem = EntityItem<typeof VisitReportEntity>;

/** Per-tenant figures of a year, counted in the same transaction as each change (contract 3). */
export const VisitYearEntity = new Entity(
  {
    model: { entity: "visitYear", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      year: { type: "number", required: true },
      visits: { type: "number" },
      joint: { type: "number" },
      noCodeReports: { type: "number" },
      ratingCount: { type: "number" },
      ratingSum: { type: "number" },
    },
    indexes: {
      byYear: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#visit-stats" },
        sk: { field: "sk", composite: ["year"], template: "year#${year}" },
      },
    },
  },
  entityConfig(),
);

/** Closed visits per business in a year (the dashboard's "per business against the cap"). */
export const VisitBusinessYearEntity = new Entity(
  {
    model: { entity: "visitBusinessYear", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      year: { type: "number", required: true },
      creditCode: { type: "string", required: true },
      entityName: { type: "string", required: true },
      count: { type: "number" },
      cap: { type: "number", required: true },
    },
    indexes: {
      byYear: {
        pk: { field: "pk", composite: ["tenantId", "year"], template: "${tenantId}#visit-stats#${year}" },
        sk: { field: "sk", composite: ["creditCode"], template: "${creditCode}" },
      },
    },
  },
  entityConfig(),
);

/** Public submissions (a rating, a report, an objection) counted per client and route in a fixed window;
 * the row expires with the window (TTL). The client is a hash of its address, never the address itself. */
export const RateWindowEntity = new Entity(
  {
    model: { entity: "rateWindow", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      key: { type: "string", required: true },
      window: { type: "number", required: true },
      n: { type: "number" },
      expiresAt: { type: "number" },
    },
    indexes: {
      byKey: {
        pk: { field: "pk", composite: ["tenantId", "key"], template: "${tenantId}#rate#${key}" },
        // A prefix: a key that is only a number attribute would be stored as a number (the table's keys are strings).
        sk: { field: "sk", composite: ["window"], template: "w#${window}" },
      },
    },
  },
  entityConfig(),
);
