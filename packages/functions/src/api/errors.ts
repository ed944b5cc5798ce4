import { VisibleError } from "@supervision/core/error";
import { describeZodIssues, translate } from "@supervision/core/i18n/index";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import type { AppEnv } from "./env";

/** The one place errors become responses: `{ error: { code, message, details, requestId } }`. */
export function handleError(err: unknown, c: Context<AppEnv>) {
  const locale = c.var.locale ?? "zh-CN";
  const requestId = c.var.requestId ?? "unknown";
  const body = (status: number, code: string, params: Record<string, unknown> = {}, details?: unknown) =>
    c.json({ error: { code, message: translate(code, locale, { ...params, requestId }), details, requestId } }, status as 400);

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
