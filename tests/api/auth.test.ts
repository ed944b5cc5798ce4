import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApi, type TestApi } from "../support/api";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

test("a verified token is honoured only until it expires, even once remembered", async () => {
  const exp = Math.floor(Date.now() / 1000) + 2;
  const token = await api.issuer.sign({ sub: "usr_short", tenant_id: "350102", role: "officer" }, { expiresIn: exp });
  expect((await api.call("GET", "/me", { token })).status).toBe(200);
  expect((await api.call("GET", "/me", { token })).status).toBe(200);
  await new Promise((r) => setTimeout(r, (exp + 1) * 1000 - Date.now()));
  const late = await api.call("GET", "/me", { token });
  expect(late.status).toBe(401);
  expect(late.json.error.code).toBe("auth.invalid_token");
});

test("a correctly signed token for an unknown tenant or with an unknown role is refused", async () => {
  const unknownTenant = await api.issuer.sign({ sub: "usr_x", tenant_id: "999999", role: "officer" });
  expect((await api.call("GET", "/me", { token: unknownTenant })).status).toBe(401);
  const unknownRole = await api.issuer.sign({ sub: "usr_x", tenant_id: "350102", role: "superuser" });
  expect((await api.call("GET", "/me", { token: unknownRole })).status).toBe(401);
});

test("who am I names the user, role, permissions and tenant", async () => {
  const res = await api.call("GET", "/me", { token: await api.tokenFor("350203", "auditor") });
  expect(res.json).toMatchObject({
    kind: "user",
    role: "auditor",
    roleName: { zh: "纪检监察人员（只读）" },
    tenant: { id: "350203", name: "思明区", level: "county", parentId: "350200" },
  });
  expect(res.json.permissions).toContain("audit.read");
  expect(res.json.permissions).not.toContain("department.write");
});

test("the province's systems sign in with client credentials as a machine", async () => {
  const token = await api.issuer.sign({ sub: "province-catalogue", client_id: "province-catalogue", tenant_id: "350000", role: "province-admin" });
  const res = await api.call("GET", "/me", { token });
  expect(res.json).toMatchObject({ kind: "machine", id: "province-catalogue", role: "province-admin", tenant: { id: "350000" } });
});

test("when the issuer's keys cannot be fetched the answer is 503 (try again), never a 401 that signs a valid user out", async () => {
  const { resetApiConfig } = await import("../../packages/functions/src/api/config");
  const { resetKeySet } = await import("../../packages/functions/src/api/auth");
  const token = await api.tokenFor("350102", "officer", { sub: "usr_keys_down" });
  const saved = process.env.OIDC_JWKS_URL;
  // Nothing listens on port 9 of the loopback: the fetch of the key set fails.
  process.env.OIDC_JWKS_URL = "http://127.0.0.1:9/jwks";
  resetApiConfig();
  resetKeySet();
  try {
    const res = await api.call("GET", "/me", { token, headers: { "accept-language": "zh-CN" } });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe("auth.keys_unavailable");
    expect(res.json.error.message).toContain("稍后重试");
  } finally {
    if (saved === undefined) delete process.env.OIDC_JWKS_URL;
    else process.env.OIDC_JWKS_URL = saved;
    resetApiConfig();
    resetKeySet();
  }
  // The keys are back: the same token is accepted.
  expect((await api.call("GET", "/me", { token })).status).toBe(200);
});
