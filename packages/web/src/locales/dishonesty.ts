/** The menu entry of the severe-dishonesty pages; the pages' own strings load with them (pages/DishonestyText.tsx). Merged in ../i18n.tsx. */
export const zh = {
  "nav.dishonesty": "严重失信名单",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "nav.dishonesty": "Severe-dishonesty list",
};
