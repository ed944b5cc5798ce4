/** The menu entries of the clue (线索归集) and campaign (专项整治) pages; the pages carry their own two-language text. Merged in ../i18n.tsx. */
export const zh = {
  "nav.clues": "线索归集",
  "nav.clueTasks": "联合检查任务",
  "nav.campaigns": "专项整治",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "nav.clues": "Clues",
  "nav.clueTasks": "Joint tasks from clues",
  "nav.campaigns": "Special campaigns",
};
