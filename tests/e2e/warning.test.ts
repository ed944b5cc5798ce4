import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { expectAccessible, openDialog, screenshot, signedInAs, usePortal } from "./support/portal";

/** 预警与风险排名 in the portal (issue 14), against the whole local system with
 * the 鼓楼区 demo data: the market bureau's officer sees its warnings with the
 * rule, the facts and the clock (one already overdue), acknowledges one and
 * decides another with reasons; the county admin tries to loosen a rule (the
 * field says why) and tightens it; the ranked list with its reasons at phone
 * width. With axe on each page. */

const portal = usePortal();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

const signedIn = (username: string, name: string, size = DESKTOP): Promise<Page> => signedInAs(portal, username, name, size);

const overflow = (page: Page) => page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);

async function settled(page: Page) {
  await page.mouse.move(0, 0);
  await expect.poll(() => page.locator(".ant-spin-spinning, .ant-skeleton-active").count()).toBe(0);
  await expect.poll(() => page.locator(".ant-message-notice").count(), { timeout: 10_000 }).toBe(0);
}

describe("预警处置: the lead department's inbox", () => {
  test("the officer sees rule, facts and clocks (one overdue), acknowledges one and decides another with reasons", async () => {
    const page = await signedIn("gulou-officer", "陈静");
    await page.goto(`${portal.url}/warnings`);
    await page.getByRole("heading", { level: 1, name: "预警处置" }).waitFor();
    const table = page.getByTestId("warnings-table");
    await expect.poll(() => table.locator("tbody tr.ant-table-row").count()).toBeGreaterThanOrEqual(4);
    await expect.poll(() => table.innerText()).toContain("30 日内同一主体 3 条线索");
    await expect.poll(() => table.innerText()).toContain("30 日内收到该主体线索 3 条（阈值 3 条）");
    await expect.poll(() => table.innerText()).toContain("超过阈值 -15℃");
    await expect.poll(() => table.getByText("已逾期").count()).toBeGreaterThanOrEqual(1);
    await settled(page);
    await expectAccessible(page, "warnings");
    await screenshot(page, "warnings-inbox");

    // Acknowledge the cold-chain warning.
    const cold = table.locator("tbody tr.ant-table-row", { hasText: "超过阈值 -15℃" });
    const confirm = await openDialog(page, cold.getByRole("button", { name: "签收" }), "签收该预警？");
    await confirm.getByRole("button", { name: "签收" }).click();
    await expect.poll(() => cold.innerText()).toContain("已签收，待处置");

    // Decide it: too short a reason is refused at the field, then reasons given.
    const dialog = await openDialog(page, cold.getByRole("button", { name: "处置" }), "核实处置");
    await dialog.getByLabel("理由").fill("已处理");
    await dialog.getByRole("button", { name: "提交决定" }).click();
    await dialog.getByText("请说明理由（至少 10 个字）").waitFor();
    await dialog.getByLabel("理由").fill("现场核实冷库温度记录异常，安排市场监管与卫健联合检查");
    await dialog.getByRole("button", { name: "提交决定" }).click();
    await expect.poll(() => cold.innerText()).toContain("已处置");
    await expect.poll(() => cold.innerText()).toContain("决定检查");
  });

  test("another department does not see the market bureau's warnings (the warning belongs to the lead department)", async () => {
    const page = await signedIn("gulou-health-inspector", "周婷", PHONE);
    await page.goto(`${portal.url}/warnings`);
    await page.getByRole("heading", { level: 1, name: "预警处置" }).waitFor();
    const table = page.getByTestId("warnings-table");
    await settled(page);
    expect(await table.innerText()).not.toContain("超过阈值 -15℃");
    expect(await table.innerText()).not.toContain("30 日内收到该主体线索");
    await expectAccessible(page, "warnings of another department (phone)");
  });
});

describe("预警规则: a tenant only tightens", () => {
  test("loosening is refused at the field; tightening is saved", async () => {
    const page = await signedIn("gulou-admin", "王芳");
    await page.goto(`${portal.url}/warning-rules`);
    await page.getByRole("heading", { level: 1, name: "预警规则" }).waitFor();
    const table = page.getByTestId("warning-rules-table");
    const row = table.locator("tbody tr.ant-table-row", { hasText: "30 日内同一主体 3 条线索" });
    await row.waitFor();
    await settled(page);
    await expectAccessible(page, "warning rules");
    const dialog = await openDialog(page, row.getByRole("button", { name: "收紧" }), "收紧：30 日内同一主体 3 条线索");
    await dialog.getByLabel("数量阈值").fill("5");
    await dialog.getByRole("button", { name: "保存" }).click();
    await dialog.getByText("不能放宽").waitFor();
    await dialog.getByLabel("数量阈值").fill("2");
    await dialog.getByRole("button", { name: "保存" }).click();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => row.innerText()).toContain("本级收紧");
    await expect.poll(() => row.innerText()).toContain("≥ 2 条线索");
  });
});

describe("风险排名 at phone width", () => {
  test("the ranked list shows each business's reasons, highest first, without overflowing 390 px", async () => {
    const page = await signedIn("gulou-admin", "王芳", PHONE);
    await page.goto(`${portal.url}/risk`);
    await page.getByRole("heading", { level: 1, name: "风险排名" }).waitFor();
    const list = page.getByTestId("risk-list");
    await expect.poll(() => list.locator(".ant-list-item").count()).toBe(20);
    await expect.poll(() => list.innerText()).toContain("信用风险等级 D 类");
    await expect.poll(() => list.innerText()).toContain("未处置的预警");
    const scores = await list.getByTestId("risk-score").allInnerTexts();
    const values = scores.map((s) => Number(s.replace(/[^\d.]/g, "")));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "加载更多" }).click();
    await expect.poll(() => list.locator(".ant-list-item").count()).toBe(40);
    await settled(page);
    await expectAccessible(page, "risk ranking (phone)");
    await screenshot(page, "risk-phone");
  });
});

describe("风险模型权重: the province saves a new version, a tenant reads them", () => {
  test("a weight that fails a check is refused beside its field; a valid change is saved as the next version, listed with what changed", async () => {
    const page = await signedIn("province", "张明", PHONE);
    await page.goto(`${portal.url}/risk/weights`);
    await page.getByRole("heading", { level: 1, name: "风险模型权重" }).waitFor();
    const version = Number((await page.getByTestId("risk-weights-version").innerText()).replace(/[^\d]/g, ""));
    await settled(page);
    await expectAccessible(page, "risk weights (province, phone)");
    await page.getByRole("button", { name: "编辑并保存为新版本" }).click();
    const form = page.getByRole("form", { name: "风险模型权重" });
    await form.waitFor();
    // A cap below one step, and grade D weighing less than grade C: both refused by the API, each beside its field.
    await form.getByLabel("线索分值上限").fill("1");
    await form.getByLabel("D 类").fill("0");
    const save = async () => {
      await form.getByRole("button", { name: "保存为新版本" }).click();
      const confirm = page.getByRole("dialog", { name: "保存为新版本？" });
      await confirm.waitFor();
      await confirm.getByRole("button", { name: "保存", exact: true }).click();
      await confirm.waitFor({ state: "hidden" });
    };
    await save();
    await form.getByText("上限不能小于每项分值").waitFor();
    await form.getByText("等级越差分值不能越低").waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await settled(page);
    await expectAccessible(page, "risk weights with field errors (phone)");
    await screenshot(page, "risk-weights-errors-phone");
    await form.getByLabel("线索分值上限").fill("40");
    await form.getByLabel("D 类").fill("35");
    await form.getByLabel("每次行政处罚").fill("12");
    await save();
    await page.getByText(`已发布第 ${version + 1} 版`).waitFor();
    await expect.poll(() => page.getByTestId("risk-weights-version").innerText()).toContain(String(version + 1));
    const versions = page.getByTestId("risk-weights-versions");
    await expect.poll(() => versions.innerText()).toContain("每次行政处罚");
    await expect.poll(() => versions.innerText()).toContain("张明");
  });

  test("a county reads the weights in force at phone width, with no way to change them", async () => {
    const page = await signedIn("gulou-admin", "王芳", PHONE);
    await page.goto(`${portal.url}/risk/weights`);
    await page.getByRole("heading", { level: 1, name: "风险模型权重" }).waitFor();
    await page.getByTestId("weight-perPenalty").waitFor();
    expect(await page.getByRole("button", { name: "编辑并保存为新版本" }).count()).toBe(0);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await settled(page);
    await expectAccessible(page, "risk weights (county, phone)");
  });
});
