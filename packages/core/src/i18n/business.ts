/** User-facing messages of the business directory and credit grades (zh first), merged into core's catalogue in ./index.ts. */
export const BusinessMessages = {
  "business.not_found": { zh: "本级名录库中没有该市场主体", en: "No such business in this directory" },
  "business.type_unknown": { zh: "主体类型应为公司、个体工商户、农民专业合作社、合伙企业、个人独资企业、分支机构或其他", en: "Type must be company, sole trader, cooperative, partnership, sole proprietorship, branch or other" },
  "business.industry_unknown": { zh: "未知行业：{value}", en: "Unknown industry: {value}" },
  "business.township_unknown": { zh: "本级没有该乡镇（街道）：{value}", en: "No such township in this county: {value}" },
  "business.licence_format": { zh: "许可证应写作“种类:编号[:有效期至 YYYY-MM-DD]”，多个用“；”分隔", en: "Licences are written kind:number[:valid-until YYYY-MM-DD], separated by ;" },
  "business.grade_format": { zh: "信用等级应为 A、B、C、D 之一", en: "Grade must be one of A, B, C, D" },
  "business.date_format": { zh: "日期格式应为 YYYY-MM-DD", en: "Dates are written YYYY-MM-DD" },
  "business.duplicate_row": { zh: "与第 {row} 行的统一社会信用代码重复，本行未导入", en: "Same credit code as row {row}; this row was not imported" },
  "business.search_too_short": { zh: "查找内容只有标点或空格：请输入名称、住所或统一社会信用代码中的文字", en: "The query holds only punctuation or spaces: type words of a name or address, or a credit code" },
  "business.import_not_found": { zh: "导入批次不存在", en: "Import not found" },
  "business.import_closed": { zh: "该导入批次已完成，不能再追加", en: "This import is finished; no more rows can be added" },
  "business.import_incomplete": { zh: "导入批次缺少第 {missing} 段，请重新上传后再完成", en: "Chunk {missing} of this import is missing; upload it again, then finish" },
  "business.header_missing": { zh: "缺少必填列：{columns}", en: "Required columns missing: {columns}" },
  "credit.scoring_invalid": { zh: "评分规则有误：{reason}", en: "Invalid scoring rules: {reason}" },
  "credit.record_kind": { zh: "信用记录类型不正确", en: "Unknown kind of credit record" },
} as const satisfies Record<string, { zh: string; en: string }>;

/** The trail's texts of the directory's and credit's actions (merged into ./audit.ts). */
export const BusinessAuditMessages = {
  "audit.action.business.import": {
    zh: "导入市场主体名录 {rows} 行（新增 {created}，更新 {updated}，未变 {unchanged}，错误 {errors}；Merkle 根 {root}）",
    en: "Imported {rows} directory rows ({created} new, {updated} updated, {unchanged} unchanged, {errors} errors; Merkle root {root})",
  },
  "audit.action.business.roster-rebuild": {
    zh: "按名录记录重建分级名单（{records} 户；补入 {added}，移出 {removed}；Merkle 根 {movesRoot}）",
    en: "Rebuilt the grade rosters from the records ({records} businesses; {added} added, {removed} removed; Merkle root {movesRoot})",
  },
  "audit.action.business.grade": { zh: "{name}（{creditCode}）信用风险分类由 {from} 类调整为 {grade} 类（{source}）", en: "{name} ({creditCode}) regraded from {from} to {grade} ({source})" },
  "audit.action.credit.record": { zh: "记录 {creditCode} 的信用记录（{kind}）", en: "Recorded a credit record ({kind}) for {creditCode}" },
  "audit.action.credit.scoring": { zh: "发布信用风险分类评分规则第 {version} 版", en: "Published version {version} of the credit scoring rules" },
} as const satisfies Record<string, { zh: string; en: string }>;
