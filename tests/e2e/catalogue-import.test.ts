import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parseCsv, toCsv } from "../../packages/core/src/catalogue/sheet-file";
import { expectAccessible, screenshot, signIn, usePortal } from "./support/portal";

/** A province official imports the version-2 spreadsheet in the portal; the
 * public compliance guide (signed out) then shows the new content. */

const V2_CSV = join(import.meta.dirname, "../../packages/core/data/demo-catalogue-v2.csv");
const dir = mkdtempSync(join(tmpdir(), "catalogue-e2e-"));
const portal = usePortal();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("importing a catalogue spreadsheet and the public guides", () => {
  test("the province official sees every bad row, then imports the version-2 spreadsheet and publishes it", { timeout: 180_000 }, async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "province");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("menuitem", { name: "导入清单" }).click();
    await page.getByRole("heading", { level: 1, name: "导入监管事项清单" }).waitFor();

    // A file with two bad rows: the error table names each row and column; nothing is published.
    const rows = parseCsv(readFileSync(V2_CSV, "utf8"));
    rows[1]![5] = "食物"; // row 2, 重点领域
    rows[3]![2] = "下个月"; // row 4, 生效日期
    const bad = join(dir, "有错误的清单.csv");
    writeFileSync(bad, toCsv(rows));
    await page.locator('input[type="file"]').setInputFiles(bad);
    await page.getByTestId("import-errors").waitFor();
    expect(await page.getByTestId("import-errors").innerText()).toContain("表格有 2 处错误，未保存任何内容");
    const errorRows = await page.getByRole("table").locator("tbody tr").allInnerTexts();
    expect(errorRows.map((r) => r.replace(/\s+/g, " ").trim())).toEqual([
      expect.stringMatching(/^2 重点领域 「食物」不是有效的重点领域/),
      expect.stringMatching(/^4 生效日期 日期格式须为 YYYY-MM-DD/),
    ]);
    await expectAccessible(page, "import page with errors");
    await screenshot(page, "catalogue-import-errors");

    // The shipped version-2 spreadsheet: valid, previewed, published.
    await page.locator('input[type="file"]').setInputFiles(V2_CSV);
    await page.getByTestId("import-valid").waitFor();
    expect(await page.getByTestId("import-read").innerText()).toContain("demo-catalogue-v2.csv：3 行事项");
    expect(await page.getByTestId("import-valid").innerText()).toContain("校验通过：3 个事项变更，将发布为第 2 版");
    const preview = (await page.getByRole("table").locator("tbody tr").allInnerTexts()).join("\n");
    expect(preview).toContain("FJ-SP-001");
    expect(preview).toContain("FJ-SP-007");
    expect(preview).toContain("FJ-TZSB-003");
    await page.getByLabel("版本标题").fill("福建省跨部门综合监管事项清单（2026年第一次修订）");
    await screenshot(page, "catalogue-import-preview");
    await page.getByRole("button", { name: "发布第 2 版" }).click();
    // Province-wide: confirmed first (issue 15 Found 8).
    const confirm = page.getByRole("dialog", { name: "发布第 2 版监管事项清单？" });
    expect(await confirm.innerText()).toContain("全省 94 个市、县（区）");
    await confirm.getByRole("button", { name: "确认发布" }).click();
    // Publishing writes the version and one sync message per tenant while the 94 tenants may still be syncing version 1.
    await page.getByRole("heading", { name: "已发布第 2 版：福建省跨部门综合监管事项清单（2026年第一次修订）" }).waitFor({ timeout: 90_000 });
    expect(await page.getByText("已通知全省 94 个行政区划同步").isVisible()).toBe(true);
    await expectAccessible(page, "import published");
    await screenshot(page, "catalogue-import-published");
  });

  test("signed out, the public guide shows the new content, printable, in Chinese and English", async () => {
    const { page } = await portal.newPage();
    await page.goto(`${portal.url}/signin`);
    await page.getByTestId("guides-link").click();
    await page.waitForURL(/\/guides$/);
    await page.getByRole("heading", { level: 1, name: "一业一册 · 经营者合规指南" }).waitFor();
    await page.getByTestId("guide-version").waitFor();
    expect(await page.getByTestId("guide-version").innerText()).toContain("第 2 版");
    await expectAccessible(page, "guide index");
    await screenshot(page, "guides-index");

    await page.getByRole("link", { name: /餐饮服务/ }).click();
    await page.waitForURL(/\/guides\/catering$/);
    await page.getByRole("heading", { level: 1, name: "餐饮服务经营者合规指南（一业一册）" }).waitFor();
    const item = page.getByTestId("guide-item-FJ-SP-001");
    await item.waitFor();
    const text = await item.innerText();
    expect(text).toContain("餐饮服务食品安全监督检查");
    expect(text).toContain("是否配备食品安全总监或食品安全员");
    expect(text).toContain("《中华人民共和国食品安全法》第四十四条");
    expect(text).toContain("市场监督管理局");
    expect(await page.getByTestId("guide-version").innerText()).toContain("福建省跨部门综合监管事项清单（2026年第一次修订）（第 2 版");
    // No token was ever stored: the page is public.
    expect(await page.evaluate(() => sessionStorage.getItem("supervision.token"))).toBeNull();
    await expectAccessible(page, "catering guide");
    await screenshot(page, "guides-catering");

    // Printed: no navigation or buttons, each item on its own page.
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("button", { name: "打印本册" }).isVisible()).toBe(false);
    expect(await page.getByRole("link", { name: "工作人员登录" }).isVisible()).toBe(false);
    expect(await item.evaluate((el) => getComputedStyle(el).breakBefore)).toBe("page");
    await screenshot(page, "guides-catering-print");
    await page.emulateMedia({ media: "screen" });

    await page.getByTestId("language-switch").click();
    await page.getByRole("heading", { level: 1, name: "Catering: Compliance guides by industry" }).waitFor();
    expect(await item.innerText()).toContain("What is checked");
    expect(await item.innerText()).toContain("Administration for Market Regulation");

    // An unknown industry: a clear 404.
    await page.goto(`${portal.url}/guides/spaceships`);
    await page.getByRole("heading", { level: 1, name: "There is no compliance guide for this industry" }).waitFor();
  });
});
