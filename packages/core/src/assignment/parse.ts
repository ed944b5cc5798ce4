import * as z from "zod";
import { translate, type Locale } from "../i18n/index";
import { InfoColumns, SheetColumns, type SheetAssignment, type SheetChange, type SheetColumn, type SheetDepartment, type SheetResult, type SheetRowError } from "./sheet";

/** The assignment sheet read back (pure): every error of every row, or the rows that change an assignment. */

const Office = z.string().trim().min(1).max(60);
const Person = z.string().trim().min(1).max(30);
/** Names in a cell: 、，, ; ； or line breaks between them. */
const splitNames = (cell: string) => cell.split(/[、，,;；\n]+/).map((s) => s.trim()).filter(Boolean);

/** Rows (first row = headers) → the assignments they change, or every error. */
export function parseSheet(
  rows: readonly (readonly unknown[])[],
  context: {
    items: ReadonlyMap<string, { name: string }>;
    departments: readonly SheetDepartment[];
    current: ReadonlyMap<string, SheetAssignment>;
    locale: Locale;
  },
): SheetResult {
  const t = (code: string, params: Record<string, unknown> = {}) => translate(code, context.locale, params);
  const errors: SheetRowError[] = [];
  const add = (row: number, column: string, code: string, params: Record<string, unknown> = {}) =>
    errors.push({ row, column, code, message: t(code, { column, ...params }), field: `rows.${row - 1}.${column}`, rule: code });
  const cell = (v: unknown) => (v === null || v === undefined ? "" : String(v)).trim();

  const index = new Map<SheetColumn, number>();
  (rows[0] ?? []).forEach((raw, i) => {
    const h = cell(raw);
    if (!h) return;
    if (!(SheetColumns as readonly string[]).includes(h)) add(1, h, "assignment.sheet_unknown_column");
    else if (index.has(h as SheetColumn)) add(1, h, "assignment.sheet_duplicate_column");
    else index.set(h as SheetColumn, i);
  });
  for (const c of SheetColumns) if (!InfoColumns.includes(c) && !index.has(c)) add(1, c, "assignment.sheet_missing_column");
  if (errors.length) return { changes: [], unchanged: 0, blank: 0, errors };

  // A department by its own name, or by its type's name when the tenant has one active department of that type.
  const byName = new Map(context.departments.map((d) => [d.name, d.id]));
  const byType = new Map<string, string[]>();
  for (const d of context.departments) if (d.typeName) byType.set(d.typeName, [...(byType.get(d.typeName) ?? []), d.id]);
  const resolve = (name: string): string | undefined => byName.get(name) ?? (byType.get(name)?.length === 1 ? byType.get(name)![0] : undefined);

  const changes: SheetChange[] = [];
  const seen = new Map<string, number>();
  let unchanged = 0;
  let blank = 0;
  for (let r = 1; r < rows.length; r++) {
    const row = r + 1;
    const get = (c: SheetColumn) => cell(rows[r]?.[index.get(c)!]);
    const code = get("事项编码");
    const lead = get("牵头部门");
    const office = get("责任处室");
    const person = get("责任人");
    const coopCell = get("配合部门");
    if (!code && !lead && !office && !person && !coopCell) continue;
    const before = errors.length;
    const item = context.items.get(code);
    if (!code) add(row, "事项编码", "assignment.sheet_required");
    else if (!item) add(row, "事项编码", "assignment.item_not_in_force", { code });
    else if (seen.has(code)) add(row, "事项编码", "assignment.sheet_duplicate_code", { code, first: seen.get(code) });
    if (code && !seen.has(code)) seen.set(code, row);
    const existing = item ? context.current.get(code) : undefined;
    // Not filled in: nothing but departments (the export's suggestion) on an item not yet assigned — left as it is.
    if ((!lead && !office && !person && !coopCell) || (!existing && !office && !person)) {
      if (errors.length === before) blank++;
      continue;
    }
    let leadId: string | undefined;
    if (!lead) add(row, "牵头部门", "assignment.sheet_required");
    else if (!(leadId = resolve(lead))) add(row, "牵头部门", "assignment.sheet_department_unknown", { name: lead });
    const coopIds: string[] = [];
    for (const n of splitNames(coopCell)) {
      const id = resolve(n);
      if (!id) add(row, "配合部门", "assignment.sheet_department_unknown", { name: n });
      else if (id === leadId) add(row, "配合部门", "assignment.lead_also_cooperating");
      else if (!coopIds.includes(id)) coopIds.push(id);
    }
    if (coopIds.length > 20) add(row, "配合部门", "assignment.sheet_too_many", { max: 20 });
    if (!Office.safeParse(office).success) add(row, "责任处室", office ? "assignment.sheet_too_long" : "assignment.sheet_required", { max: 60 });
    if (!Person.safeParse(person).success) add(row, "责任人", person ? "assignment.sheet_too_long" : "assignment.sheet_required", { max: 30 });
    const versionCell = get("版本");
    const version = versionCell === "" ? undefined : Number(versionCell);
    if (version !== undefined && !(Number.isInteger(version) && version > 0)) add(row, "版本", "assignment.sheet_version_invalid", { value: versionCell });
    else if (item && (existing ? version !== existing.version : version !== undefined)) add(row, "版本", "assignment.sheet_stale", { code });
    if (errors.length > before || !item || !leadId) continue;
    const same =
      existing &&
      existing.leadDepartmentId === leadId &&
      existing.office === office &&
      existing.person === person &&
      existing.cooperatingDepartmentIds.length === coopIds.length &&
      existing.cooperatingDepartmentIds.every((id) => coopIds.includes(id));
    if (same) {
      unchanged++;
      continue;
    }
    changes.push({ row, code, name: item.name, leadDepartmentId: leadId, cooperatingDepartmentIds: coopIds, office, person, version: existing?.version, kind: existing ? "update" : "create" });
  }
  return { changes, unchanged, blank, errors };
}

