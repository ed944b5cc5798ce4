/** Messages of bulk assignment and the assignment spreadsheet, zh first; merged into core's catalogue in ./index.ts. */
export const AssignmentMessages = {
  "assignment.bulk_duplicate_code": { zh: "事项 {code} 在本次批量落实中出现了不止一次", en: "Item {code} appears more than once in this bulk change" },
  "assignment.stale": { zh: "事项 {code} 的属地责任已被他人修改，请刷新后重试", en: "Someone else changed the assignment of item {code}; reload and try again" },
  "assignment.import_invalid": { zh: "属地责任表有 {count} 处错误，未保存任何内容", en: "The assignment sheet has {count} errors; nothing was saved" },
  "assignment.sheet_unknown_column": { zh: "未知的列“{column}”", en: "Unknown column \"{column}\"" },
  "assignment.sheet_duplicate_column": { zh: "列“{column}”出现了不止一次", en: "Column \"{column}\" appears more than once" },
  "assignment.sheet_missing_column": { zh: "缺少列“{column}”", en: "Column \"{column}\" is missing" },
  "assignment.sheet_required": { zh: "“{column}”不能为空", en: "\"{column}\" is required" },
  "assignment.sheet_too_long": { zh: "“{column}”最多 {max} 个字", en: "\"{column}\" takes at most {max} characters" },
  "assignment.sheet_too_many": { zh: "“{column}”最多 {max} 个部门", en: "\"{column}\" takes at most {max} departments" },
  "assignment.sheet_duplicate_code": { zh: "事项 {code} 已在第 {first} 行出现", en: "Item {code} is already on row {first}" },
  "assignment.sheet_department_unknown": { zh: "“{name}”不是本级在用部门的名称", en: "\"{name}\" is not the name of an active department here" },
  "assignment.sheet_version_invalid": { zh: "版本“{value}”不是正整数", en: "Version \"{value}\" is not a positive whole number" },
  "assignment.sheet_stale": { zh: "事项 {code} 的属地责任在导出后已被他人修改，请重新导出", en: "The assignment of item {code} changed after the export; export again" },
} as const satisfies Record<string, { zh: string; en: string }>;

/** Audit texts of bulk assignment. */
export const AssignmentAuditMessages = {
  "audit.action.assignment.bulk": {
    zh: "批量落实属地监管责任 {count} 项（新增 {created}、修改 {updated}{via}），Merkle 根 {root}",
    en: "Assigned local responsibility for {count} items in bulk ({created} new, {updated} changed{via}); Merkle root {root}",
  },
  "audit.value.assignment.via.import": { zh: "，来自表格导入", en: ", from a spreadsheet" },
  "audit.value.assignment.via.bulk": { zh: "", en: "" },
} as const satisfies Record<string, { zh: string; en: string }>;
