/** The menu entries of the warning (预警) and risk-ranking pages; the pages' own strings load with them (pages/WarningText.ts). Merged in ../i18n.tsx. */
export const zh = {
  "nav.warnings": "预警处置",
  "nav.warningRules": "预警规则",
  "nav.risk": "风险排名",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "nav.warnings": "Warnings",
  "nav.warningRules": "Warning rules",
  "nav.risk": "Risk ranking",
};
