import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { expectAccessible, screenshot, signIn, usePortal, whoAmI } from "./support/portal";

/** Printable documents (issue 15): opened from the record's page with 打印,
 * laid out for A4 with title, number, addressee, body, the date in Chinese and
 * the issuing organ; the toolbar does not print; the font stack reaches CJK
 * Extension B fonts. At 1440×900 and 390×844, with axe. */

const portal = usePortal();

async function openInspectionNotice(size: { width: number; height: number }): Promise<Page> {
  const { page } = await portal.newPage();
  await page.setViewportSize(size);
  // The shared test machine is heavily loaded; the assertions, not the waits, decide.
  page.setDefaultTimeout(90_000);
  await signIn(page, portal.url, "gulou-admin");
  await whoAmI(page).waitFor();
  await page.goto(`${portal.url}/inspections`);
  // An admin who may schedule lands on 安排前查询; the inspections are under 本级检查任务.
  await page.getByRole("tab", { name: "本级检查任务" }).click();
  const button = page.getByRole("button", { name: "打印检查通知书" }).first();
  await button.waitFor();
  await button.click();
  await page.getByTestId("printed-document").waitFor();
  return page;
}

describe("printable documents", () => {
  test("检查通知书 from the inspections page: official layout, date in Chinese, verification code; the toolbar is not printed (1440×900)", async () => {
    const page = await openInspectionNotice({ width: 1440, height: 900 });
    const doc = page.getByTestId("printed-document");
    expect(await doc.getByRole("heading", { level: 1 }).innerText()).toBe("行政检查通知书");
    expect(await page.getByTestId("doc-number").innerText()).toMatch(/^鼓楼检通〔\d{4}〕\d{6}号$/);
    expect(await page.getByTestId("doc-date").innerText()).toMatch(/^二〇[〇一二三四五六七八九]{2}年[〇一二三四五六七八九十]+月[〇一二三四五六七八九十]+日$/);
    expect(await page.getByTestId("doc-verification").innerText()).toMatch(/校验码：[0-9A-F]{4}(-[0-9A-F]{4}){3}/);
    expect(await doc.innerText()).toContain("回避");
    // The font stack names Extension B fonts, so 𠮷 is not tofu where one is installed.
    const font = await doc.evaluate((e) => getComputedStyle(e).fontFamily);
    expect(font).toContain("SimSun-ExtB");
    expect(font).toContain("HanaMinB");
    await expectAccessible(page, "inspection notice");
    await screenshot(page, "print-01-inspection-notice");

    // Printing: A4, no toolbar.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".doc-toolbar").isVisible()).toBe(false);
    expect(await doc.isVisible()).toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.emulateMedia({ media: "screen" });
    // 返回 leads back to the record's page.
    await page.getByRole("button", { name: "返回" }).click();
    await page.getByRole("heading", { name: "检查安排" }).waitFor();
    await page.getByRole("tab", { name: "本级检查任务" }).click();
    await page.getByRole("button", { name: "打印检查通知书" }).first().waitFor();
  });

  test("the same document on a phone: readable, nothing wider than the screen (390×844)", async () => {
    const page = await openInspectionNotice({ width: 390, height: 844 });
    const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
    expect(width).toBeLessThanOrEqual(0);
    await expectAccessible(page, "inspection notice (phone)");
    await screenshot(page, "print-02-inspection-notice-phone");
  });
});
