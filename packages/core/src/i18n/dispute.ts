/** User-facing messages of the dispute module (zh first), merged into core's catalogue in ./index.ts. */
export const DisputeMessages = {
  "dispute.not_found": { zh: "监管职责争议不存在", en: "Dispute not found" },
  "dispute.step_not_allowed": {
    zh: "争议当前处于“{stateZh}”状态，不能“{stepZh}”（{state} → {step}）",
    en: "The dispute is {stateEn}: it cannot {stepEn} now ({state} → {step})",
  },
  "dispute.not_your_step": { zh: "只有{rolesZh}可以“{stepZh}”", en: "Only {rolesEn} may {stepEn}" },
  "dispute.item_or_subject": { zh: "须填写争议事项编码或新业态名称（二选一）", en: "Give either the item code or the subject (a new industry), not both" },
  "dispute.unknown_item": { zh: "事项 {code} 不在本级现行监管事项清单中", en: "Item {code} is not in force in this region's catalogue" },
  "dispute.too_few_departments": {
    zh: "须列明至少两个相关部门（无部门认领时至少一个）",
    en: "Name at least two departments (at least one when no department claims it)",
  },
  "dispute.department_unknown": { zh: "该部门不属于本级或已停用", en: "This department is not an active department of this region" },
  "dispute.arbiter_is_party": { zh: "机构编制委员会办公室是裁定方，不能作为争议一方或牵头发起部门", en: "The establishment office arbitrates: it cannot be a party or the host" },
  "dispute.no_department": { zh: "您的账号未绑定部门，须指定牵头发起部门", en: "Your account belongs to no department: name the host department" },
  "dispute.host_not_allowed": { zh: "牵头发起部门须为本人所在部门或争议相关部门之一", en: "The host must be your own department or one of the departments concerned" },
  "dispute.lead_not_party": { zh: "协商确定的牵头部门须为争议相关部门之一", en: "An agreed lead department must be one of the departments concerned" },
  "dispute.already_accepted": { zh: "本部门已同意该协商意见", en: "Your department has already accepted this agreement" },
} as const satisfies Record<string, { zh: string; en: string }>;
