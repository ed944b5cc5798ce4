import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { Clock } from "../../packages/core/src/clock";
import { withContext, type Actor } from "../../packages/core/src/context";
import { Policy } from "../../packages/core/src/policy/index";
import { expectAccessible, openDialog, screenshot, signedInAs, usePortal } from "./support/portal";

/** 线索归集 in the portal (issue 14's done-when), against the whole local
 * system with the 鼓楼区 demo data: an officer files a clue with only a name
 * and an address, sees the directory's candidates with a confidence and
 * confirms one; clues from three source systems (machine credentials) about
 * one business show as ONE joint task for two departments; the check before
 * the task becomes an inspection shows the business's recognised inspection
 * and its yearly cap, and going ahead needs a reason. Axe at 390 px. */

const portal = usePortal();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const GULOU = "350102";
// The demo directory (local/seed.ts): 2,000 generated businesses of 鼓楼区, seed 2026. Domain modules are imported inside
// the tests: their table entities take the table's configuration when first loaded, which must be the portal runtime's.
async function demo() {
  const { Business } = await import("../../packages/core/src/business/index");
  const { Department } = await import("../../packages/core/src/department/index");
  const directory = [...Business.generate({ count: 2000, seed: 2026, tenantId: GULOU })];
  const plain = directory.filter((b) => !/[\u{10000}-\u{10FFFF}]/u.test(b.name) && /有限公司$/u.test(b.name));
  return { named: plain[0]!, joint: plain[1]!, market: Department.standardId(GULOU, "market") };
}

const signedIn = (username: string, name: string, size = DESKTOP): Promise<Page> => signedInAs(portal, username, name, size);

async function settled(page: Page) {
  await page.mouse.move(0, 0);
  await expect.poll(() => page.locator(".ant-spin-spinning, .ant-skeleton-active").count()).toBe(0);
  await expect.poll(() => page.locator(".ant-message-notice").count(), { timeout: 10_000 }).toBe(0);
}

const overflow = (page: Page) => page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);

/** A source system's clue through the machine intake (client-credentials token of the demo client for that source). */
async function intake(source: string, externalId: string, creditCode: string, itemCodes: string[], facts: string) {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: `clue-${source}-${GULOU}`, client_secret: "demo-secret" });
  const token = (await (await fetch(`${portal.url}/oidc/token`, { method: "POST", body: form })).json()) as { access_token: string };
  const res = await fetch(`${portal.url}/api/clues/intake`, {
    method: "POST",
    headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
    body: JSON.stringify({ contractVersion: "1", clues: [{ externalId, source, business: { creditCode }, facts, itemCodes }] }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { accepted: { status: string }[] };
  expect(body.accepted).toHaveLength(1);
  expect(body.accepted[0]!.status).toBe("tasked");
}

describe("联合检查任务: three sources, two departments, one task", () => {
  test("clues from the hotline, an association and the media become one task; the check shows the recognised inspection and the cap, and going ahead needs a reason", async () => {
    const { joint, market } = await demo();
    const { Inspection } = await import("../../packages/core/src/inspection/index");
    // A recognised inspection of the business by the market bureau today (as its officer would close one).
    const officer: Actor = { type: "user", userId: "usr_gulou-officer", name: "陈静（鼓楼区市场监管局）", tenantId: GULOU, role: "officer", departmentId: market };
    await withContext({ actor: officer, tenantId: GULOU, requestId: "e2e-clue-inspection", locale: "zh-CN" }, async () => {
      const visit = await Inspection.schedule({ creditCode: joint.creditCode, entityName: joint.name, itemCodes: ["FJ-SP-001"], plannedDate: Policy.shanghaiDate(Clock.now()), departmentIds: [market] });
      await Inspection.close({ id: visit.id, version: visit.version, outcome: "compliant", findings: "现场检查未发现问题，进货查验记录齐全。", recognisable: true, validDays: 180 });
    });

    await intake("hotline-12345", "e2e-hotline-1", joint.creditCode, ["FJ-SP-001"], "市民来电反映后厨卫生差。");
    await intake("association", "e2e-association-1", joint.creditCode, ["FJ-RQ-001"], "燃气协会反映该店燃气管道私接。");
    await intake("media", "e2e-media-1", joint.creditCode, ["FJ-SP-001"], "媒体报道该店使用过期食材。");

    const page = await signedIn("gulou-officer", "陈静");
    await page.goto(`${portal.url}/clues/tasks`);
    await page.getByRole("heading", { level: 1, name: "联合检查任务（线索归并）" }).waitFor();
    const table = page.getByTestId("clue-tasks");
    const rows = table.locator("tbody tr.ant-table-row", { hasText: joint.name });
    await rows.first().waitFor();
    // One task for the business, with its three clues from three sources and two departments.
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator("td").allInnerTexts();
    expect(cells[1]).toBe("3");
    expect(cells[2]).toBe("2");
    for (const source of ["12345 政务服务便民热线", "行业协会", "新闻媒体"]) await expect.poll(() => rows.first().innerText()).toContain(source);
    await settled(page);
    await expectAccessible(page, "joint tasks");

    await rows.first().getByRole("link", { name: joint.name }).click();
    await page.getByRole("heading", { level: 1, name: "联合检查任务" }).waitFor();
    await expect.poll(() => page.getByTestId("task-departments").innerText()).toMatch(/^2：.+、.+$/u);
    // The check before scheduling: the recognised result (any tenant), this year's cap, and a reason to go ahead.
    const check = page.locator(".ant-card", { hasText: "安排检查前核查" });
    await expect.poll(() => check.innerText()).toContain("互认有效至");
    await expect.poll(() => check.innerText()).toContain("年度检查上限");
    await check.getByText("核查有发现").waitFor();
    const go = check.getByRole("button", { name: "转为检查" });
    expect(await go.isDisabled()).toBe(true);
    await page.setViewportSize(PHONE);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await settled(page);
    await expectAccessible(page, "pre-task check (phone)");
    await screenshot(page, "clue-task-precheck-phone");
    await page.setViewportSize(DESKTOP);
    await check.getByLabel("理由").fill("已有互认结果，但三个来源反映新问题，须联合复查");
    await expect.poll(() => go.isDisabled()).toBe(false);
    await go.click();
    await page.getByText("已安排检查").first().waitFor();
    await expect.poll(() => page.locator(".ant-card").first().innerText()).toContain("须联合复查");
  });
});
