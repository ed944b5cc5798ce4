/** UI strings of issue 15's tables, assignments at county speed and text fixes. Chinese first; English keys must match. Merged in ../i18n.tsx. */
export const zh = {
  "ist.itemPickHint": "从本级现行清单中选择，可输入编码或名称搜索",
  "ist.itemPickRequired": "请选择至少一个监管事项",
  "ist.datePickHint": "北京时间，不早于今天",
  "ist.datePickRequired": "请选择计划检查日期",
};

export const en: Record<keyof typeof zh, string> = {
  "ist.itemPickHint": "Pick from the catalogue in force; type a code or name to search",
  "ist.itemPickRequired": "Pick at least one supervision item",
  "ist.datePickHint": "Beijing time, today or later",
  "ist.datePickRequired": "Pick the planned date",
};
