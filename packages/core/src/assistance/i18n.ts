/** User-facing messages of the assistance module (zh first), merged into core's catalogue in ../i18n.ts. */
export const AssistanceMessages = {
} as const satisfies Record<string, { zh: string; en: string }>;
