import { OpenAPIHono, z } from "@hono/zod-openapi";
import { permissionsOf, RoleNames } from "@supervision/core/auth/roles";
import { useActor } from "@supervision/core/context";
import { Tenant } from "@supervision/core/tenant/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Me = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(["user", "machine"]),
    role: z.string(),
    roleName: z.object({ zh: z.string(), en: z.string() }),
    permissions: z.array(z.string()),
    departmentId: z.string().nullable(),
    tenant: Tenant.Info,
  })
  .meta({ id: "Me" });

export const me = new OpenAPIHono<AppEnv>().openapi(
  protectedRoute("tenant.read", {
    method: "get",
    path: "/",
    summary: "当前用户 / who am I",
    tags: ["me"],
    responses: { 200: json(Me, "当前用户") },
  }),
  (c) => {
    const actor = useActor();
    if (actor.type === "system") throw new Error("system actor on the API");
    return c.json(
      {
        id: actor.type === "user" ? actor.userId : actor.clientId,
        name: actor.type === "user" ? actor.name : actor.clientId,
        kind: actor.type,
        role: actor.role,
        roleName: RoleNames[actor.role],
        permissions: permissionsOf(actor.role),
        departmentId: actor.type === "user" ? (actor.departmentId ?? null) : null,
        tenant: Tenant.current(),
      },
      200,
    );
  },
);
