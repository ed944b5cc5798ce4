/** User-facing messages of the recognition module (zh first), merged into core's catalogue in ./index.ts. */
export const RecognitionMessages = {
  "recognition.date_format": { zh: "日期格式应为 YYYY-MM-DD", en: "Dates are written YYYY-MM-DD" },
  "recognition.valid_days_required": { zh: "结果设为互认时必须填写互认有效天数", en: "A recognisable result needs the number of days it stays valid" },
  "recognition.valid_days_max": { zh: "互认有效期最长 {max} 天", en: "A result may be recognised for at most {max} days" },
  "inspection.duplicate_recognised": {
    zh: "该主体的这些事项已有互认有效的检查结果（{results}），不应重复检查；如确需检查，请填写至少 {min} 个字的理由",
    en: "Results recognised province-wide still cover this entity and these items ({results}); to inspect again anyway, give a reason of at least {min} characters",
  },
  "inspection.department_required": { zh: "请至少选择一个参与检查的部门", en: "Choose at least one department for the visit" },
  "inspection.department_unknown": { zh: "本级没有编号为 {departmentId} 的部门", en: "No department {departmentId} in this tenant" },
  "inspection.not_found": { zh: "检查任务不存在", en: "Inspection not found" },
  "inspection.already_closed": { zh: "该检查任务已办结", en: "This inspection is already closed" },
  "penalty.already_penalised": {
    zh: "同一违法事实已由{tenant}作出处罚（决定书文号 {decisionNo}，{date}），依照一事不二罚原则不得再次处罚",
    en: "This violation fact was already penalised by {tenant} (decision {decisionNo}, {date}); the same act is not penalised twice",
  },
  "penalty.amount_required": { zh: "罚款须填写金额", en: "A fine needs an amount" },
  "penalty.not_found": { zh: "处罚记录不存在", en: "Penalty not found" },
} as const satisfies Record<string, { zh: string; en: string }>;
