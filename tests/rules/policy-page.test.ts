import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { expectAccessible, openDialog, screenshot, signIn, usePortal, whoAmI } from "../e2e/support/portal";

/** The rules page in a real browser at 390 px: the province edits a rule with
 * its source, a county tightens one; nothing is wider than the phone. */
const portal = usePortal();
const PHONE = { width: 390, height: 844 };

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

async function openPolicy(page: Page) {
  await page.getByRole("button", { name: "打开菜单" }).click();
  const menu = page.getByRole("navigation", { name: "主导航" });
  await menu.getByRole("menuitem", { name: "规则与期限" }).click();
  await page.getByRole("heading", { level: 1, name: "规则与期限" }).waitFor();
  await expect.poll(() => page.locator(".ant-spin-spinning, .ant-skeleton-active, .ant-card-loading-content").count()).toBe(0);
}

const ruleItem = (page: Page, name: string) => page.locator(".ant-list-item").filter({ hasText: name });

describe("规则与期限 at 390 px", () => {
  test("the province changes a clock with its source; the new version and source show", async () => {
    const { page } = await portal.newPage();
    await page.setViewportSize(PHONE);
    await signIn(page, portal.url, "province");
    await expect.poll(() => whoAmI(page).innerText()).toContain("张明");
    await openPolicy(page);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, "rules page (province) at 390×844");

    const item = ruleItem(page, "司法机关反向协助请求");
    const dialog = await openDialog(page, item.getByRole("button", { name: "修改" }), "修改：司法机关反向协助请求（检验、鉴定、涉案物品保管销毁）");
    await dialog.getByLabel("数量").fill("5");
    await dialog.getByLabel("来源").fill("闽检会〔2027〕2号 第五条");
    await dialog.getByRole("button", { name: /确\s*定|OK/ }).click();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => item.innerText()).toContain("闽检会〔2027〕2号 第五条");
    expect(await item.innerText()).toContain("现行：5 日");
    expect(await page.getByText(/省级配置第 \d+ 版/).innerText()).not.toContain("第 0 版");
    // The calendar section offers the next year.
    await page.getByRole("button", { name: "添加 2027 年日历" }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, "rules-policy-province-390");
  });

  test("a county admin tightens a clock; loosening is refused with the province's value named", async () => {
    const { page } = await portal.newPage();
    await page.setViewportSize(PHONE);
    await signIn(page, portal.url, "gulou-admin");
    await expect.poll(() => whoAmI(page).innerText()).toContain("王芳");
    await openPolicy(page);
    expect(await page.getByRole("button", { name: "修改" }).count()).toBe(0);
    const item = ruleItem(page, "受理（接受或说明理由拒绝）");
    const dialog = await openDialog(page, item.getByRole("button", { name: "收紧" }), "本级收紧：受理（接受或说明理由拒绝）");
    await dialog.getByLabel("数量").fill("30");
    await dialog.getByRole("button", { name: /确\s*定|OK/ }).click();
    await expect.poll(() => dialog.innerText()).toContain("只能比省级规定更严");
    await dialog.getByLabel("数量").fill("5");
    await dialog.getByRole("button", { name: /确\s*定|OK/ }).click();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => item.innerText()).toContain("本级已收紧");
    expect(await item.innerText()).toContain("现行：5 日");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, "rules page (county) at 390×844");
    await screenshot(page, "rules-policy-county-390");
  });
});
