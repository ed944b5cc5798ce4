import type { MessageCode } from "./i18n/index";

const STATUS: Record<string, number> = {
  auth: 401,
  request: 400,
  server: 500,
};

/** An error a user may see: a dotted code (`department.not_found`), the HTTP
 * status it maps to, and parameters for the message. The text itself is looked
 * up in the user's language when the error is shown. */
export class VisibleError extends Error {
  readonly status: number;
  constructor(
    public readonly code: MessageCode,
    public readonly params: Record<string, unknown> = {},
    status?: number,
    public readonly details?: unknown,
  ) {
    super(code);
    this.status = status ?? inferStatus(code);
  }
}

function inferStatus(code: string): number {
  if (code.endsWith("not_found")) return 404;
  if (code === "auth.forbidden") return 403;
  if (code === "request.conflict") return 409;
  if (code === "request.too_large") return 413;
  return STATUS[code.split(".")[0]!] ?? 400;
}

export class NotFoundError extends VisibleError {
  constructor(code: MessageCode = "request.not_found") {
    super(code, {}, 404);
  }
}

export class ConflictError extends VisibleError {
  constructor(code: MessageCode = "request.conflict", params: Record<string, unknown> = {}) {
    super(code, params, 409);
  }
}
