import { withContext, type Actor } from "@supervision/core/context";
import { VisibleError } from "@supervision/core/error";
import { can, Role, type Permission } from "@supervision/core/auth/roles";
import { Department } from "@supervision/core/department/index";
import { Tenant } from "@supervision/core/tenant/index";
import { createMiddleware } from "hono/factory";
import { createRemoteJWKSet, errors as JoseErrors, jwtVerify, type JWTVerifyGetKey } from "jose";
import * as z from "zod";
import { useApiConfig } from "./config";
import type { AppEnv } from "./env";

/** Claims we read from a verified token. The tenant and role come only from here. */
const Claims = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  tenant_id: z.string().regex(/^\d{6}$/),
  role: Role,
  department_id: z.string().optional(),
  /** Set on client-credentials tokens (the province's systems). */
  client_id: z.string().optional(),
  /** Required: a token that never expires is refused. */
  exp: z.number(),
});

let jwks: { url: string; get: JWTVerifyGetKey } | undefined;
const KEYS_TIMEOUT_MS = 10_000;

/** The issuer's keys could not be fetched: our side failed, not the token.
 * A 503 (try again) and never a 401, which would sign a valid user out. */
const keysUnavailable = () => new VisibleError("auth.keys_unavailable", {}, 503);

async function keySet(): Promise<JWTVerifyGetKey> {
  const config = useApiConfig();
  let url = config.OIDC_JWKS_URL;
  if (!url) {
    if (jwks) return jwks.get;
    try {
      const discovery = await fetch(new URL(".well-known/openid-configuration", config.OIDC_ISSUER.replace(/\/?$/, "/")), { signal: AbortSignal.timeout(KEYS_TIMEOUT_MS) });
      url = z.object({ jwks_uri: z.url() }).parse(await discovery.json()).jwks_uri;
    } catch {
      throw keysUnavailable();
    }
  }
  if (!jwks || jwks.url !== url) jwks = { url, get: createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, timeoutDuration: KEYS_TIMEOUT_MS }) };
  return jwks.get;
}

export function resetKeySet() {
  jwks = undefined;
  verified.clear();
}

/** Tokens already verified, until they expire: a signature check is the
 * largest cost of an authenticated request, and the same token comes back
 * with every request of a session. Keyed by the whole token, so an altered
 * token is never found here. */
const verified = new Map<string, { actor: Actor; exp: number }>();
const MAX_VERIFIED = 5000;

export async function verifyToken(token: string): Promise<Actor> {
  const hit = verified.get(token);
  if (hit) {
    if (hit.exp * 1000 > Date.now()) return hit.actor;
    verified.delete(token);
  }
  const { actor, exp } = await verifyUncached(token);
  await roleFits(actor);
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  verified.set(token, { actor, exp });
  return actor;
}

async function verifyUncached(token: string): Promise<{ actor: Actor; exp: number }> {
  const config = useApiConfig();
  const keys = await keySet();
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: config.OIDC_ISSUER,
      audience: config.OIDC_AUDIENCE,
      algorithms: ["RS256", "ES256"],
      requiredClaims: ["exp"],
    });
    const claims = Claims.parse(payload);
    if (!Tenant.exists(claims.tenant_id)) throw new Error("unknown tenant");
    const actor: Actor = claims.client_id
      ? { type: "machine", clientId: claims.client_id, tenantId: claims.tenant_id, role: claims.role }
      : {
          type: "user",
          userId: claims.sub,
          name: claims.name ?? claims.sub,
          tenantId: claims.tenant_id,
          role: claims.role,
          departmentId: claims.department_id,
        };
    return { actor, exp: claims.exp };
  } catch (err) {
    if (err instanceof JoseErrors.JWKSTimeout || (err instanceof TypeError && /fetch/i.test(err.message))) throw keysUnavailable();
    // Never say why: an attacker learns nothing from the answer.
    throw new VisibleError("auth.invalid_token", {}, 401);
  }
}

/** A role is held at a level and, for judicial liaisons, in an organ: a
 * province-admin role on a county's token, or a judicial role whose
 * department is no police or procuratorate of that tenant, is refused here,
 * once per token, before any route runs. */
async function roleFits(actor: Actor): Promise<void> {
  if (actor.type === "system") return;
  const tenant = Tenant.mustGet(actor.tenantId);
  const levels = RoleLevels[actor.role];
  if (!levels.includes(tenant.level)) {
    throw new VisibleError("auth.role_not_at_level", { role: actor.role, tenantId: tenant.id, tenantName: tenant.name, level: tenant.level }, 403);
  }
  if (actor.role === "judicial") {
    const departmentId = actor.type === "user" ? actor.departmentId : undefined;
    const department = departmentId
      ? await withContext({ actor: { type: "system", reason: "token check" }, tenantId: actor.tenantId, requestId: "auth", locale: "zh-CN" }, () => Department.find(departmentId))
      : undefined;
    if (!department || department.status !== "active" || !JUDICIAL_ORGANS.includes(department.type)) {
      throw new VisibleError("auth.role_without_organ", { role: actor.role }, 403);
    }
  }
}

/** Where each role may be held (DESIGN §3): the province's office only at the province. */
const RoleLevels: Record<Role, readonly ("province" | "city" | "county")[]> = {
  "source-system": ["province", "city", "county"],
  "province-admin": ["province"],
  "tenant-admin": ["province", "city", "county"],
  officer: ["province", "city", "county"],
  inspector: ["province", "city", "county"],
  auditor: ["province", "city", "county"],
  judicial: ["province", "city", "county"],
};
const JUDICIAL_ORGANS = ["public-security", "procuratorate"];

/** Verify the bearer token and run the rest of the request in its context. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw new VisibleError("auth.missing_token", {}, 401);
  const actor = await verifyToken(match[1]!);
  const ctx = { ...c.var.ctx, actor, tenantId: actor.type === "system" ? undefined : actor.tenantId };
  c.set("ctx", ctx);
  await withContext(ctx, () => next());
});

export function requirePermission(permission: Permission) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const actor = c.var.ctx.actor;
    if (actor.type === "system" || !can(actor.role, permission)) {
      throw new VisibleError("auth.forbidden", { role: actor.type === "system" ? "system" : actor.role, permission }, 403);
    }
    await next();
  });
}
