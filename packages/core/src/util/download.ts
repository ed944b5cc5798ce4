/** What a download is served as. The uploader's content type is never echoed:
 * a file declared `text/html` or `image/svg+xml` would run script in the
 * portal's origin. Only types on this list are served as themselves, and only
 * the ones a browser shows without running anything are shown inline; every
 * other file is `application/octet-stream` and saved. Pure, browser-safe. */

/** Served as themselves; `inline` ones may be previewed in the browser. */
const Allowed: Record<string, { inline: boolean }> = {
  "application/pdf": { inline: true },
  "image/png": { inline: true },
  "image/jpeg": { inline: true },
  "image/gif": { inline: true },
  "image/webp": { inline: true },
  "text/plain": { inline: true },
  "text/csv": { inline: false },
  "application/zip": { inline: false },
  "application/msword": { inline: false },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { inline: false },
  "application/vnd.ms-excel": { inline: false },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { inline: false },
  "application/ofd": { inline: false },
};

/** The type to serve for what an uploader declared: its bare media type when
 * allowed (text gets an explicit UTF-8 charset), else octet-stream. */
export function safeContentType(declared: string | undefined): { type: string; inline: boolean } {
  const bare = (declared ?? "").split(";")[0]!.trim().toLowerCase();
  const rule = Allowed[bare];
  if (!rule) return { type: "application/octet-stream", inline: false };
  return { type: bare.startsWith("text/") ? `${bare}; charset=utf-8` : bare, inline: rule.inline };
}

/** Response headers for a stored file: safe type, `attachment` unless
 * previewable, `nosniff` always, and a sandbox so that even a previewed file
 * can run nothing. The name is RFC 5987-encoded (any Unicode, 𠮷 included),
 * with an ASCII fallback for old clients. */
export function downloadHeaders(file: { name: string; contentType?: string }): Record<string, string> {
  const { type, inline } = safeContentType(file.contentType);
  const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return {
    "content-type": type,
    "content-disposition": `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    "cache-control": "private, no-store",
  };
}
