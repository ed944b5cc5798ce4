/** UI strings of the catalogue pages, Simplified Chinese first; English keys must match. Merged in ../i18n.tsx. */
export const zh = {
} as const;

export const en: Record<keyof typeof zh, string> = {
};
