import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { expectAccessible, screenshot, signIn, usePortal, whoAmI } from "./support/portal";

/** Every signed-in page on a phone (390×844): the menu opens from the header,
 * the page body never scrolls sideways (wide tables scroll inside themselves),
 * and axe finds no serious or critical problem. The to-do home page lists what
 * waits on the user, most urgent first, with one click to act. */

const portal = usePortal();

const PHONE = { width: 390, height: 844 };

async function phonePage() {
  const { page } = await portal.newPage();
  await page.setViewportSize(PHONE);
  return page;
}

/** How far the page body reaches past the viewport (0 when nothing overflows). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

const menu = (page: Page) => page.getByRole("navigation", { name: "主导航" });

async function openMenu(page: Page) {
  const button = page.getByRole("button", { name: "打开菜单" });
  await button.click();
  await menu(page).waitFor();
  // The drawer's sliding-in animation has finished.
  await expect.poll(() => page.locator(".ant-drawer-content-wrapper").evaluate((e) => getComputedStyle(e).transform)).toMatch(/none|matrix\(1, 0, 0, 1, 0, 0\)/);
}

async function menuNames(page: Page): Promise<string[]> {
  await openMenu(page);
  const names = (await menu(page).getByRole("menuitem").allInnerTexts()).map((s) => s.replace(/\d+/g, "").trim());
  await page.keyboard.press("Escape");
  await menu(page).waitFor({ state: "hidden" });
  return names;
}

/** Open `name` from the phone menu, wait for its heading and for its data, then check width and accessibility. */
async function visit(page: Page, name: string) {
  await openMenu(page);
  await menu(page).getByRole("menuitem", { name }).click();
  await menu(page).waitFor({ state: "hidden" });
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  // Data loaded: no spinner and no skeleton left.
  await expect.poll(() => page.locator(".ant-spin-spinning, .ant-skeleton-active, .ant-card-loading-content").count()).toBe(0);
  expect(await overflow(page), `${name}: the page is wider than the phone`).toBeLessThanOrEqual(0);
  await expectAccessible(page, `${name} at 390×844`);
}

describe("on a phone (390×844)", () => {
  test("a county admin reaches every page from the header menu, none wider than the screen", async () => {
    const page = await phonePage();
    await signIn(page, portal.url, "gulou-admin");
    await expect.poll(() => whoAmI(page).innerText()).toContain("王芳");
    // No side menu taking the width: it opens from the header.
    expect(await page.locator(".ant-layout-sider").count()).toBe(0);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // The header keeps the name on one line (not one character per line).
    const nameBox = await whoAmI(page).getByText("王芳（鼓楼区综合监管办）").boundingBox();
    expect(nameBox!.height).toBeLessThan(30);

    const names = await menuNames(page);
    expect(names).toEqual(["今日待办", "工作看板", "事项清单", "属地责任", "职责争议", "跨区域协助", "协调督办", "预警协同", "市场主体名录", "执法主体", "检查人员", "检查计划", "双随机抽查", "综合查一次", "预警处置", "风险排名", "线索归集", "联合检查任务", "专项整治", "检查安排", "行政处罚", "严重失信名单", "结果公示与异议", "监管指标", "行刑衔接", "通知", "部门", "审计留痕", "停滞消息", "规则与期限", "预警规则", "风险模型权重"]);
    for (const name of names) await visit(page, name);
    await screenshot(page, "phone-admin-audit");
  });

  test("the province reaches its sync and import pages", async () => {
    const page = await phonePage();
    await signIn(page, portal.url, "province");
    await expect.poll(() => whoAmI(page).innerText()).toContain("张明");
    const names = await menuNames(page);
    expect(names).toContain("同步情况");
    expect(names).toContain("导入清单");
    expect(names).toContain("规则与期限");
    for (const name of ["今日待办", "同步情况", "导入清单", "规则与期限"]) await visit(page, name);
    await screenshot(page, "phone-province-import");
  });

  test("the 思明区 officer's home page lists the request waiting on its 7-day clock; one click opens it", async () => {
    const page = await phonePage();
    await signIn(page, portal.url, "siming-officer");
    await expect.poll(() => whoAmI(page).innerText()).toContain("许斌");
    await page.getByRole("heading", { level: 1, name: "今日待办" }).waitFor();
    const todo = page.getByTestId("todo-item");
    await expect.poll(() => todo.count()).toBeGreaterThan(0);
    const first = await todo.first().innerText();
    expect(first).toContain("协助请求待受理");
    expect(first).toContain("厦门某冷链食品贸易有限公司");
    expect(first).toContain("鼓楼区");
    expect(first).toMatch(/剩余 \d+ 天|今日到期/);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, "to-do home at 390×844");
    await screenshot(page, "phone-siming-todo");

    // The menu shows the count as a badge on 跨区域协助.
    await openMenu(page);
    expect(await menu(page).getByRole("menuitem", { name: /跨区域协助/ }).innerText()).toMatch(/跨区域协助\s*1/);
    await page.keyboard.press("Escape");

    await todo.first().getByRole("link", { name: /去办理/ }).click();
    await page.waitForURL(/\/assistance\/asr_/);
    await page.getByRole("button", { name: "受理" }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, "assistance detail at 390×844");
  });

  test("the judicial liaison's home shows the police decision on its 3-day clock", async () => {
    const page = await phonePage();
    await signIn(page, portal.url, "gulou-judicial");
    await expect.poll(() => whoAmI(page).innerText()).toContain("吴磊");
    const todo = page.getByTestId("todo-item");
    await expect.poll(() => todo.count()).toBeGreaterThan(0);
    expect(await todo.first().innerText()).toContain("行刑衔接环节待办理");
    expect(await todo.first().innerText()).toContain("福州某肉制品加工坊");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await visit(page, "行刑衔接");
  });

  test("the 编办 menu has no enforcement pages; its home lists disputes waiting on it", async () => {
    const page = await phonePage();
    await signIn(page, portal.url, "gulou-bianban");
    await expect.poll(() => whoAmI(page).innerText()).toContain("赵敏");
    // The departments are read before the menu is filtered.
    await expect.poll(async () => (await menuNames(page)).includes("跨区域协助")).toBe(false);
    const names = await menuNames(page);
    for (const enforcement of ["跨区域协助", "预警协同", "检查安排", "行政处罚", "行刑衔接"]) expect(names).not.toContain(enforcement);
    expect(names).toContain("职责争议");
    await visit(page, "职责争议");
  });
});
