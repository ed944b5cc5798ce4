/** Messages of evidence files, dashboards and printable documents (zh first), merged into core's catalogue in ./index.ts. */
export const EvidenceMessages = {
  "evidence.too_large": { zh: "文件超过每个 {limit} 的上限（本文件 {size} 字节）", en: "The file is over the {limit} limit per file ({size} bytes)" },
  "evidence.data": { zh: "文件内容（data）必须是非空的 Base64 编码文件内容", en: "File data must be the file's bytes, non-empty and base64-encoded" },
  "evidence.hash": { zh: "哈希须为 64 位小写十六进制 SHA-256", en: "The hash must be a 64-character lowercase hexadecimal SHA-256" },
  "evidence.not_found": { zh: "该案件的证据清单中没有此文件，或无权查看", en: "This case's evidence list has no such file, or you may not see it" },
  "evidence.not_uploaded": { zh: "该证据只登记了哈希，文件未上传到平台", en: "Only this evidence's hash was recorded; the file was not uploaded" },
  "evidence.hash_mismatch": { zh: "文件 {hash} 的内容与其哈希不符，已拒绝提供，请联系管理员", en: "The stored bytes of {hash} do not match its hash and were not served; contact the administrator" },
  "dashboard.range": { zh: "时间范围无效：须为 YYYY-MM 格式的起止月份，起始不晚于截止，跨度不超过 {months} 个月", en: "Invalid range: from and to are months (YYYY-MM), from not after to, at most {months} months apart" },
  "dashboard.scope": { zh: "只能查看本级或本级下属的行政区划（{tenantId} 不在其中）", en: "You may look only at your own tenant or those below it ({tenantId} is not)" },
  "document.not_ready": { zh: "该记录尚不能出具{kind}：{reason}", en: "This record cannot yet produce a {kind}: {reason}" },
} as const satisfies Record<string, { zh: string; en: string }>;
