import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { choose, expectAccessible, nav, openDialog, screenshot, signIn, usePortal, whoAmI } from "./support/portal";

/** 职责争议 in a real browser against the whole local system (demo data
 * seeded): a county officer opens a dispute about a new industry and
 * escalates it; the county's establishment office (编办) decides the lead
 * department. Needs the built portal (`npm run build:web`). */

const portal = usePortal();

const SUBJECT = "低空经济（无人机航拍服务）";

async function openDisputes(page: Page) {
  await nav(page).getByRole("menuitem", { name: "职责争议" }).click();
  await expect.poll(() => page.getByRole("heading", { level: 1, name: "监管职责争议" }).isVisible()).toBe(true);
}

/** axe once the success toast has finished fading in (mid-fade its text has too little contrast). */
async function accessible(page: Page, label: string) {
  await page.locator(".ant-message-move-up-appear, .ant-message-move-up-enter").waitFor({ state: "detached" });
  await expectAccessible(page, label);
}

/** The action buttons on a dispute's page, in order. */
async function actionButtons(page: Page) {
  const card = page.locator(".ant-card").filter({ has: page.getByRole("heading", { name: "可执行的操作" }) });
  return (await card.locator(".ant-space button").allInnerTexts()).map((s) => s.trim());
}

describe("a dispute escalated by the host and decided by the establishment office", () => {
  let url: string;

  test("a county officer sees the demo dispute, opens one, posts and escalates", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-officer");
    await expect.poll(() => whoAmI(page).innerText()).toContain("陈静");
    await openDisputes(page);
    // The demo dispute, with its departments.
    await page.getByRole("link", { name: /剧本杀、密室逃脱等新型娱乐场所/ }).waitFor();
    expect(await page.getByRole("cell", { name: "鼓楼区市场监督管理局、鼓楼区文化和旅游局" }).count()).toBe(1);
    await expectAccessible(page, "disputes list");
    await screenshot(page, "dsp-01-list");

    const dialog = await openDialog(page, page.getByRole("button", { name: "发起争议" }), "发起监管职责争议");
    await dialog.getByText("新业态（清单尚未列入）").click();
    await dialog.getByLabel("新业态名称").fill(SUBJECT);
    const deps = dialog.getByLabel("相关部门");
    for (const name of ["鼓楼区市场监督管理局", "鼓楼区交通运输局"]) await choose(page, deps, name, name);
    // The establishment office arbitrates: it is not offered as a party.
    await deps.fill("机构编制");
    expect(await page.locator(".ant-select-item-option", { hasText: "机构编制委员会办公室" }).count()).toBe(0);
    await deps.press("Escape");
    await dialog.getByLabel("争议事由").fill("无人机航拍服务的飞行安全与经营行为由谁牵头监管不明确。");
    await screenshot(page, "dsp-02-open-form");
    await dialog.getByRole("button", { name: "发起争议" }).click();

    await page.waitForURL(/\/disputes\/dsp_[0-9A-Z]{26}$/);
    url = page.url();
    await expect.poll(() => page.getByTestId("dispute-subject").innerText()).toBe(`新业态：${SUBJECT}`);
    expect(await page.getByText("协商中", { exact: true }).first().isVisible()).toBe(true);
    // Host and party: exactly the steps the machine allows them now.
    expect(await actionButtons(page)).toEqual(["提出协商意见", "提请编办协调", "撤回争议"]);

    await page.getByLabel("意见").fill("我局只负责经营主体登记，飞行安全不在职责范围内。");
    await page.getByRole("button", { name: "发表意见" }).click();
    // In the thread (not just in the field it was typed into).
    await page.getByTestId("thread-entry").filter({ hasText: "我局只负责经营主体登记，飞行安全不在职责范围内。" }).waitFor();

    const esc = await openDialog(page, page.getByRole("button", { name: "提请编办协调" }), "提请编办协调");
    await esc.getByLabel("理由").fill("协商未果，提请区委编办协调。");
    await esc.getByRole("button", { name: "提请编办协调" }).click();
    await page.getByText("已提请编办协调", { exact: true }).first().waitFor();
    expect(await actionButtons(page)).toEqual([]);
    expect((await page.getByTestId("thread-entry").allInnerTexts()).map((s) => s.split("·")[0]!.trim())).toEqual(["发起争议", "发表意见", "提请编办协调"]);
    await accessible(page, "dispute page (host)");
    await screenshot(page, "dsp-03-escalated");
  });

  test("the establishment office decides; the lead department is shown", async () => {
    expect(url).toBeTruthy();
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-bianban");
    await expect.poll(() => whoAmI(page).innerText()).toContain("赵敏");
    await openDisputes(page);
    await page.getByRole("link", { name: new RegExp(SUBJECT.replace(/[()（）]/g, ".")) }).click();
    await page.waitForURL(url);
    await page.getByText("您在本争议中的身份：机构编制委员会办公室").waitFor();
    expect(await actionButtons(page)).toEqual(["作出裁定"]);

    const dialog = await openDialog(page, page.getByRole("button", { name: "作出裁定" }), "作出裁定");
    const lead = dialog.getByLabel("牵头部门");
    await choose(page, lead, "交通运输", "鼓楼区交通运输局");
    await dialog.getByLabel("裁定理由").fill("依据“三定”规定，低空飞行活动的行业管理由交通运输部门牵头。");
    await dialog.getByRole("button", { name: "作出裁定" }).click();
    // A ruling is final: asked once more before it is made (issue 15 Found 8).
    const final = page.getByRole("dialog", { name: "提交最终结果？" });
    await final.getByRole("button", { name: "确认提交" }).click();

    const outcome = page.getByTestId("dispute-outcome");
    await outcome.waitFor();
    expect(await outcome.innerText()).toContain("编办裁定：由 鼓楼区交通运输局 牵头");
    expect(await outcome.innerText()).toContain("牵头部门记录在本争议中");
    expect(await page.getByText("编办已裁定", { exact: true }).first().isVisible()).toBe(true);
    expect(await actionButtons(page)).toEqual([]);
    expect(await page.getByLabel("意见").count()).toBe(0);
    await accessible(page, "dispute page (decided)");
    await screenshot(page, "dsp-04-decided");

    // The list shows the lead department.
    await page.getByRole("link", { name: "返回争议列表" }).click();
    const row = page.getByRole("row").filter({ hasText: SUBJECT });
    await row.waitFor();
    expect(await row.innerText()).toContain("鼓楼区交通运输局");
    expect(await row.innerText()).toContain("编办已裁定");
  });
});
