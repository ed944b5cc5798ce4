/** The menu entries of 一公开 and the indicators; the pages' own strings load with them (pages/DisclosureText.ts). Merged in ../i18n.tsx. */
export const zh = {
  "nav.disclosures": "结果公示与异议",
  "nav.indicators": "监管指标",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "nav.disclosures": "Publication and objections",
  "nav.indicators": "Indicators",
};
