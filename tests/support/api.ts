import { serve } from "@hono/node-server";
import { resetApiConfig } from "../../packages/functions/src/api/config";
import { resetKeySet } from "../../packages/functions/src/api/auth";
import { createIssuer, type Issuer } from "../../packages/functions/src/local/issuer";
import { freePort } from "../../packages/functions/src/local/services";
import { Department } from "../../packages/core/src/department/index";
import type { Role } from "../../packages/core/src/auth/roles";

/** A built-in issuer on a loopback port and the API app called in process. */
export async function startTestApi() {
  const port = await freePort();
  const issuerUrl = `http://127.0.0.1:${port}/oidc`;
  const issuer = await createIssuer({ issuer: issuerUrl, audience: "supervision" });
  const { Hono } = await import("hono");
  const root = new Hono().route("/oidc", issuer.app);
  const server = serve({ fetch: root.fetch, port, hostname: "127.0.0.1" });
  process.env.OIDC_ISSUER = issuerUrl;
  process.env.OIDC_AUDIENCE = "supervision";
  resetApiConfig();
  resetKeySet();
  const { app } = await import("../../packages/functions/src/api/app");

  const tokenFor = (tenantId: string, role: Role, extra: Record<string, unknown> = {}) =>
    issuer.sign({
      sub: `usr_test_${tenantId}_${role}`,
      name: `测试用户 ${tenantId} ${role}`,
      tenant_id: tenantId,
      role,
      department_id: Department.standardId(tenantId, "market"),
      ...extra,
    });

  async function call(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) {
    const res = await app.request(`/api${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined || options.rawBody !== undefined ? { "content-type": "application/json" } : {}),
        ...options.headers,
      },
      body: options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  return {
    app,
    issuer,
    issuerUrl,
    tokenFor,
    call,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type TestApi = Awaited<ReturnType<typeof startTestApi>>;
