import { afterEach, describe, expect, test } from "vitest";
import type { Locator, Page } from "playwright-core";
import { resetConfig } from "../../packages/core/src/config";
import { withContext } from "../../packages/core/src/context";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { Policy } from "../../packages/core/src/policy/index";
import { Clock } from "../../packages/core/src/clock";
import { asUser } from "../support/context";
import { choose, expectAccessible, nav, openDialog, screenshot, signIn, usePortal, whoAmI } from "./support/portal";

/** The spot-check directory pages (执法主体、检查人员、检查计划) and issue 11's
 * delivery state in the portal, in a real browser against the whole local
 * system with the 鼓楼区 demo data: the county admin sees its bodies and the
 * devolved batch, publishes a batch after confirming, registers an inspector
 * (certified-only shown in words), files a plan and sees the filing status;
 * a request whose message stalled says so on its page, the stalled list
 * retries it and the message then arrives. At 1440×900 and 390×844, with axe. */

const portal = usePortal();
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
/** The runtime's queue addresses while a test breaks one of them (read once the runtime has started). */
let savedQueueUrls: string | undefined;

afterEach(() => {
  // A test that broke a queue's address always restores it.
  if (savedQueueUrls !== undefined) {
    process.env.QUEUE_URLS = savedQueueUrls;
    savedQueueUrls = undefined;
    resetConfig();
  }
});

async function adminPage(size = DESKTOP) {
  const { page } = await portal.newPage();
  await page.setViewportSize(size);
  await signIn(page, portal.url, "gulou-admin");
  await expect.poll(() => whoAmI(page).innerText()).toContain("王芳");
  return page;
}

async function settled(page: Page) {
  // The pointer off any control: a hovered button's lighter colour is not what axe should judge.
  await page.mouse.move(0, 0);
  await expect.poll(() => page.locator(".ant-spin-spinning, .ant-skeleton-active").count()).toBe(0);
  await expect.poll(() => page.locator(".ant-message-notice").count(), { timeout: 10_000 }).toBe(0);
}

/** How far the page body reaches past the viewport (0 when nothing overflows). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

/** Open a page from the side menu (checked to be there), at its address. */
async function openPage(page: Page, menu: string, heading: string) {
  const entry = nav(page).getByRole("menuitem", { name: menu });
  await entry.waitFor();
  const path = ((await entry.getAttribute("data-menu-id")) ?? "").replace(/^.*?(\/[a-z-]*)$/, "$1");
  await page.goto(`${portal.url}${path}`);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await settled(page);
}

/** Choose in a multiple select, then close its list (it stays open for more) by clicking the dialog's title. */
async function pick(page: Page, dialog: Locator, label: string, search: string | undefined, option: string) {
  await choose(page, dialog.getByLabel(label), search, option);
  await dialog.locator(".ant-modal-title").click();
  await expect.poll(() => page.locator(".ant-select-dropdown:visible").count()).toBe(0);
}

/** Type a date into an antd date picker's input (the picker itself is what users click). */
async function typeDate(input: Locator, date: string) {
  await input.click();
  await input.fill(date);
  await input.press("Enter");
}

/** Open a page from the phone's drawer menu once its sliding-in has finished. */
async function phoneMenu(page: Page, menu: string, heading: string) {
  await page.getByRole("button", { name: "打开菜单" }).click();
  await nav(page).waitFor();
  await expect.poll(() => page.locator(".ant-drawer-content-wrapper").evaluate((e) => getComputedStyle(e).transform)).toMatch(/none|matrix\(1, 0, 0, 1, 0, 0\)/);
  await nav(page).getByRole("menuitem", { name: menu }).click();
  await nav(page).waitFor({ state: "hidden" });
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

function shanghaiYear() {
  return Number(Policy.shanghaiDate(Clock.now()).slice(0, 4));
}

describe("spot-check directory pages (1440×900)", () => {
  test("the county admin sees the bodies, their inspection items and the devolved batch, and publishes a batch after confirming", async () => {
    const page = await adminPage();
    await openPage(page, "执法主体", "行政执法主体");
    const bodies = page.getByTestId("bodies");
    await bodies.getByRole("button", { name: "鼓楼区市场监督管理局" }).waitFor();
    const township = bodies.getByRole("row").filter({ hasText: "福州市鼓楼区鼓东街道办事处" });
    expect(await township.innerText()).toContain("乡镇（街道）·鼓东街道");
    await expectAccessible(page, "enforcement bodies");
    await screenshot(page, "spot-01-bodies");

    // A body's published inspection-item list, with the items' names.
    await bodies.getByRole("button", { name: "福州市鼓楼区鼓东街道办事处" }).click();
    const drawer = page.locator(".ant-drawer-content");
    await drawer.getByText("福州市鼓楼区鼓东街道办事处 的检查事项清单").waitFor();
    await drawer.getByTestId("body-items").getByText("FJ-SP-001").waitFor();
    expect(await drawer.getByTestId("body-items").innerText()).toContain("（1 项）");
    await expectAccessible(page, "a body's inspection items");
    await drawer.getByRole("button", { name: /Close|关闭/ }).click();
    await drawer.waitFor({ state: "hidden" });

    await page.getByRole("tab", { name: "下放批次" }).click();
    const batches = page.getByTestId("batches");
    const demo = batches.getByRole("row").filter({ hasText: "鼓楼区第一批赋予街道的行政处罚事项" });
    await demo.waitFor();
    const demoText = await demo.innerText();
    for (const part of ["鼓东街道", "FJ-SP-001", "2026-01-01"]) expect(demoText).toContain(part);

    // A new batch: township and items picked, the date from the picker; nothing goes out before the confirmation.
    const dialog = await openDialog(page, page.getByRole("button", { name: "公布下放批次" }), "公布下放批次");
    await dialog.getByRole("button", { name: "公布下放批次" }).click();
    await dialog.getByText("请选择承接的乡镇（街道）").waitFor();
    await dialog.getByLabel("批次名称").fill("鼓楼区第二批赋予街道的行政处罚事项");
    await pick(page, dialog, "承接的乡镇（街道）", "鼓东", "鼓东街道");
    await pick(page, dialog, "下放事项", "FJ-SP-003", "FJ-SP-003");
    await typeDate(dialog.getByLabel("生效日期"), `${shanghaiYear()}-12-31`);
    await expectAccessible(page, "publish a batch");
    await dialog.getByRole("button", { name: "公布下放批次" }).click();
    const confirm = page.getByRole("dialog", { name: "确认公布" });
    expect(await confirm.innerText()).toContain("鼓东街道");
    expect(await confirm.innerText()).toContain("不可撤回");
    await confirm.getByRole("button", { name: "确认" }).click();
    const added = batches.getByRole("row").filter({ hasText: "鼓楼区第二批赋予街道的行政处罚事项" });
    await added.waitFor();
    expect(await added.innerText()).toContain(`${shanghaiYear()}-12-31`);
    await settled(page);
    await screenshot(page, "spot-02-batches");
  });

  test("the county admin registers an inspector; who may be drawn is said in words, and the uncertified are marked", async () => {
    const page = await adminPage();
    await openPage(page, "检查人员", "执法检查人员");
    const table = page.getByTestId("inspectors");
    const row = (name: string) => table.getByRole("row").filter({ hasText: name });
    await row("林强").waitFor();
    expect(await row("林强").innerText()).toContain("持证有效，可抽取");
    expect(await row("王五（网格员）").innerText()).toContain("不可抽取或记录：网格员不能执法");
    expect(await row("赵六（执法证已过期）").innerText()).toContain("执法证今日不在有效期内");
    await expectAccessible(page, "inspectors");

    const dialog = await openDialog(page, page.getByRole("button", { name: "登记人员" }), "登记人员");
    await pick(page, dialog, "执法主体", "市场", "鼓楼区市场监督管理局");
    await dialog.getByLabel("姓名").fill("陈𠮷祥");
    // An officer without a certificate is refused beside the field.
    await dialog.getByRole("button", { name: "保存" }).click();
    await dialog.getByText("请填写执法证编号").waitFor();
    await dialog.getByLabel("执法证编号").fill("闽榕执01029876");
    const range = dialog.locator(".ant-picker-range input");
    await typeDate(range.nth(0), "2025-01-01");
    await typeDate(range.nth(1), "2030-12-31");
    await pick(page, dialog, "资格（可检查事项）", "FJ-SP-001", "FJ-SP-001");
    await pick(page, dialog, "回避的乡镇（街道）", "鼓东", "鼓东街道");
    await expectAccessible(page, "register an inspector");
    await dialog.getByRole("button", { name: "保存" }).click();
    await row("陈𠮷祥").waitFor();
    const added = await row("陈𠮷祥").innerText();
    expect(added).toContain("持证有效，可抽取");
    expect(added).toContain("闽榕执01029876");
    expect(added).toContain("鼓东街道");

    // Edited: set 停用, the person can no longer be drawn, and the list says so in words.
    const edit = await openDialog(page, row("陈𠮷祥").getByRole("button", { name: "修改 陈𠮷祥" }), "修改 陈𠮷祥");
    // A select without search: its selected value covers the input, so the select itself is clicked.
    const status = edit.locator("#inspector_status").locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' ant-select ')][1]");
    await status.click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "停用" }).click();
    await expect.poll(() => status.innerText()).toContain("停用");
    await edit.getByRole("button", { name: "保存" }).click();
    await edit.waitFor({ state: "hidden" });
    await expect.poll(() => row("陈𠮷祥").innerText()).toContain("不可抽取或记录：已停用");
    await settled(page);
    await screenshot(page, "spot-03-inspectors");
  });

  test("the county admin sees who has not filed, files a plan after confirming, and the filing status follows", async () => {
    const page = await adminPage();
    await openPage(page, "检查计划", "年度检查计划");
    const filing = page.getByTestId("filing");
    await filing.getByTestId("filing-count").waitFor();
    const before = await filing.getByTestId("filing-count").innerText();
    const counts = before.match(/已报送 (\d+) \/ (\d+)/);
    expect(counts).not.toBeNull();
    const [filedBefore, total] = [Number(counts![1]), Number(counts![2])];
    expect(await filing.getByTestId("unfiled").innerText()).toContain("鼓楼区生态环境局");
    expect(await filing.innerText()).toContain(`报送截止：${shanghaiYear()}-03-31`);
    await expectAccessible(page, "plans and filing status");

    const year = shanghaiYear();
    const dialog = await openDialog(page, page.getByRole("button", { name: "报送计划" }), `报送计划（${year}）`);
    await dialog.getByLabel("计划名称").fill(`${year}年度鼓楼区生态环境局双随机抽查计划`);
    await pick(page, dialog, "执法主体", "生态", "鼓楼区生态环境局");
    await pick(page, dialog, "检查事项", "FJ-SP-001", "FJ-SP-001");
    const range = dialog.locator(".ant-picker-range input");
    await typeDate(range.nth(0), `${year}-06-01`);
    await typeDate(range.nth(1), `${year}-12-31`);
    await dialog.getByLabel("D 类比例（%）").fill("80");
    await expectAccessible(page, "file a plan");
    await dialog.getByRole("button", { name: "报送计划" }).click();
    const confirm = page.getByRole("dialog", { name: "确认公布" });
    expect(await confirm.innerText()).toContain("不能撤回");
    await confirm.getByRole("button", { name: "确认" }).click();

    const plan = page.getByTestId("plans").getByRole("row").filter({ hasText: `${year}年度鼓楼区生态环境局双随机抽查计划` });
    await plan.waitFor();
    const planText = await plan.innerText();
    expect(planText).toContain("FJ-SP-001");
    expect(planText).toContain(`${year}-06-01 – ${year}-12-31`);
    expect(planText).toMatch(/5% \/ 10% \/ 30% \/ 80%/);
    await expect.poll(() => filing.getByTestId("filing-count").innerText()).toContain(`已报送 ${filedBefore + 1} / ${total}`);
    expect(await filing.getByTestId("unfiled").innerText()).not.toContain("鼓楼区生态环境局");
    const bodyRow = filing.getByRole("row").filter({ hasText: "鼓楼区生态环境局" });
    // Filed after 31 March: accepted and marked late (RULES.md).
    const late = Policy.shanghaiDate(Clock.now()) > `${year}-03-31`;
    expect(await bodyRow.innerText()).toContain(late ? "逾期报送" : "已报送");

    // The same body filing again is refused beside the bodies field.
    const again = await openDialog(page, page.getByRole("button", { name: "报送计划" }), `报送计划（${year}）`);
    await again.getByLabel("计划名称").fill(`${year}年度鼓楼区生态环境局第二份计划`);
    await pick(page, again, "执法主体", "生态", "鼓楼区生态环境局");
    await pick(page, again, "检查事项", "FJ-SP-001", "FJ-SP-001");
    await typeDate(again.locator(".ant-picker-range input").nth(0), `${year}-07-01`);
    await typeDate(again.locator(".ant-picker-range input").nth(1), `${year}-08-31`);
    await again.getByRole("button", { name: "报送计划" }).click();
    await page.getByRole("dialog", { name: "确认公布" }).getByRole("button", { name: "确认" }).click();
    await again.getByText(`鼓楼区生态环境局已报送 ${year} 年度检查计划`).waitFor();
    await screenshot(page, "spot-04-plans");
  });
});

describe("a message that stalled, on the request and in the stalled list (1440×900)", () => {
  test("the request says its delivery stalled; the admin sends it again and it arrives", async () => {
    const { AssistanceRequest } = await import("../../packages/core/src/assistance/index");
    const { Department } = await import("../../packages/core/src/department/index");
    const { Outbox } = await import("../../packages/core/src/outbox/index");
    const [GULOU, TAIJIANG] = ["350102", "350103"];
    const asOfficer = <T>(tenantId: string, fn: () => Promise<T>) => asUser(tenantId, fn, "officer", Department.standardId(tenantId, "market"));

    // The assistance queue is unreachable while the request is sent (a network outage).
    savedQueueUrls = process.env.QUEUE_URLS!;
    const urls = JSON.parse(savedQueueUrls) as Record<string, string>;
    expect(urls.assistance).toBe(portal.runtime.queueUrls.assistance);
    process.env.QUEUE_URLS = JSON.stringify({ ...urls, assistance: "http://127.0.0.1:1/000000000000/nowhere" });
    resetConfig();
    const entityName = "福州𠮷祥停滞测试餐饮有限公司";
    const sent = await asOfficer(GULOU, () =>
      AssistanceRequest.send({ toTenant: TAIJIANG, type: "information", creditCode: withCheckChar("91350103MA2E2E003"), entityName, facts: "请提供该公司的食品经营许可。" }),
    );
    // The sweeper keeps trying (each failed send counts) until the record stalls.
    let now = Date.now();
    for (let i = 0; i < 10; i++) {
      if ((await asUser(GULOU, () => Outbox.deliveryOf({ type: "assistance", id: sent.id }))).length > 0) break;
      now += 10 * 60_000;
      await withContext({ actor: { type: "system", reason: "test" }, requestId: "test", locale: "zh-CN", now: () => new Date(now) }, () => Outbox.sweep());
    }
    process.env.QUEUE_URLS = savedQueueUrls;
    savedQueueUrls = undefined;
    resetConfig();
    const stalled = await asUser(GULOU, () => Outbox.deliveryOf({ type: "assistance", id: sent.id }));
    expect(stalled).toHaveLength(1);
    const detail = await asOfficer(GULOU, () => AssistanceRequest.fromID(sent.id));

    const page = await adminPage();
    await page.goto(`${portal.url}/assistance/${sent.id}`);
    const delivery = page.getByTestId("delivery").first();
    await delivery.waitFor();
    const text = await delivery.innerText();
    expect(text).toContain("投递停滞");
    expect(text).toMatch(/经 \d+ 次发送仍未送达对方/);
    expect(text).toContain("错误：");
    // A deadline past the working-day calendar says so, with why.
    expect(await page.getByTestId("beyond-calendar").count()).toBe(Number(detail.ackDueBeyondCalendar) + Number(detail.dueBeyondCalendar));
    if (detail.dueBeyondCalendar) expect(await page.getByTestId("beyond-calendar").first().getAttribute("aria-description")).toContain("国务院尚未公布");
    await settled(page);
    await expectAccessible(page, "a request whose delivery stalled");
    await screenshot(page, "spot-05-delivery-stalled");

    await delivery.getByRole("link", { name: "查看停滞消息" }).click();
    await page.getByRole("heading", { level: 1, name: "停滞的消息" }).waitFor();
    await settled(page);
    const row = page.getByTestId("stalled").getByRole("row").filter({ hasText: sent.id });
    await row.waitFor();
    expect(await row.innerText()).toContain("assistance.requested");
    expect(await row.innerText()).toContain("台江区");
    await expectAccessible(page, "stalled messages");
    await screenshot(page, "spot-06-stalled");

    await row.getByRole("button", { name: /重新发送/ }).click();
    const confirm = page.getByRole("dialog", { name: "重新发送" });
    await confirm.getByRole("button", { name: "确认" }).click();
    await page.getByText("已重新排队，平台将重新发送").waitFor();
    await expect.poll(() => row.count()).toBe(0);

    // Sent again by the sweeper, the request reaches 台江区 and the page no longer reports a stall.
    await expect.poll(async () => (await asOfficer(TAIJIANG, () => AssistanceRequest.list({ box: "inbox" }))).items.some((r) => r.id === sent.id), { timeout: 30_000 }).toBe(true);
    await page.goto(`${portal.url}/assistance/${sent.id}`);
    await expect.poll(() => page.getByTestId("delivery").first().innerText()).toContain("已发出");
    expect(await page.getByText("投递停滞").count()).toBe(0);
  });
});

describe("on a phone (390×844)", () => {
  test("the spot-check pages and the stalled list fit the screen and pass axe", async () => {
    const page = await adminPage(PHONE);
    for (const [menu, heading] of [
      ["执法主体", "行政执法主体"],
      ["检查人员", "执法检查人员"],
      ["检查计划", "年度检查计划"],
      ["停滞消息", "停滞的消息"],
    ] as const) {
      await phoneMenu(page, menu, heading);
      await settled(page);
      expect(await overflow(page), `${menu}: the page is wider than the phone`).toBeLessThanOrEqual(0);
      await expectAccessible(page, `${menu} at 390×844`);
    }
    // A form on the phone: stacked fields, nothing wider than the screen.
    await phoneMenu(page, "检查计划", "年度检查计划");
    await settled(page);
    const year = shanghaiYear();
    const dialog = await openDialog(page, page.getByRole("button", { name: "报送计划" }), `报送计划（${year}）`);
    await dialog.getByLabel("计划名称").waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, "file a plan at 390×844");
    await screenshot(page, "spot-07-phone-plan");
  });
});
