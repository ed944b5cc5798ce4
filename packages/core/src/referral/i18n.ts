/** User-facing messages of the referral module (zh first), merged into core's catalogue in ../i18n.ts. */
export const ReferralMessages = {
} as const satisfies Record<string, { zh: string; en: string }>;
