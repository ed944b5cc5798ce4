
/** 属地责任表: the assignments as a spreadsheet, one row per item in force,
 * departments by name. Pure (no I/O, browser-safe): the portal writes the
 * sheet with `sheetRows`; the API reads the rows back with `parseSheet` (parse.ts)
 * against the tenant's items, departments and current assignments, and
 * reports every error of every row. */

export const SheetColumns = ["事项编码", "事项名称", "牵头部门", "配合部门", "责任处室", "责任人", "版本"] as const;
export type SheetColumn = (typeof SheetColumns)[number];
/** Shown in the sheet for reading; ignored when read back. */
export const InfoColumns: readonly SheetColumn[] = ["事项名称"];

export const SheetColumnHints: Record<SheetColumn, { zh: string; en: string }> = {
  事项编码: { zh: "不可修改", en: "do not change" },
  事项名称: { zh: "仅供阅读", en: "for reading only" },
  牵头部门: { zh: "本级部门名称，或部门类型名称如“市场监督管理局”", en: "a department's name here, or a type such as 市场监督管理局" },
  配合部门: { zh: "多个用“、”分隔", en: "several separated by 、" },
  责任处室: { zh: "牵头部门的责任处室（科室）", en: "the lead's responsible office" },
  责任人: { zh: "牵头部门的责任人", en: "the lead's responsible person" },
  版本: { zh: "导出时的版本，不可修改（用于发现导出后他人的修改）", en: "as exported; do not change (detects changes made since)" },
};

/** A department as the sheet names it. */
export interface SheetDepartment {
  id: string;
  name: string;
  type: string;
  /** The type's name (e.g. 市场监督管理局), also accepted. */
  typeName?: string;
}

/** The current assignment of an item, as the sheet compares it. */
export interface SheetAssignment {
  code: string;
  leadDepartmentId: string;
  cooperatingDepartmentIds: string[];
  office?: string;
  person?: string;
  version: number;
}

export interface SheetRowError {
  /** 1-based sheet row; the headers are row 1. */
  row: number;
  column: string;
  code: string;
  message: string;
  /** `rows.<index>.<column>` in the request body, and the rule: the API's usual detail shape. */
  field: string;
  rule: string;
}

/** One row's assignment as read from the sheet (IDs resolved). */
export interface SheetChange {
  row: number;
  code: string;
  name: string;
  leadDepartmentId: string;
  cooperatingDepartmentIds: string[];
  office: string;
  person: string;
  /** The version exported; absent for an item not assigned at export. */
  version?: number;
  kind: "create" | "update";
}

export interface SheetResult {
  changes: SheetChange[];
  unchanged: number;
  /** Rows with no department, office or person: left as they are. */
  blank: number;
  errors: SheetRowError[];
}

/** The sheet of the tenant's items: the assignment where there is one, else the
 * catalogue's suggestion (lead and cooperating types mapped to departments). */
export function sheetRows(
  items: readonly { code: string; name: string }[],
  current: ReadonlyMap<string, SheetAssignment>,
  names: ReadonlyMap<string, string>,
  suggestion: (code: string) => { leadDepartmentId?: string; cooperatingDepartmentIds: string[] } | undefined = () => undefined,
): string[][] {
  const name = (id: string) => names.get(id) ?? id;
  return [
    [...SheetColumns],
    ...items.map((i) => {
      const a = current.get(i.code);
      if (a) return [i.code, i.name, name(a.leadDepartmentId), a.cooperatingDepartmentIds.map(name).join("、"), a.office ?? "", a.person ?? "", String(a.version)];
      const s = suggestion(i.code);
      return [i.code, i.name, s?.leadDepartmentId ? name(s.leadDepartmentId) : "", (s?.cooperatingDepartmentIds ?? []).map(name).join("、"), "", "", ""];
    }),
  ];
}

/** The catalogue's suggestion for an item here: its lead and cooperating
 * department types mapped to the tenant's active departments of those types
 * (a type the tenant has no department of, or several, is left for the user). */
export function suggest(
  item: { leadDepartmentType: string; cooperatingDepartmentTypes: readonly string[] },
  departments: readonly { id: string; type: string; status?: string }[],
): { leadDepartmentId?: string; cooperatingDepartmentIds: string[] } {
  const one = (type: string) => {
    const found = departments.filter((d) => d.type === type && (d.status ?? "active") === "active");
    return found.length === 1 ? found[0]!.id : undefined;
  };
  const leadDepartmentId = one(item.leadDepartmentType);
  const cooperatingDepartmentIds = [...new Set(item.cooperatingDepartmentTypes.map(one).filter((id): id is string => !!id && id !== leadDepartmentId))];
  return { leadDepartmentId, cooperatingDepartmentIds };
}
