/** User-facing messages of the dispute module (zh first), merged into core's catalogue in ../i18n.ts. */
export const DisputeMessages = {
} as const satisfies Record<string, { zh: string; en: string }>;
