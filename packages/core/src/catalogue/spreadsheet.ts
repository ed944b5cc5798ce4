import * as z from "zod";
import { maybeContext, type Locale } from "../context";
import { DepartmentTypes } from "../department/types";
import { describeZodIssues, translate } from "../i18n/index";
import { Change, ChangeBasisNames, Industries, KeyAreas, VersionInput, type ChangeBasis } from "./item";
import { validateChanges } from "./rules";

/** The catalogue as a spreadsheet: one row per item, Chinese column headers.
 * Pure: rows in (`string[][]`, the first row the headers), changes or a
 * per-row error report out. The portal and the command line read the file
 * (sheet-file.ts); the API receives rows and validates them here with the very
 * schemas of the API push (item.ts). */

export const Columns = [
  "变更类型",
  "依据法律",
  "生效日期",
  "事项编码",
  "事项名称",
  "重点领域",
  "牵头部门",
  "配合部门",
  "法律依据",
  "监管对象类型",
  "监管主体",
  "监管对象",
  "检查程序",
  "检查内容",
  "检查方法",
] as const;
export type Column = (typeof Columns)[number];

/** How each column is filled in, shown in the template and the README. */
export const ColumnHints: Record<Column, { zh: string; en: string }> = {
  变更类型: { zh: "立、改、废、释 之一", en: "立 enact, 改 amend, 废 repeal, 释 interpret" },
  依据法律: { zh: "引起本次变更的法律法规", en: "The law behind this change" },
  生效日期: { zh: "YYYY-MM-DD", en: "YYYY-MM-DD" },
  事项编码: { zh: "如 FJ-SP-001", en: "e.g. FJ-SP-001" },
  事项名称: { zh: "“废”可不填", en: "may be empty for 废" },
  重点领域: { zh: "如 食品、燃气", en: "e.g. 食品, 燃气" },
  牵头部门: { zh: "部门类型名称，如 市场监督管理局", en: "department type, e.g. 市场监督管理局" },
  配合部门: { zh: "用“、”分隔", en: "separated by 、" },
  法律依据: { zh: "《法律名称》条款，多条用“；”分隔", en: "《law》article, several separated by ；" },
  监管对象类型: { zh: "行业名称，用“、”分隔", en: "industry names, separated by 、" },
  监管主体: { zh: "文字", en: "text" },
  监管对象: { zh: "文字", en: "text" },
  检查程序: { zh: "每步一行，或用“；”分隔", en: "one step per line, or separated by ；" },
  检查内容: { zh: "每项一行，或用“；”分隔", en: "one per line, or separated by ；" },
  检查方法: { zh: "每种一行，或用“；”分隔", en: "one per line, or separated by ；" },
};

export interface RowError {
  /** 1-based spreadsheet row; the headers are row 1. */
  row: number;
  /** The Chinese column header. */
  column: string;
  /** A zod issue code or one of the catalogue's message codes. */
  code: string;
  message: string;
  /** Where the cell is in the request body (`rows.<index>.<column>`), and the rule: the API's usual detail shape. */
  field: string;
  rule: string;
}

export type ParseResult =
  | { ok: true; changes: Change[]; /** the spreadsheet row (1-based) of each change */ rowOf: number[] }
  | { ok: false; errors: RowError[] };

const BASIS_BY_CELL: Record<string, ChangeBasis> = {
  立: "enact",
  改: "amend",
  废: "repeal",
  释: "interpret",
  enact: "enact",
  amend: "amend",
  repeal: "repeal",
  interpret: "interpret",
};

const normalizeName = (s: string) => s.replace(/[\s\u3000]/g, "");
/** 市场监督管理局, 市场监管局 (common short form) or the type code. */
const DEPARTMENT_BY_NAME = new Map<string, string>();
for (const d of DepartmentTypes) {
  DEPARTMENT_BY_NAME.set(d.zh, d.type);
  DEPARTMENT_BY_NAME.set(d.type, d.type);
}
for (const [short, type] of Object.entries({ 市场监管局: "market", 住建局: "housing", 金融监管局: "finance-regulation", 药监局: "drug", 卫健委: "health", 卫生健康委: "health", 交通局: "transport", 公安机关: "public-security" })) {
  DEPARTMENT_BY_NAME.set(short, type);
}
const KEY_AREA_BY_NAME = new Map<string, string>(KeyAreas.flatMap((a) => [[a.zh, a.code], [a.code, a.code]] as [string, string][]));
const INDUSTRY_BY_NAME = new Map<string, string>(Industries.flatMap((i) => [[i.zh, i.code], [i.code, i.code]] as [string, string][]));

export const departmentTypeName = (type: string) => DepartmentTypes.find((d) => d.type === type)?.zh ?? type;
export const keyAreaName = (code: string) => KeyAreas.find((a) => a.code === code)?.zh ?? code;
export const industryName = (code: string) => Industries.find((i) => i.code === code)?.zh ?? code;

/** A list cell: one entry per line; in a cell of one line, entries separated by ；/; (names also by 、 and commas). */
function splitList(cell: string, separators: RegExp): string[] {
  return cell
    .split(/\r?\n/.test(cell.trim()) ? /\r?\n/ : separators)
    .map((s) => s.trim())
    .filter(Boolean);
}
const LINES = /\r?\n|；|;/;
const NAMES = /\r?\n|；|;|、|，|,/;

/** 2026-01-01, 2026/1/1, 2026.1.1, 2026年1月1日 → 2026-01-01; anything else as written (the schema rejects it). */
export function normalizeDate(cell: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(cell.trim());
  if (!m) return cell.trim();
  return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
}

/** 《食品安全法》第八十七条；《食品安全法实施条例》第十条 */
function parseLegalBasis(cell: string): { value: { law: string; article: string }[]; bad: string[] } {
  const value: { law: string; article: string }[] = [];
  const bad: string[] = [];
  for (const part of splitList(cell, LINES)) {
    const m = /^《([^》]+)》\s*(.+)$/.exec(part);
    if (m) value.push({ law: m[1]!.trim(), article: m[2]!.trim() });
    else bad.push(part);
  }
  return { value, bad };
}

function headerName(cell: string): string {
  // "变更类型(立/改/废/释)", "*事项编码", "事项编码 " → the bare name.
  return cell
    .replace(/^\uFEFF/, "")
    .replace(/[\s\u3000*＊]/g, "")
    .replace(/[（(].*[)）]$/, "");
}

/** The column of a path inside one change, e.g. ["item", "workGuide", "content", 2] → 检查内容. */
export function columnOfPath(path: readonly PropertyKey[]): Column {
  const [first, second, third] = path;
  if (first === "basis" || first === undefined) return "变更类型";
  if (first === "law") return "依据法律";
  if (first === "effectiveDate") return "生效日期";
  if (first === "code") return "事项编码";
  if (first === "item") {
    switch (second) {
      case "code":
        return "事项编码";
      case "name":
        return "事项名称";
      case "keyArea":
        return "重点领域";
      case "leadDepartmentType":
        return "牵头部门";
      case "cooperatingDepartmentTypes":
        return "配合部门";
      case "legalBasis":
        return "法律依据";
      case "objectTypes":
        return "监管对象类型";
      case "workGuide":
        switch (third) {
          case "subject":
            return "监管主体";
          case "objects":
            return "监管对象";
          case "procedure":
            return "检查程序";
          case "content":
            return "检查内容";
          case "methods":
            return "检查方法";
        }
        return "监管主体";
    }
    return "事项名称";
  }
  return "变更类型";
}

function currentLocale(locale?: Locale): Locale {
  return locale ?? maybeContext()?.locale ?? "zh-CN";
}

function rowError(row: number, column: string, code: string, message: string): RowError {
  return { row, column, code, message, field: `rows.${row - 1}.${column}`, rule: code };
}

/** Rows (first row = headers) → the changes of one version, or every error of every row. */
export function parseRows(rows: readonly (readonly unknown[])[], options: { locale?: Locale } = {}): ParseResult {
  const locale = currentLocale(options.locale);
  const t = (code: string, params: Record<string, unknown> = {}) => translate(code, locale, params);
  const errors: RowError[] = [];
  const cellText = (v: unknown) => (v === null || v === undefined ? "" : String(v)).trim();

  // Headers: every template column once, nothing else.
  const headerRow = (rows[0] ?? []).map((c) => headerName(cellText(c)));
  const index = new Map<Column, number>();
  headerRow.forEach((h, i) => {
    if (!h) return;
    if (!(Columns as readonly string[]).includes(h)) {
      errors.push(rowError(1, h, "catalogue.import_unknown_column", t("catalogue.import_unknown_column", { column: h })));
    } else if (index.has(h as Column)) {
      errors.push(rowError(1, h, "catalogue.import_duplicate_column", t("catalogue.import_duplicate_column", { column: h })));
    } else index.set(h as Column, i);
  });
  for (const c of Columns) {
    if (!index.has(c)) errors.push(rowError(1, c, "catalogue.import_missing_column", t("catalogue.import_missing_column", { column: c })));
  }
  if (errors.length) return { ok: false, errors };

  const candidates: unknown[] = [];
  const rowOf: number[] = [];
  /** Errors found while reading cells, before the schema: the schema's own issue on the same cell is then left out. */
  const cellErrors = new Map<string, RowError[]>();
  const addCellError = (row: number, column: Column, code: string, params: Record<string, unknown>) => {
    const key = `${row}|${column}`;
    const list = cellErrors.get(key) ?? [];
    list.push(rowError(row, column, code, t(code, { column, ...params })));
    cellErrors.set(key, list);
  };

  for (let r = 1; r < rows.length; r++) {
    const raw = rows[r] ?? [];
    if (raw.every((c) => cellText(c) === "")) continue;
    const row = r + 1;
    const cell = (c: Column) => cellText(raw[index.get(c)!]);
    const basisCell = cell("变更类型");
    const basis = BASIS_BY_CELL[basisCell] ?? BASIS_BY_CELL[basisCell.toLowerCase()];
    if (!basis) addCellError(row, "变更类型", "catalogue.import_basis", { value: basisCell });

    const mapped = (column: Column, value: string, table: Map<string, string>, options: string[]) => {
      if (!value) return value;
      const code = table.get(normalizeName(value));
      if (code) return code;
      addCellError(row, column, "catalogue.import_unknown_value", { value, options: options.join("、") });
      return value;
    };
    const mappedList = (column: Column, value: string, table: Map<string, string>, options: string[]) =>
      splitList(value, NAMES).map((v) => mapped(column, v, table, options));
    const departmentNames = DepartmentTypes.map((d) => d.zh);
    const common = { law: cell("依据法律"), effectiveDate: normalizeDate(cell("生效日期")) };

    let candidate: unknown;
    if (basis === "repeal") {
      candidate = { basis, ...common, code: cell("事项编码") };
    } else {
      const legal = parseLegalBasis(cell("法律依据"));
      for (const bad of legal.bad) addCellError(row, "法律依据", "catalogue.import_legal_basis", { value: bad });
      candidate = {
        basis: basis ?? "enact",
        ...common,
        item: {
          code: cell("事项编码"),
          name: cell("事项名称"),
          keyArea: mapped("重点领域", cell("重点领域"), KEY_AREA_BY_NAME, KeyAreas.map((a) => a.zh)),
          leadDepartmentType: mapped("牵头部门", cell("牵头部门"), DEPARTMENT_BY_NAME, departmentNames),
          cooperatingDepartmentTypes: mappedList("配合部门", cell("配合部门"), DEPARTMENT_BY_NAME, departmentNames),
          legalBasis: legal.value,
          objectTypes: mappedList("监管对象类型", cell("监管对象类型"), INDUSTRY_BY_NAME, Industries.map((i) => i.zh)),
          workGuide: {
            subject: cell("监管主体"),
            objects: cell("监管对象"),
            procedure: splitList(cell("检查程序"), LINES),
            content: splitList(cell("检查内容"), LINES),
            methods: splitList(cell("检查方法"), LINES),
          },
        },
      };
    }
    candidates.push(candidate);
    rowOf.push(row);
  }

  if (candidates.length === 0) {
    return { ok: false, errors: [rowError(1, Columns[0], "catalogue.import_empty", t("catalogue.import_empty"))] };
  }

  // The same schema as the API push; the version number and title are the import's, not the sheet's.
  const result = VersionInput.safeParse({ version: 1, title: "import", changes: candidates });
  const schemaErrors: RowError[] = [];
  if (!result.success) {
    const described = describeZodIssues(result.error, locale);
    result.error.issues.forEach((issue, i) => {
      const [top, changeIndex, ...rest] = issue.path;
      if (top !== "changes" || typeof changeIndex !== "number") return;
      const row = rowOf[changeIndex]!;
      const column = issue.message === "catalogue.duplicate_code" ? "事项编码" : columnOfPath(rest);
      if (cellErrors.has(`${row}|${column}`)) return;
      const empty = issue.code === "too_small" && (issue as { minimum?: unknown }).minimum === 1;
      const code = empty ? "catalogue.import_required" : /^[a-z_]+\.[a-z_]+$/.test(issue.message) && issue.message.startsWith("catalogue.") ? issue.message : issue.code;
      const message = empty ? t("catalogue.import_required") : described[i]!.message;
      // One line per cell is enough: a list with several bad entries shows the first.
      if (schemaErrors.some((e) => e.row === row && e.column === column && e.code === code)) return;
      schemaErrors.push(rowError(row, column, code, message));
    });
  }
  const all = [...[...cellErrors.values()].flat(), ...schemaErrors].sort((a, b) => a.row - b.row || Columns.indexOf(a.column as Column) - Columns.indexOf(b.column as Column));
  if (all.length || !result.success) {
    return { ok: false, errors: all.length ? all : [rowError(1, Columns[0], "request.invalid", t("request.invalid"))] };
  }
  return { ok: true, changes: result.data.changes, rowOf };
}

/** Changes → rows with the template's headers (a template, or an export of a version). */
export function toRows(changes: readonly Change[]): string[][] {
  const rows: string[][] = [[...Columns]];
  for (const c of changes) {
    const basis = ChangeBasisNames[c.basis].zh;
    if (c.basis === "repeal") {
      rows.push([basis, c.law, c.effectiveDate, c.code, ...Array<string>(Columns.length - 4).fill("")]);
      continue;
    }
    const i = c.item;
    rows.push([
      basis,
      c.law,
      c.effectiveDate,
      i.code,
      i.name,
      keyAreaName(i.keyArea),
      departmentTypeName(i.leadDepartmentType),
      i.cooperatingDepartmentTypes.map(departmentTypeName).join("、"),
      i.legalBasis.map((b) => `《${b.law}》${b.article}`).join("；"),
      i.objectTypes.map(industryName).join("、"),
      i.workGuide.subject,
      i.workGuide.objects,
      i.workGuide.procedure.join("\n"),
      i.workGuide.content.join("\n"),
      i.workGuide.methods.join("\n"),
    ]);
  }
  return rows;
}

/** Changes that must refer to the catalogue in force (the publish's own rule,
 * rules.ts): 改/释/废 an item that is there, 立 one that is not — reported on the row. */
export function checkAgainstCurrent(changes: Change[], rowOf: readonly number[], currentCodes: ReadonlySet<string>, options: { locale?: Locale } = {}): RowError[] {
  const locale = currentLocale(options.locale);
  return validateChanges(currentCodes, changes).map((issue) => {
    const row = rowOf[issue.index]!;
    if (issue.rule === "catalogue.already_in_force") {
      return rowError(row, "事项编码", "catalogue.import_code_exists", translate("catalogue.import_code_exists", locale, { code: issue.code }));
    }
    const zhVerb: Record<string, string> = { amend: "修改", interpret: "解释", repeal: "废止" };
    const verb = locale === "en" ? ChangeBasisNames[issue.basis].en.toLowerCase() : (zhVerb[issue.basis] ?? ChangeBasisNames[issue.basis].zh);
    return rowError(row, "事项编码", "catalogue.import_code_unknown", translate("catalogue.import_code_unknown", locale, { code: issue.code, basis: verb }));
  });
}

/** The request body of an import: rows as read from the file (first row = headers). */
export const ImportRows = z.array(z.array(z.string().max(20_000)).max(64)).min(1).max(5001);
