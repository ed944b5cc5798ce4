/** User-facing messages of the assistance module (zh first), merged into core's catalogue in ../i18n.ts. */
export const AssistanceMessages = {
  "assistance.credit_code": { zh: "统一社会信用代码无效：须为 18 位且校验码正确（GB 32100-2015）", en: "Invalid unified social credit code: 18 characters with a correct check character (GB 32100-2015)" },
} as const satisfies Record<string, { zh: string; en: string }>;
