import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** The directory's rows. Each business is its own partition (an import of
 * 200,000 spreads over as many keys; a draw reads exactly what it drew by
 * BatchGet); a GSI lists a township's businesses by credit code. Search and
 * the per-grade roster are raw items (keys below): they are written in bulk
 * by the import, and their keys are the whole design. */
export const BusinessEntity = new Entity(
  {
    model: { entity: "business", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      creditCode: { type: "string", required: true },
      name: { type: "string", required: true },
      type: { type: "string", required: true },
      address: { type: "string", required: true },
      township: { type: "string", required: true },
      industries: { type: "list", items: { type: "string" }, required: true },
      licences: {
        type: "list",
        required: true,
        items: { type: "map", properties: { kind: { type: "string", required: true }, number: { type: "string", required: true }, validUntil: { type: "string" } } },
      },
      itemCodes: { type: "list", items: { type: "string" }, required: true },
      registeredOn: { type: "string" },
      grade: { type: ["A", "B", "C", "D"] as const, required: true },
      gradedAt: { type: "string", required: true },
      gradeSource: { type: "string", required: true },
      gradeReasons: { type: "list", items: { type: "string" }, required: true },
      /** Hash of the imported fields: a re-import of an unchanged row writes nothing. */
      contentHash: { type: "string", required: true },
      importId: { type: "string" },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byCode: {
        pk: { field: "pk", composite: ["tenantId", "creditCode"], template: "${tenantId}#business#${creditCode}", casing: "none" },
        sk: { field: "sk", composite: [], casing: "none" },
      },
      byTownship: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "township"], template: "${tenantId}#business-town#${township}", casing: "none" },
        sk: { field: "gsi1sk", composite: ["creditCode"], template: "${creditCode}", casing: "none" },
      },
    },
  },
  entityConfig(),
);
export type BusinessItem = EntityItem<typeof BusinessEntity>;

/** One import: its progress, and at the end its Merkle root and counts. */
export const BusinessImportEntity = new Entity(
  {
    model: { entity: "businessImport", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      id: { type: "string", required: true },
      status: { type: ["open", "done"] as const, required: true },
      fileName: { type: "string" },
      chunkSize: { type: "number", required: true },
      rows: { type: "number", required: true, default: 0 },
      created: { type: "number", required: true, default: 0 },
      updated: { type: "number", required: true, default: 0 },
      unchanged: { type: "number", required: true, default: 0 },
      errors: { type: "number", required: true, default: 0 },
      root: { type: "string" },
      auditId: { type: "string" },
      startedBy: { type: "string", required: true },
      startedAt: { type: "string", required: true },
      finishedAt: { type: "string" },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#business-import", casing: "none" },
        sk: { field: "sk", composite: ["id"], template: "${id}", casing: "none" },
      },
    },
  },
  entityConfig(),
);
export type BusinessImportItem = EntityItem<typeof BusinessImportEntity>;

/** One chunk of an import sent through the API: its Merkle root and the roster
 * moves it caused, applied once when the import finishes. */
export const BusinessImportChunkEntity = new Entity(
  {
    model: { entity: "businessImportChunk", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      importId: { type: "string", required: true },
      seq: { type: "number", required: true },
      /** The seq zero-padded: the sort key. */
      seqKey: { type: "string", required: true },
      root: { type: "string", required: true },
      rows: { type: "number", required: true },
      created: { type: "number", required: true },
      updated: { type: "number", required: true },
      unchanged: { type: "number", required: true },
      errors: { type: "number", required: true },
      /** Roster moves packed: per business its code, the grade it leaves ("-" if new) and the grade it joins. */
      moves: { type: "string", required: true },
    },
    indexes: {
      byImport: {
        pk: { field: "pk", composite: ["tenantId", "importId"], template: "${tenantId}#business-import#${importId}", casing: "none" },
        sk: { field: "sk", composite: ["seqKey"], template: "${seqKey}", casing: "none" },
      },
    },
  },
  entityConfig(),
);

// ---------------------------------------------------------------- raw items

/** Search index: one item per indexed suffix of a name or address. The
 * partition is the suffix's first character, the sort key the suffix (cut to
 * KEY_CHARS) then the code, so a search is one begins_with Query page. */
export function searchKey(tenantId: string, field: "name" | "address", key: string, creditCode: string) {
  const head = Array.from(key)[0]!;
  return { pk: `${tenantId}#business-search#${field}#${head}`, sk: `${key}#${creditCode}` };
}
export interface SearchItem {
  pk: string;
  sk: string;
  creditCode: string;
  /** The whole normalised name or address, to check a longer query against. */
  text: string;
}

/** Roster: per grade, items of up to ROSTER_MAX packed credit codes, sorted; the sort key is the item's lower bound. */
export function rosterPk(tenantId: string, grade: string) {
  return `${tenantId}#business-roster#${grade}`;
}
export function rosterSk(lower: string) {
  return `b#${lower}`;
}
export interface RosterItem {
  pk: string;
  sk: string;
  lower: string;
  codes: string;
  count: number;
  version: number;
}
