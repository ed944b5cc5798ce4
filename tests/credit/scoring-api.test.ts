import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startRuntime, type Runtime } from "../../packages/functions/src/local/runtime";

/** `/api/credit/scoring` over HTTP: the province publishes the next version; a county may read but not publish; bad rules are a 400 naming the field. */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startRuntime({ seed: false });
}, 300_000);
afterAll(async () => {
  await runtime?.stop();
});

async function login(username: string) {
  const res = await fetch(`${runtime.url}/oidc/token`, { method: "POST", body: new URLSearchParams({ grant_type: "password", username, password: "demo123" }) });
  return ((await res.json()) as { access_token: string }).access_token;
}
async function call(token: string, method: string, body?: unknown) {
  const res = await fetch(`${runtime.apiUrl}/credit/scoring`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "accept-language": "zh-CN" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe("credit scoring API", () => {
  test("read by a county, published by the province only, validated field by field", async () => {
    const [province, county] = [await login("province"), await login("gulou-admin")];
    const current = await call(county, "GET");
    expect(current.status).toBe(200);
    const next = { ...current.json, version: current.json.version + 1, source: "闽市监〔2026〕𠮷号", thresholds: { A: 92, B: 70, C: 50 } };

    expect((await call(county, "POST", next)).status).toBe(403);
    const bad = await call(province, "POST", { ...next, base: "八十" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { field: string }) => d.field)).toContain("base");

    const published = await call(province, "POST", next);
    expect(published.status).toBe(201);
    expect(published.json).toMatchObject({ version: current.json.version + 1, source: "闽市监〔2026〕𠮷号" });
    const after = await call(county, "GET");
    expect(after.json).toMatchObject({ version: current.json.version + 1, thresholds: { A: 92 } });
  }, 300_000);
});
