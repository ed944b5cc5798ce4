/** User-facing messages of the penalty module (zh first), merged into core's catalogue in ./index.ts
 * (after the recognition module's, whose older penalty texts these replace). */
export const PenaltyMessages = {
  "penalty.already_penalised": {
    zh: "该主体的同一违法行为已由{tenant}罚款（决定书文号 {decisionNo}，{date}），依照一事不二罚原则不得再次罚款；警告、没收、吊销许可证件等其他处罚不受此限",
    en: "This act of the party was already fined by {tenant} (decision {decisionNo}, {date}); the same act is not fined twice. Other kinds of penalty (warning, confiscation, licence measures) are not barred",
  },
  "penalty.near_matches": {
    zh: "该主体有 {count} 项相近的罚款（日期重叠或同一事项），可能是同一违法行为：请逐项核对，并在 nearMatchDecision.reason 中填写至少 {min} 个字的判断理由（理由将记录并审计）",
    en: "{count} earlier fines on this party are near matches (overlapping dates or the same item) and may be the same act: review each and give your decision in nearMatchDecision.reason, at least {min} characters (stored and audited)",
  },
  "penalty.near_matches_changed": {
    zh: "相近罚款已有变化（共 {count} 项，其中有您尚未核对的）：请重新核对后再填写判断理由",
    en: "The near matches changed ({count} now, some not yet reviewed by you): review them again and give your decision",
  },
  "penalty.period_order": { zh: "违法行为的结束日期不能早于开始日期", en: "The act's last day cannot be before its first day" },
  "penalty.period_too_long": { zh: "违法行为的持续期间最长 {max} 天", en: "An act's period is at most {max} days" },
  "penalty.conduct_empty": { zh: "请用文字写明违法行为（不能只有标点或空白）", en: "Describe the conduct in words (not only punctuation or spaces)" },
  "penalty.department_required": {
    zh: "您的账号未绑定部门，不能登记行政处罚：处罚属于作出处罚的部门",
    en: "Your account belongs to no department, so it cannot record a penalty: a penalty belongs to the department that decides it",
  },
  "penalty.cursor": { zh: "翻页参数无效：cursor 须为上一页返回的值，limit 为 1–100", en: "Invalid paging: cursor must be the value the previous page returned, limit 1–100" },
  "penalty.amount_required": { zh: "罚款须填写金额", en: "A fine needs an amount" },
  "penalty.not_found": { zh: "处罚记录不存在", en: "Penalty not found" },
} as const satisfies Record<string, { zh: string; en: string }>;
