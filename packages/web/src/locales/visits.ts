/** The menu entry of the visit pages (综合查一次); the pages' own strings load with them (pages/VisitText.tsx). Merged in ../i18n.tsx. */
export const zh = {
  "nav.visits": "综合查一次",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "nav.visits": "Joint visits",
};
