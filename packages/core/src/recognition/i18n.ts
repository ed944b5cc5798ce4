/** User-facing messages of the recognition module (zh first), merged into core's catalogue in ../i18n.ts. */
export const RecognitionMessages = {
} as const satisfies Record<string, { zh: string; en: string }>;
