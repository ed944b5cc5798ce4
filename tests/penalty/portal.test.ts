import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { choose, expectAccessible, signIn, usePortal, whoAmI } from "../e2e/support/portal";

/** The penalties page in a real browser at a phone's width (390 px): one fine
 * recorded in 鼓楼区; 思明区 fining the same party for the same day in other
 * words is shown the near match and records only with a reason; the same act
 * written another way is refused. */

const portal = usePortal();
const CODE = withCheckChar("91350102MA2YPN001");

async function phone(username: string, name: string) {
  const { page } = await portal.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, portal.url, username);
  await expect.poll(() => whoAmI(page).innerText()).toContain(name);
  await page.goto(`${portal.url}/penalties`);
  await expect.poll(() => page.getByRole("heading", { level: 1, name: "行政处罚" }).isVisible()).toBe(true);
  return page;
}

async function pickDate(page: Page, label: string, date: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press("Enter");
  await expect.poll(() => input.inputValue()).toBe(date);
}

async function fillFine(page: Page, conduct: string, decisionNo: string, clause = "《食品安全法》第一百二十四条第一款") {
  await page.getByLabel("统一社会信用代码", { exact: true }).fill(CODE);
  await page.getByLabel("主体名称", { exact: true }).fill("福州𠮷祥食品销售有限公司");
  await choose(page, page.getByLabel("监管事项", { exact: true }), "FJ-SP-001", "FJ-SP-001");
  await page.getByLabel("违反条款", { exact: true }).fill(clause);
  await page.getByLabel("违法行为", { exact: true }).fill(conduct);
  await pickDate(page, "行为日期（起）", "2026-11-02");
  await page.getByLabel("违法事实", { exact: true }).fill("现场检查发现货架陈列超过保质期的预包装食品");
  await page.getByLabel("处罚决定书文号", { exact: true }).fill(decisionNo);
  await page.getByLabel("罚款金额（元）", { exact: true }).fill("3000");
}

/** Nothing wider than the phone's screen: the page never scrolls sideways. */
async function fitsWidth(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

describe("行政处罚 at 390 px", () => {
  test("a near match is shown and needs a reason; the same act in other words is refused", async () => {
    const gulou = await phone("gulou-officer", "陈静");
    await fillFine(gulou, "销售超过保质期的预包装食品", "鼓市监罚〔2026〕701号");
    await fitsWidth(gulou);
    await expectAccessible(gulou, "penalty form at 390 px");
    await gulou.getByRole("button", { name: "登记处罚", exact: true }).last().click();
    await gulou.getByText("处罚 鼓市监罚〔2026〕701号 已登记").waitFor();
    await gulou.getByText("鼓市监罚〔2026〕701号").first().waitFor();
    await fitsWidth(gulou);

    // 思明区 describes the conduct in its own words: the earlier fine is shown, and a reason is asked for.
    const siming = await phone("siming-officer", "许斌");
    await fillFine(siming, "经营过期食品", "思市监罚〔2026〕702号");
    await siming.getByRole("button", { name: "登记处罚", exact: true }).last().click();
    await siming.getByText("有 1 项相近的罚款，请逐项核对").waitFor();
    await expect.poll(() => siming.getByRole("alert").filter({ hasText: "相近" }).innerText()).toContain("鼓市监罚〔2026〕701号");
    await fitsWidth(siming);
    await expectAccessible(siming, "near matches at 390 px");
    await siming.getByRole("button", { name: "记录判断并登记" }).click();
    await siming.getByText("请填写至少 10 个字的判断理由").waitFor();
    await siming.getByLabel("判断理由").fill("经与鼓楼区核对，本案为同日另一门店的另一批次食品，属另一违法行为");
    await siming.getByRole("button", { name: "记录判断并登记" }).click();
    await siming.getByText("处罚 思市监罚〔2026〕702号 已登记").waitFor();

    // The same act written another way (prefix, digits, zero-width space) is refused outright.
    await siming.getByRole("tab", { name: "登记处罚" }).click();
    await fillFine(siming, "销售超过保质期的\u200B预包装食品", "思市监罚〔2026〕703号", "《中华人民共和国食品安全法》第124条第1款");
    await siming.getByRole("button", { name: "登记处罚", exact: true }).last().click();
    await siming.getByText("同一违法行为已被罚款，不能再次罚款").waitFor();
    await fitsWidth(siming);
  });
});
