import type { Context } from "@supervision/core/context";
import { createRoute, z, type Hook, type RouteConfig } from "@hono/zod-openapi";
import type { Permission } from "@supervision/core/auth/roles";
import { VisibleError } from "@supervision/core/error";
import { ZodError } from "zod";
import { requirePermission } from "./auth";
import type { AppEnv } from "./env";

/** Validation failures go through the one error handler, in the user's language
 * (the app's and every lazily mounted group's dispatcher's default hook). */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw result.error instanceof ZodError ? result.error : new VisibleError("request.invalid");
};

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "department.not_found" }),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string() })).optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: "Error" });

const errorResponses = {
  400: { description: "输入有误 / invalid input", content: { "application/json": { schema: ErrorSchema } } },
  401: { description: "未登录 / not signed in", content: { "application/json": { schema: ErrorSchema } } },
  403: { description: "无权限 / forbidden", content: { "application/json": { schema: ErrorSchema } } },
  404: { description: "不存在 / not found", content: { "application/json": { schema: ErrorSchema } } },
};

/** A route that needs a signed-in user with one permission. The permission is
 * enforced by middleware and published in the OpenAPI document as
 * `x-permission`, which the generic isolation test reads. */
export function protectedRoute<const R extends Omit<RouteConfig, "security" | "middleware">>(permission: Permission, config: R) {
  return createRoute({
    ...config,
    security: [{ bearer: [] }],
    middleware: requirePermission(permission),
    "x-permission": permission,
    responses: { ...errorResponses, ...config.responses } as R["responses"],
  });
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

/** A public page of one tenant's published data (its enforcement bodies, its
 * draws), named in the path: the unit of work reads as that tenant, so in the
 * cloud its reads are signed with credentials limited to that tenant's
 * partitions, whoever asks. */
export function publicOf(ctx: Context, tenantId: string): Context {
  return { ...ctx, tenantId };
}
