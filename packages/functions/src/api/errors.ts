import { VisibleError } from "@supervision/core/error";
import { describeZodIssues, translate, type Locale } from "@supervision/core/i18n/index";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import type { AppEnv } from "./env";

/** The one place errors become responses: `{ error: { code, message, details, requestId } }`. */
export function handleError(err: unknown, c: Context<AppEnv>) {
  const locale = c.var.locale ?? "zh-CN";
  const requestId = c.var.requestId ?? "unknown";
  const body = (status: number, code: string, params: Record<string, unknown> = {}, details?: unknown) => {
    // The rest of an oversized body is never read, so the connection cannot carry another request:
    // say so, and a keep-alive client opens a new one instead of failing on this one.
    if (status === 413) c.header("connection", "close");
    return c.json({ error: { code, message: translate(code, locale, { ...params, requestId }), details: localised(details, locale), requestId } }, status as 400);
  };

  // A public POST over its rate limit (public-limit.ts) says when to come back.
  if (err instanceof VisibleError && err.status === 429 && "retryAfter" in err) c.header("Retry-After", String(err.retryAfter));
  if (err instanceof VisibleError) return body(err.status, err.code, err.params, err.details);
  if (err instanceof ZodError) return body(400, "request.invalid", {}, describeZodIssues(err, locale));
  if (err instanceof HTTPException) {
    if (err.status === 413) return body(413, "request.too_large", { limit: "1 MB" });
    if (err.status === 400) return body(400, "request.invalid_json");
    if (err.status === 401) return body(401, "auth.missing_token");
    if (err.status === 404) return body(404, "request.not_found");
  }
  console.error(JSON.stringify({ level: "error", requestId, error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err) }));
  return body(500, "server.internal");
}

/** Field details raised in core without a message (`fieldError` in util) get
 * theirs here, in the reader's language: the field, the rule, and what it means. */
function localised(details: unknown, locale: Locale): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((d) =>
    d && typeof d === "object" && "rule" in d && !("message" in d && (d as { message?: unknown }).message)
      ? { field: (d as { field?: string }).field ?? "(body)", rule: (d as { rule: string }).rule, message: translate((d as { rule: string }).rule, locale, (d as { params?: Record<string, unknown> }).params ?? {}) }
      : d,
  );
}
