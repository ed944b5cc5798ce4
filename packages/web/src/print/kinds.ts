/** The printable documents (core document/ module), their names in both languages. */
export const DocumentKinds = {
  "assistance-letter": { zh: "协助函", en: "assistance letter" },
  "supervision-letter": { zh: "督办函", en: "supervision letter" },
  "dispute-ruling": { zh: "争议裁定书", en: "dispute ruling" },
  "case-transfer": { zh: "案件移送书", en: "case transfer" },
  "inspection-notice": { zh: "检查通知书", en: "inspection notice" },
} as const;
export type DocumentKind = keyof typeof DocumentKinds;
