import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { readSheetFile, writeXlsx } from "../../packages/core/src/catalogue/sheet-file";
import { expectAccessible, nav, screenshot, signIn, usePortal, whoAmI } from "./support/portal";

/** Assignments at county speed and tables that find and export (issue 15
 * Found 3, 4, 7): gulou-admin sees each unassigned item pre-filled from the
 * catalogue, assigns several at once, round-trips the assignment sheet
 * through Excel with a per-row error report, and finds and exports lists —
 * at 1440×900 and at 390×844, with axe on each screen. */

const portal = usePortal();
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function token(username: string) {
  const res = await fetch(`${portal.runtime.issuerUrl}/token`, { method: "POST", body: new URLSearchParams({ grant_type: "password", username, password: "demo123" }) });
  return ((await res.json()) as { access_token: string }).access_token;
}
async function api(path: string, bearer: string) {
  const res = await fetch(`${portal.runtime.apiUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return (await res.json()) as any;
}

async function adminPage(size: { width: number; height: number }) {
  const { page } = await portal.newPage();
  await page.setViewportSize(size);
  await signIn(page, portal.url, "gulou-admin");
  await expect.poll(() => whoAmI(page).innerText()).toContain("王芳");
  return page;
}

async function openAssignments(page: Page) {
  await page.goto(`${portal.url}/assignments`);
  await page.getByRole("heading", { level: 1, name: "属地监管责任" }).waitFor();
  await page.getByTestId("assignment-table").locator("tbody tr.ant-table-row").first().waitFor();
}

/** How far the page body reaches past the viewport (0 when nothing overflows). */
const overflow = (page: Page) => page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);

/** Click `button` and return the file the page downloads. */
async function download(page: Page, button: ReturnType<Page["getByRole"]>) {
  const [file] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path!) };
}

async function upload(page: Page, rows: string[][], name: string) {
  const blob = await writeXlsx(rows, "属地责任表");
  const buffer = Buffer.from(await blob.arrayBuffer());
  await page.locator('.ant-modal input[type="file"]').setInputFiles({ name, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer });
}

describe("assignments at county speed (1440×900)", () => {
  test("unassigned items are pre-filled from the catalogue; several are assigned at once with one audit event", async () => {
    const admin = await token("gulou-admin");
    const assigned = new Set(((await api("/assignments?limit=200", admin)).items as any[]).map((a) => a.code));
    const items = ((await api("/catalogue/items?limit=200", admin)).items as any[]).filter((i) => !assigned.has(i.code) && i.leadDepartmentType === "market");
    expect(items.length).toBeGreaterThanOrEqual(3);
    const picked = items.slice(0, 3).map((i) => i.code as string);

    const page = await adminPage(DESKTOP);
    await openAssignments(page);
    const table = page.getByTestId("assignment-table");
    // The catalogue's lead type, as this county's department, marked as a suggestion.
    const first = table.locator("tr", { hasText: picked[0]! }).first();
    expect(await first.innerText()).toContain("建议");
    expect(await first.innerText()).toContain("鼓楼区市场监督管理局");
    // Search narrows the table; the count says how many match.
    const search = page.getByRole("textbox", { name: /^搜索/ });
    await search.fill(picked[0]!);
    await expect.poll(() => table.locator("tbody tr.ant-table-row").count()).toBe(1);
    await search.fill("");
    await expectAccessible(page, "assignments with suggestions");

    for (const code of picked) await page.getByRole("checkbox", { name: `选择 ${code}` }).check();
    await page.getByRole("button", { name: "批量落实（已选 3 项）" }).click();
    const dialog = page.getByRole("dialog", { name: "批量落实 3 项属地责任" });
    await dialog.getByLabel("责任处室").waitFor();
    // Errors sit beside their field and name it.
    await dialog.getByRole("button", { name: "落实 3 项" }).click();
    await expect.poll(() => dialog.getByText("请填写责任处室").isVisible()).toBe(true);
    expect(await dialog.getByText("请填写责任人").isVisible()).toBe(true);
    await dialog.getByLabel("责任处室").fill("食品经营监管科");
    await dialog.getByLabel("责任人").fill("陈𠮷");
    await expectAccessible(page, "bulk assign dialog");
    await screenshot(page, "asg-01-bulk-dialog");
    await dialog.getByRole("button", { name: "落实 3 项" }).click();
    await page.getByText("已批量落实 3 项属地责任").waitFor();
    for (const code of picked) await expect.poll(() => table.locator("tr", { hasText: code }).first().getByText("已落实").isVisible()).toBe(true);
    const now = ((await api("/assignments?limit=200", admin)).items as any[]).filter((a) => picked.includes(a.code));
    expect(now.map((a) => [a.office, a.person])).toEqual(picked.map(() => ["食品经营监管科", "陈𠮷"]));

    // The trail reads as text, not codes: one event for the three.
    await nav(page).getByRole("menuitem", { name: "审计留痕" }).click();
    const trail = page.getByTestId("audit-table");
    await trail.getByText("批量落实属地监管责任 3 项（新增 3、修改 0）", { exact: false }).first().waitFor();
    expect(await trail.innerText()).not.toContain("assignment.bulk");
    await expectAccessible(page, "audit trail");
    await screenshot(page, "asg-02-trail");
  }, 240_000);

  test("the assignment sheet round-trips through Excel: every bad row reported, nothing saved until it is right", async () => {
    const admin = await token("gulou-admin");
    const page = await adminPage(DESKTOP);
    await openAssignments(page);
    const sheet = await download(page, page.getByRole("button", { name: "导出责任表" }));
    expect(sheet.name).toMatch(/^属地责任表-.*\.xlsx$/);
    const rows = await readSheetFile(sheet.name, sheet.bytes);
    expect(rows[0]).toEqual(["事项编码", "事项名称", "牵头部门", "配合部门", "责任处室", "责任人", "版本"]);
    const assigned = new Set(((await api("/assignments?limit=200", admin)).items as any[]).map((a) => a.code));
    const open = rows.findIndex((r, i) => i > 0 && !assigned.has(r[0]!) && r[2] !== "");
    const other = rows.findIndex((r, i) => i > open && !assigned.has(r[0]!) && r[2] !== "");
    expect(open).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(open);
    const edited = rows.map((r) => [...r]);
    edited[open]![4] = "综合执法科";
    edited[open]![5] = "郑敏";
    edited[other]![2] = "不存在的局";
    edited[other]![4] = "科";
    edited[other]![5] = "人";

    await page.getByRole("button", { name: "导入责任表" }).click();
    const dialog = page.getByRole("dialog", { name: "导入责任表" });
    await upload(page, edited, "属地责任表.xlsx");
    const errors = dialog.getByTestId("assignment-import-errors");
    await errors.waitFor();
    const errorRow = errors.locator("tr", { hasText: "不存在的局" }).first();
    expect(await errorRow.innerText()).toContain(String(other + 1));
    expect(await errorRow.innerText()).toContain("“不存在的局”不是本级在用部门的名称");
    await expectAccessible(page, "import errors");
    await screenshot(page, "asg-03-import-errors");
    expect(((await api("/assignments?limit=200", admin)).items as any[]).some((a) => a.code === edited[open]![0])).toBe(false);

    edited[other] = [...rows[other]!];
    await upload(page, edited, "属地责任表（改）.xlsx");
    await dialog.getByText("校验通过：1 项将被保存").waitFor();
    await dialog.getByRole("button", { name: "保存 1 项变更" }).click();
    const confirm = page.getByRole("dialog", { name: "保存表中的 1 项属地责任变更？" });
    await confirm.getByRole("button", { name: "保存" }).click();
    await page.getByText("已导入 1 项属地责任").waitFor();
    const saved = ((await api("/assignments?limit=200", admin)).items as any[]).find((a) => a.code === edited[open]![0]);
    expect(saved).toMatchObject({ office: "综合执法科", person: "郑敏", status: "assigned" });
  }, 240_000);
});

describe("tables that find and export", () => {
  test("the catalogue items export the visible columns; laws read with 《》", async () => {
    const page = await adminPage(DESKTOP);
    await page.goto(`${portal.url}/items`);
    const table = page.getByTestId("catalogue-items");
    await table.locator("tbody tr.ant-table-row").first().waitFor();
    const file = await download(page, table.getByRole("button", { name: "导出 Excel" }));
    const rows = await readSheetFile(file.name, file.bytes);
    expect(rows[0]).toEqual(["事项编码", "事项名称", "重点领域", "牵头部门类型", "变更类型", "变更版本", "属地责任"]);
    expect(rows.length).toBeGreaterThan(10);
    await table.getByRole("button", { name: /^查看/ }).first().click();
    const drawer = page.locator(".ant-drawer-content");
    await expect.poll(() => drawer.innerText()).toMatch(/《[^》]+》/);
    await expectAccessible(page, "item drawer");
  }, 120_000);

  test("on a phone the same pages fit the screen and pass axe", async () => {
    const page = await adminPage(PHONE);
    await openAssignments(page);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, "assignments at 390×844");
    await screenshot(page, "asg-04-phone");
    for (const path of ["/departments", "/audit", "/notices", "/inspections", "/referrals", "/disputes"]) {
      await page.goto(`${portal.url}${path}`);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await expect.poll(() => page.locator(".ant-spin-spinning").count()).toBe(0);
      if (path === "/inspections") {
        // An admin may schedule, so the page opens on the planning form: it fits too; the list is the next tab.
        await page.getByRole("button", { name: "查询互认结果" }).waitFor();
        expect(await overflow(page), `${path} (plan)`).toBeLessThanOrEqual(0);
        await expectAccessible(page, `${path} planning form at 390×844`);
        await page.getByRole("tab", { name: "本级检查任务" }).click();
        await expect.poll(() => page.locator(".ant-spin-spinning").count()).toBe(0);
      }
      await page.getByRole("button", { name: "导出 Excel" }).first().waitFor();
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
      await expectAccessible(page, `${path} at 390×844`);
    }
  }, 180_000);
});
