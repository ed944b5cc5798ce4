/** User-facing messages of the 双随机 modules (enforcement, inspector, plan, draw), zh first; merged into core's catalogue in ./index.ts. */
export const DrawsMessages = {
  "enforcement.not_found": { zh: "执法主体不存在", en: "Enforcement body not found" },
  "enforcement.batch_not_found": { zh: "下放批次不存在", en: "Devolution batch not found" },
  "enforcement.department_taken": { zh: "该部门已列入执法主体清单（{name}）", en: "This department is already on the list of enforcement bodies ({name})" },
  "enforcement.township_unknown": { zh: "本县（区）没有编码为 {township} 的乡镇（街道）", en: "No township {township} in this county" },
  "enforcement.township_required": { zh: "乡镇（街道）执法主体须填写乡镇（街道）编码", en: "A township body needs its township code" },
  "enforcement.not_a_body": {
    zh: "{name}不在本级公布的行政执法主体清单中，不得实施检查或处罚",
    en: "{name} is not on this tenant's published list of enforcement bodies and may not inspect or penalise",
  },
  "enforcement.township_outside_items": {
    zh: "{name}只能在县（区）分批下放的事项范围内执法；事项 {items} 未下放给该乡镇（街道）（截至 {date}）",
    en: "{name} acts only within the items its county devolved in batches; {items} were not devolved to it (as of {date})",
  },
  "enforcement.item_not_listed": {
    zh: "清单之外无检查：事项 {items} 不在{name}公布的检查事项清单中",
    en: "No inspection outside the list: {items} are not on the published inspection-item list of {name}",
  },
  "inspector.not_found": { zh: "执法检查人员不存在", en: "Inspector not found" },
  "inspector.not_certified": {
    zh: "{name}不能参与检查：{reason}。只有持有效执法证的执法人员可以被抽取或记录在检查中，网格员、辅助人员和第三方一律不得",
    en: "{name} may not take part in an inspection: {reason}. Only officers holding a valid enforcement certificate may be drawn or recorded; grid workers, auxiliaries and third parties never",
  },
  "inspector.certificate_required": { zh: "执法人员须填写执法证编号和有效期", en: "An officer needs an enforcement certificate number and validity" },
  "inspector.reason.not-officer": { zh: "不是执法人员（{kind}）", en: "not an enforcement officer ({kind})" },
  "inspector.reason.no-certificate": { zh: "没有执法证", en: "holds no enforcement certificate" },
  "inspector.reason.certificate-not-valid": { zh: "执法证在 {on} 不在有效期内", en: "the certificate is not valid on {on}" },
  "inspector.reason.not-qualified": { zh: "不具备事项 {items} 的检查资格", en: "not qualified for {items}" },
  "inspector.reason.conflict": { zh: "与被检查主体有申报的利害关系，应当回避", en: "has a declared conflict with the business and must recuse" },
  "inspector.reason.inactive": { zh: "已停用", en: "inactive" },
  "inspector.reason.wrong-body": { zh: "不属于参与检查的执法主体", en: "does not belong to a body on the inspection" },
  "inspector.too_few": { zh: "每次检查至少需要 {min} 名执法人员", en: "An inspection needs at least {min} officers" },
  "plan.not_found": { zh: "检查计划不存在", en: "Plan not found" },
  "plan.ratio_range": {
    zh: "{grade} 类主体的抽查比例应在 {min}% 至 {max}% 之间（不免抽：不得为 0）",
    en: "The ratio for grade {grade} must be between {min}% and {max}% (nobody is exempt: never 0)",
  },
  "plan.period_order": { zh: "检查期间的结束日期不能早于开始日期", en: "The period cannot end before it starts" },
  "plan.period_year": { zh: "检查期间须在计划年度 {year} 年内", en: "The period must fall within the plan year {year}" },
  "plan.duplicate": { zh: "{name}已报送 {year} 年度检查计划", en: "{name} already filed its plan for {year}" },
  "plan.body_required": { zh: "计划须至少属于一个执法主体", en: "A plan belongs to at least one enforcement body" },
  "plan.cap_reached": {
    zh: "{name}今年对该主体的主动检查已达上限（{count}/{cap} 次）；上级交办的专项检查或案件检查可作为例外并记录",
    en: "{name} has reached this year's cap on proactive inspections of this business ({count}/{cap}); special or case-driven checks ordered from above may be recorded as exceptions",
  },
  "plan.not_your_body": { zh: "只能为本部门所属执法主体报送计划", en: "You may file plans only for your own department's body" },
  "draw.not_found": { zh: "抽查不存在", en: "Draw not found" },
  "draw.already_drawn": { zh: "该抽查已经抽取，结果已公布", en: "This draw has already run and its result is published" },
  "draw.plans_year": { zh: "一次抽查的计划须属于同一年度", en: "The plans of one draw belong to one year" },
  "draw.empty_roster": { zh: "本级市场主体名录为空，无法抽查", en: "The business directory is empty; there is nothing to draw from" },
} as const satisfies Record<string, { zh: string; en: string }>;

/** Audit trail templates of the same modules (see ./audit.ts for the conventions). */
export const DrawsAuditMessages = {
  "audit.action.enforcement.publish_body": { zh: "公布执法主体：{name}", en: "Published enforcement body {name}" },
  "audit.action.enforcement.update_body": { zh: "修改执法主体及其检查事项清单：{name}", en: "Updated enforcement body {name} and its inspection items" },
  "audit.action.enforcement.publish_batch": { zh: "公布分批下放行政处罚权：{title}（{count} 项，{effectiveDate} 起）", en: "Published devolution batch {title} ({count} items from {effectiveDate})" },
  "audit.action.inspector.create": { zh: "登记执法检查人员：{name}", en: "Registered inspector {name}" },
  "audit.action.inspector.update": { zh: "修改执法检查人员：{name}", en: "Updated inspector {name}" },
  "audit.action.plan.file": { zh: "报送 {year} 年度检查计划：{title}", en: "Filed the {year} inspection plan {title}" },
  "audit.action.plan.task": { zh: "创建对 {creditCode} 的检查任务[（例外：{exception}）]", en: "Created a task for {creditCode}[ (exception: {exception})]" },
  "audit.action.draw.commit": { zh: "公布抽查承诺：种子哈希 {seedCommitment}，名单哈希 {listHash}", en: "Published the draw commitment: seed hash {seedCommitment}, list hash {listHash}" },
  "audit.action.draw.run": { zh: "完成抽查并公布种子：{tasks} 个任务，结果哈希 {resultHash}", en: "Ran the draw and published the seed: {tasks} tasks, result hash {resultHash}" },
} as const satisfies Record<string, { zh: string; en: string }>;
