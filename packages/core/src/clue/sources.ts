/** 线索来源: every source the work plan names (三(一)), with names in both
 * languages. Plain data with no imports, so the portal shows them without core. */

export const Sources = [
  "hotline-12345",
  "association",
  "media",
  "department",
  "sensor",
  "video",
  "online-shop",
  "campaign",
] as const;
export type Source = (typeof Sources)[number];

/** Sources a machine client may push (a campaign's clues are raised in the platform itself). */
export const MachineSources = ["hotline-12345", "association", "media", "department", "sensor", "video", "online-shop"] as const satisfies readonly Source[];

export const SourceNames: Record<Source, { zh: string; en: string; group: "report" | "work" | "monitoring" | "campaign" }> = {
  "hotline-12345": { zh: "12345 政务服务便民热线", en: "12345 hotline", group: "report" },
  association: { zh: "行业协会", en: "Industry association", group: "report" },
  media: { zh: "新闻媒体", en: "News media", group: "report" },
  department: { zh: "部门日常监管", en: "Department's own work", group: "work" },
  sensor: { zh: "非现场监管·物联感知", en: "Non-site monitoring: sensors", group: "monitoring" },
  video: { zh: "非现场监管·视频分析", en: "Non-site monitoring: video analysis", group: "monitoring" },
  "online-shop": { zh: "非现场监管·网店监测", en: "Non-site monitoring: online shops", group: "monitoring" },
  campaign: { zh: "专项整治", en: "Special campaign", group: "campaign" },
};

export const ClueStatuses = ["unmatched", "tasked"] as const;
export type ClueStatus = (typeof ClueStatuses)[number];
export const ClueStatusNames: Record<ClueStatus, { zh: string; en: string }> = {
  unmatched: { zh: "待匹配主体", en: "Business not matched" },
  tasked: { zh: "已归入任务", en: "In a joint task" },
};

export const TaskStatuses = ["open", "scheduled"] as const;
export type TaskStatus = (typeof TaskStatuses)[number];
export const TaskStatusNames: Record<TaskStatus, { zh: string; en: string }> = {
  open: { zh: "归集中", en: "Open (collecting clues)" },
  scheduled: { zh: "已安排检查", en: "Scheduled" },
};

/** The intake contract's version (POST /api/clues/intake `contractVersion`). */
export const CONTRACT_VERSION = "1";
/** Clues in one intake request. */
export const MAX_BATCH = 100;
