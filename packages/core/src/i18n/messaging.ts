/** Messages of the plumbing: the outbox (stalled messages) and the audit chain (verify, anchors). Zh first. */
export const MessagingMessages = {
  "outbox.cursor_invalid": { zh: "游标无效：请使用上一页返回的游标", en: "Invalid cursor: use the cursor the previous page returned" },
  "outbox.stalled_not_found": { zh: "该消息不存在或未处于停滞状态", en: "No such stalled message" },
  "audit.cursor_invalid": { zh: "游标无效：请使用上一页或上一段校验返回的游标", en: "Invalid cursor: use the cursor the previous page or verification returned" },
} as const satisfies Record<string, { zh: string; en: string }>;

/** The trail's texts of the plumbing's own actions (merged into i18n/audit.ts). */
export const MessagingAuditMessages = {
  "audit.action.audit.anchor": { zh: "向{to}报送审计链头（第 {seq} 条）", en: "Anchored the audit chain head (event {seq}) with {to}" },
  "audit.action.audit.anchor.receive": { zh: "保存{from}的审计链头（第 {seq} 条）", en: "Kept the audit chain head of {from} (event {seq})" },
  "audit.action.outbox.retry": { zh: "重新发送停滞的消息（{type}，发往{to}）", en: "Resent a stalled message ({type}, to {to})" },
  "audit.action.assignment.mark-changed": {
    zh: "按清单第 {version} 版标记 {count} 条属地责任待复核（默克尔根 {merkleRoot}）",
    en: "Marked {count} responsibilities for review after catalogue version {version} (Merkle root {merkleRoot})",
  },
} as const satisfies Record<string, { zh: string; en: string }>;
