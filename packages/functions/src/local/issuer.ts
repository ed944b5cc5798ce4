import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { translate, parseAcceptLanguage } from "@supervision/core/i18n/index";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { DEMO_PASSWORD, DemoAccounts, DemoClients, departmentIdOf } from "./demo-accounts";

/** A built-in OIDC issuer for local mode: discovery, JWKS and a token
 * endpoint (password grant for the demo accounts, client credentials for the
 * province's systems). Production uses the province's unified sign-on. */
export interface Issuer {
  app: Hono;
  issuer: string;
  sign(claims: Record<string, unknown>, options?: { expiresIn?: string | number; audience?: string }): Promise<string>;
  publicJwk: JWK;
}

export async function createIssuer(options: { issuer: string; audience: string; keyFile?: string; tokenTtlSeconds?: number }): Promise<Issuer> {
  const { privateJwk, publicJwk } = await loadOrCreateKeys(options.keyFile);
  const key = await importJWK(privateJwk, "RS256");
  const ttl = options.tokenTtlSeconds ?? 8 * 3600;

  const sign: Issuer["sign"] = async (claims, o = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: publicJwk.kid })
      .setIssuer(options.issuer)
      .setAudience(o.audience ?? options.audience)
      .setIssuedAt()
      .setExpirationTime(o.expiresIn ?? `${ttl}s`)
      .sign(key);

  const app = new Hono();
  app.use("*", cors());
  app.get("/.well-known/openid-configuration", (c) =>
    c.json({
      issuer: options.issuer,
      jwks_uri: `${options.issuer}/jwks.json`,
      token_endpoint: `${options.issuer}/token`,
      grant_types_supported: ["password", "client_credentials"],
      id_token_signing_alg_values_supported: ["RS256"],
    }),
  );
  app.get("/jwks.json", (c) => c.json({ keys: [publicJwk] }));
  app.get("/accounts", (c) =>
    c.json(DemoAccounts.map((a) => ({ username: a.username, name: a.name, tenantId: a.tenantId, role: a.role }))),
  );
  app.post("/token", async (c) => {
    const locale = parseAcceptLanguage(c.req.header("accept-language"));
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, string>);
    const field = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : "");
    const grant = field("grant_type");
    const fail = (code: string, status: 400 | 401, params: Record<string, unknown> = {}) =>
      c.json({ error: code === "auth.unsupported_grant" ? "unsupported_grant_type" : "invalid_grant", error_description: translate(code, locale, params) }, status);
    if (grant === "password") {
      const account = DemoAccounts.find((a) => a.username === field("username"));
      if (!account || field("password") !== DEMO_PASSWORD) return fail("auth.bad_credentials", 401);
      const token = await sign({
        sub: `usr_${account.username}`,
        name: account.name,
        tenant_id: account.tenantId,
        role: account.role,
        ...(departmentIdOf(account) ? { department_id: departmentIdOf(account) } : {}),
      });
      return c.json({ access_token: token, token_type: "Bearer", expires_in: ttl });
    }
    if (grant === "client_credentials") {
      const client = DemoClients.find((k) => k.clientId === field("client_id"));
      if (!client || field("client_secret") !== client.secret) return fail("auth.bad_credentials", 401);
      const token = await sign({ sub: client.clientId, client_id: client.clientId, tenant_id: client.tenantId, role: client.role });
      return c.json({ access_token: token, token_type: "Bearer", expires_in: ttl });
    }
    return fail("auth.unsupported_grant", 400, { grant: grant || "(none)" });
  });
  return { app, issuer: options.issuer, sign, publicJwk };
}

async function loadOrCreateKeys(keyFile?: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  if (keyFile && existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, "utf8"));
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  const keys = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "RS256" },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" },
  };
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(keys), { mode: 0o600 });
  }
  return keys;
}
