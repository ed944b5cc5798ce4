import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { choose, expectAccessible, nav, openDialog, signIn, usePortal, whoAmI } from "./support/portal";

/** Issue 11 and 12 leftovers in a real browser against the whole local system
 * with its demo data: the province sets a county's reserved organ and sees the
 * county's answer arrive (机关设置); the province reads the credit-scoring rules
 * in force, gets a bad weight refused beside its field, then publishes the next
 * version and sees who published it; anyone, without signing in, opens a
 * county's published draw on a phone (390 px) with its seed, result pages,
 * skips and the verify command. axe on each page. */

const portal = usePortal();
const PHONE = { width: 390, height: 844 };

async function provincePage() {
  const { page } = await portal.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, portal.url, "province");
  await expect.poll(() => whoAmI(page).innerText()).toContain("张明");
  return page;
}

async function settled(page: Page) {
  await page.mouse.move(0, 0);
  await expect.poll(() => page.locator(".ant-spin-spinning, .ant-skeleton-active").count()).toBe(0);
  await expect.poll(() => page.locator(".ant-message-notice").count(), { timeout: 10_000 }).toBe(0);
}

/** Answer the confirmation dialog (useConfirm: "确认公布"). */
async function confirm(page: Page) {
  const dialog = page.getByRole("dialog").filter({ hasText: "确认公布" });
  await dialog.getByRole("button", { name: "确认" }).click();
  await dialog.waitFor({ state: "hidden" });
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

describe("leftovers of issues 11 and 12", () => {
  test("机关设置: the province sets a county's police organ and the county's answer turns it 已生效", async () => {
    const page = await provincePage();
    await nav(page).getByRole("menuitem", { name: "机关设置" }).click();
    await page.getByRole("heading", { level: 1, name: "机关设置" }).waitFor();
    await choose(page, page.getByRole("combobox", { name: "行政区划" }), "台江", "台江区");
    const table = page.getByTestId("organs");
    const row = table.getByRole("row").filter({ hasText: "公安机关" });
    await row.waitFor();
    const dialog = await openDialog(page, row.getByRole("button", { name: "设置 公安机关" }), "台江区 · 公安机关");
    await dialog.getByLabel("名称", { exact: true }).fill("福州市公安局台江分局𠮷");
    await dialog.getByRole("button", { name: "保存" }).click();
    await confirm(page);
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => row.innerText()).toContain("福州市公安局台江分局𠮷");
    // The county applies it through a message; its answer arrives and the row says so (after 刷新).
    await expect
      .poll(
        async () => {
          await table.getByRole("button", { name: "刷新" }).click();
          await settled(page);
          return row.innerText();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toContain("已生效");
    await expectAccessible(page, "机关设置");
  });

  test("信用评分规则: a bad weight is refused beside its field; the next version is published with who and when", async () => {
    const page = await provincePage();
    await nav(page).getByRole("menuitem", { name: "信用评分规则" }).click();
    await page.getByRole("heading", { level: 1, name: "信用风险分类评分规则" }).waitFor();
    await settled(page);
    const inForce = page.getByTestId("scoring-in-force");
    await expect.poll(() => inForce.innerText()).toContain("平台默认");
    const before = Number((await inForce.locator("tr").first().locator("td").first().innerText()).trim());
    expect(before).toBeGreaterThanOrEqual(1);
    await expectAccessible(page, "评分规则");

    await page.getByRole("button", { name: "编辑并发布新版本" }).click();
    await page.getByText(`发布第 ${before + 1} 版评分规则`).waitFor();
    await page.getByLabel("来源（文件名称与文号）").fill("闽市监〔2026〕𠮷号 信用风险分类管理办法");
    // A fine is a deduction: +20 is a slip the API refuses, naming the field.
    const fine = page.getByLabel("行政处罚：罚款");
    await fine.fill("20");
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await confirm(page);
    const fineItem = fine.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' ant-form-item ')][1]");
    await expect.poll(() => fineItem.locator(".ant-form-item-explain-error").count()).toBe(1);
    expect(await fineItem.locator(".ant-form-item-explain-error").innerText()).toMatch(/0/);
    // Only that field is in error.
    expect(await page.locator(".ant-form-item-has-error").count()).toBe(1);
    await expectAccessible(page, "评分规则：字段错误");

    await fine.fill("-25");
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await confirm(page);
    await page.getByText(`已发布第 ${before + 1} 版`).waitFor();
    await expect.poll(() => inForce.innerText()).toContain("张明（省职转办）");
    const text = await inForce.innerText();
    expect(text).toContain("闽市监〔2026〕𠮷号");
    expect(text).not.toContain("平台默认");
    await expect.poll(() => page.getByRole("row").filter({ hasText: "行政处罚：罚款" }).innerText()).toContain("−25");

    await page.getByRole("tab", { name: "版本记录" }).click();
    const versions = page.getByTestId("scoring-versions");
    await expect.poll(() => versions.getByRole("row").filter({ hasText: "闽市监〔2026〕𠮷号" }).innerText()).toContain("张明（省职转办）");
    await settled(page);
    await expectAccessible(page, "评分规则版本");
  });

  test("双随机抽查公示: without signing in, at 390 px, a county's drawn draw with its seed, result, skips and verify command", async () => {
    const { page } = await portal.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${portal.url}/public/draws`);
    await page.getByRole("heading", { level: 1, name: "双随机抽查公示" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/public/draws");
    await choose(page, page.getByLabel("市、县（区）"), "鼓楼", "鼓楼区（350102）");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/public/draws/350102");
    const list = page.getByTestId("public-draws");
    const link = list.getByRole("link", { name: /鼓楼区市场监管、卫生健康联合双随机抽查/ });
    await link.waitFor();
    await settled(page);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, "抽查公示列表 390px");

    await link.click();
    await page.getByRole("heading", { level: 1, name: /鼓楼区市场监管、卫生健康联合双随机抽查/ }).waitFor();
    const commitment = page.getByTestId("draw-commitment");
    await expect.poll(() => commitment.innerText()).toContain("公布的种子");
    const hexes = (await commitment.innerText()).match(/\b[0-9a-f]{64}\b/g) ?? [];
    // Commitment, list hash, the revealed seed and the result hash.
    expect(new Set(hexes).size).toBe(4);
    const results = page.getByTestId("draw-results");
    await expect.poll(() => results.locator("tbody tr.ant-table-row").count()).toBeGreaterThan(0);
    expect(await results.innerText()).toMatch(/共 \d+ 个任务/);
    expect(await page.getByTestId("draw-plans").innerText()).toMatch(/鼓楼区/);
    await page.getByTestId("draw-skipped").waitFor();
    expect(await page.getByTestId("verify-command").innerText()).toMatch(/^npm run draw:verify -- 350102 drw_[0-9A-Za-z]+ --api http/);
    await settled(page);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, "抽查公示详情 390px");
    // Nothing asked for a sign-in: no token was ever stored.
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toMatch(/token/i);
  });
});
