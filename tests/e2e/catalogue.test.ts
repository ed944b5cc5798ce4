import { describe, expect, test } from "vitest";
import { expectAccessible, screenshot, signIn, usePortal } from "./support/portal";

/** The province publishes a version over the API with its machine client;
 * 鼓楼区 syncs it through the catalogue-sync queue (the runtime's consumer);
 * gulou-admin sees the diff and the item needing review, and reviews it in
 * the portal. */

const portal = usePortal();

async function token(form: Record<string, string>) {
  const res = await fetch(`${portal.runtime.issuerUrl}/token`, { method: "POST", body: new URLSearchParams(form) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}
async function api(method: string, path: string, bearer: string, body?: unknown) {
  const res = await fetch(`${portal.runtime.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as any };
}
async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("catalogue version → county", () => {
  test("the province publishes, gulou syncs through the queue, and gulou-admin reviews the changed item", async () => {
    const machine = await token({ grant_type: "client_credentials", client_id: "province-catalogue", client_secret: "demo-secret" });
    const admin = await token({ grant_type: "password", username: "gulou-admin", password: "demo123" });
    // Gulou has the demo catalogue; it assigns one item, which the next version amends.
    const synced = await until(() => api("GET", "/catalogue/sync", admin), (r) => r.json.version >= 1);
    const items = (await api("GET", "/catalogue/items", admin)).json.items as any[];
    const target = items[0];
    const deps = (await api("GET", "/tenant/departments?limit=200", admin)).json.items as any[];
    const market = deps.find((d) => d.type === "market");
    const assigned = await api("PUT", `/assignments/${target.code}`, admin, { leadDepartmentId: market.id, cooperatingDepartmentIds: [], office: "综合科", person: "王芳" });
    expect([200, 409]).toContain(assigned.status);

    const { version: _v, basis: _b, law: _l, effectiveDate: _e, ...item } = target;
    const next = synced.json.version + 1;
    const published = await api("POST", "/catalogue/versions", machine, {
      version: next,
      title: `浏览器测试版本 ${next}`,
      changes: [{ basis: "amend", law: "《中华人民共和国食品安全法》", effectiveDate: "2026-12-01", item: { ...item, name: `${item.name}（修订）` } }],
    });
    expect(published.status).toBe(201);
    await until(() => api("GET", "/catalogue/sync", admin), (r) => r.json.version === next);

    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-admin");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("menuitem", { name: "事项清单" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1, name: "跨部门综合监管事项清单" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText(`第 ${next} 版`).first().isVisible()).toBe(true);
    // The diff names the amended item, highlighted as needing review.
    const diffRow = page.locator("tr.row-needs-review", { hasText: target.code }).first();
    await expect.poll(() => diffRow.isVisible()).toBe(true);
    await expect.poll(() => diffRow.getByText("待复核").isVisible()).toBe(true);
    await expectAccessible(page, "catalogue");
    await screenshot(page, "catalogue-01-diff");

    await page.getByRole("navigation", { name: "主导航" }).getByRole("menuitem", { name: "属地责任" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1, name: "属地监管责任" }).isVisible()).toBe(true);
    await page.getByRole("button", { name: `复核 ${target.code}`, exact: true }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.getByLabel("责任处室").isVisible()).toBe(true);
    await dialog.getByLabel("责任处室").fill("食品经营监管科");
    await screenshot(page, "catalogue-02-assign");
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.getByText(`已保存事项 ${target.code} 的属地责任`).isVisible()).toBe(true);
    const row = page.locator("tr", { hasText: target.code }).first();
    await expect.poll(() => row.getByText("已落实").isVisible()).toBe(true);
    // The confirmation fades out; axe judges the page once it has gone (mid-fade its text is near-transparent).
    await expect.poll(() => page.locator(".ant-message-notice").count(), { timeout: 10_000 }).toBe(0);
    await expectAccessible(page, "assignments");
    await screenshot(page, "catalogue-03-assigned");
    const after = (await api("GET", `/assignments/${target.code}`, admin)).json;
    expect(after).toMatchObject({ status: "assigned", reviewedVersion: next, office: "食品经营监管科" });
  }, 240_000);
});
