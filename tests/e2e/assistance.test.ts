import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import type { Locator, Page } from "playwright-core";
import { Clock } from "../../packages/core/src/clock";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { asUser } from "../support/context";
import { choose, expectAccessible, nav, openDialog, screenshot, signIn, usePortal, whoAmI } from "./support/portal";

/** 跨区域协助, 预警协同 and 工作看板 in a real browser against the whole
 * local system (demo data seeded, queue consumers running): 鼓楼区 asks
 * 思明区 for help in the portal, the request travels through the assistance
 * queue, 思明区 accepts and answers it, and 鼓楼区 sees the answer. Needs the
 * built portal (`npm run build:web`). */

const portal = usePortal();
afterEach(() => Clock.reset());


// An entity only this test uses (the demo seed sends its own request from 鼓楼区 to 思明区).
const ENTITY = "厦门浏览器测试冷链食品有限公司";
const CODE = withCheckChar("91350203MA2E2E001");
const FACTS = "该公司向鼓楼区多家餐饮单位供应的冷冻牛肉涉嫌无检疫证明，请协助核查其仓储与进货台账。";
const RESULT = "已现场核查：该公司冷库存放的冷冻牛肉均附动物检疫合格证明，进货台账完整。";

async function openMenu(page: Page, name: string, heading: string) {
  await nav(page).getByRole("menuitem", { name }).click();
  await expect.poll(() => page.getByRole("heading", { level: 1, name: heading }).isVisible()).toBe(true);
}

/** Wait until no toast is showing: one fading in or out has a transient low contrast that axe would report. */
async function noToasts(page: Page) {
  await expect.poll(() => page.locator(".ant-message-notice").count(), { timeout: 10_000 }).toBe(0);
}

/** Reload until `check` holds: messages between tenants arrive through the queue, not at once. */
async function eventually(page: Page, check: () => Promise<boolean>, timeout = 30_000) {
  const until = Date.now() + timeout;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > until) throw new Error("condition not met in time");
    await page.waitForTimeout(750);
    await page.reload();
    await page.waitForLoadState("networkidle").catch(() => undefined);
  }
}

const tinyFile = (() => {
  const dir = mkdtempSync(join(tmpdir(), "asr-e2e-"));
  const path = join(dir, "现场核查记录.txt");
  writeFileSync(path, "现场核查记录：冷库 3 间，抽查 12 批次，均附检疫证明。\n");
  return path;
})();

describe("a request from 鼓楼区 to 思明区, answered through the queue", () => {
  let requestUrl = "";

  test("鼓楼区's officer sends it from the portal; a wrong credit code is refused on its field first", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-officer");
    await expect.poll(() => whoAmI(page).innerText()).toContain("陈静");
    await openMenu(page, "跨区域协助", "跨区域协助");
    await page.getByRole("tab", { name: "发起协助请求" }).click();
    await page.getByLabel("统一社会信用代码").waitFor();
    // The default deadline of the kind is shown before anything is chosen.
    expect(await page.getByText(/不选择则按规则默认：\d{4}-\d{2}-\d{2} 24:00 前答复/).isVisible()).toBe(true);

    // Only other tenants are offered: not 鼓楼区 itself.
    const receiver = page.getByRole("combobox", { name: "接收方" });
    await receiver.click();
    await receiver.fill("福州市");
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "福州市（350100）" }).waitFor();
    await receiver.fill("350102");
    await expect.poll(() => page.locator(".ant-select-dropdown:visible .ant-select-item-option").count()).toBe(0);
    await receiver.fill("");
    await page.keyboard.press("Escape");
    await choose(page, receiver, "思明", "思明区（350203）");

    const wrong = CODE.slice(0, 17) + (CODE[17] === "0" ? "1" : "0");
    await page.getByLabel("统一社会信用代码").fill(wrong);
    await page.getByLabel("主体名称").fill(ENTITY);
    await page.getByLabel("事实与请求内容").fill(FACTS);
    await expectAccessible(page, "new assistance request form");
    await screenshot(page, "asr-01-new-request");
    await page.getByRole("button", { name: "发送请求" }).click();
    // The API's check-character message, on the field.
    const codeItem = page.locator(".ant-form-item").filter({ has: page.getByLabel("统一社会信用代码") });
    await expect.poll(() => codeItem.locator(".ant-form-item-explain-error").innerText()).toContain("校验码");
    await screenshot(page, "asr-02-credit-code-error");

    await page.getByLabel("统一社会信用代码").fill(CODE);
    await page.getByRole("button", { name: "发送请求" }).click();
    await page.waitForURL(/\/assistance\/asr_[0-9A-Z]{26}$/);
    requestUrl = page.url();
    await page.getByRole("heading", { level: 1, name: "调查取证请求 · 思明区" }).waitFor();
    expect(await page.getByTestId("request-status").innerText()).toContain("待受理");
    // The sender may reply and withdraw, not accept.
    expect(await page.getByRole("button", { name: "撤回请求" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "受理", exact: true }).count()).toBe(0);
    // The routing note comes back from 思明区 through the queue.
    await eventually(page, async () => (await page.getByTestId("thread").innerText()).includes("思明区已收到，分派至思明区市场监督管理局"));
    await expectAccessible(page, "assistance request (sender)");
    await screenshot(page, "asr-03-sent-request");
  });

  test("思明区's officer finds it in the inbox, accepts it and answers with evidence", async () => {
    expect(requestUrl).not.toBe("");
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "siming-officer");
    await expect.poll(() => whoAmI(page).innerText()).toContain("许斌");
    await openMenu(page, "跨区域协助", "跨区域协助");
    const row = page.getByRole("row").filter({ hasText: ENTITY });
    await eventually(page, () => row.isVisible());
    expect(await row.innerText()).toContain("鼓楼区");
    expect(await row.innerText()).toContain("待受理");
    expect(await row.innerText()).toContain("思明区市场监督管理局");
    expect(await row.innerText()).toMatch(/答复期限：\d{4}-\d{2}-\d{2} 24:00/);
    await expectAccessible(page, "assistance inbox");
    await screenshot(page, "asr-04-inbox");

    await row.getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: "调查取证请求 · 鼓楼区" }).waitFor();
    expect(await page.getByText(FACTS).isVisible()).toBe(true);
    await page.getByRole("button", { name: "受理", exact: true }).click();
    await expect.poll(() => page.getByTestId("request-status").innerText()).toContain("已受理");

    const dialog = await openDialog(page, page.getByRole("button", { name: "答复结果" }), "答复结果");
    await dialog.getByLabel("办理结果").fill(RESULT);
    await dialog.getByLabel("核查发现").fill("抽查 12 批次，未发现无证产品。");
    await dialog.getByLabel("证据材料").setInputFiles(tinyFile);
    await dialog.getByText("现场核查记录.txt").waitFor();
    await noToasts(page);
    await expectAccessible(page, "answer dialog");
    await screenshot(page, "asr-05-answer-dialog");
    await dialog.getByRole("button", { name: "答复结果" }).click();
    // A final answer is confirmed once more before it goes.
    await page.getByRole("dialog", { name: "提交最终结果？" }).getByRole("button", { name: "确认提交" }).click();
    await expect.poll(() => page.getByTestId("request-status").innerText()).toContain("已答复");
    expect(await page.getByTestId("answer").innerText()).toContain(RESULT);
    expect(await page.getByText("该请求已办结，不能再操作。").isVisible()).toBe(true);
    await screenshot(page, "asr-06-answered-receiver");
  });

  test("鼓楼区's officer sees the answer, the evidence and the whole thread on the sent request", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-officer");
    await expect.poll(() => whoAmI(page).innerText()).toContain("陈静");
    await page.goto(requestUrl);
    await eventually(page, async () => (await page.getByTestId("request-status").innerText()).includes("已答复"));
    const answer = await page.getByTestId("answer").innerText();
    expect(answer).toContain(RESULT);
    expect(answer).toContain("抽查 12 批次");
    expect(await page.getByRole("button", { name: "下载附件：现场核查记录.txt" }).count()).toBeGreaterThan(0);
    const thread = await page.getByTestId("thread").innerText();
    for (const kind of ["分派", "受理", "答复结果"]) expect(thread).toContain(kind);

    // The evidence downloads with the session's token (the right travelled with the answer).
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "下载附件：现场核查记录.txt" }).first().click();
    expect((await download).suggestedFilename()).toBe("现场核查记录.txt");

    // The sent box shows it answered.
    await page.goto(`${portal.url}/assistance?tab=sent`);
    const row = page.getByRole("row").filter({ hasText: ENTITY });
    await row.waitFor();
    expect(await row.innerText()).toContain("已答复");
    await expectAccessible(page, "assistance sent box");
    await screenshot(page, "asr-07-sent-box");
  });
});

describe("two people act on the same request", () => {
  test("the second accept is refused with 409 and the page offers a reload", async () => {
    // The demo request (鼓楼区 → 思明区, seeded at start) is still waiting in 思明区's inbox.
    const first = await portal.newPage();
    const second = await portal.newPage();
    await signIn(first.page, portal.url, "siming-officer");
    await signIn(second.page, portal.url, "siming-admin");
    for (const { page } of [first, second]) {
      await expect.poll(() => whoAmI(page).innerText()).toContain("思明区");
      await page.goto(`${portal.url}/assistance`);
      const row = page.getByRole("row").filter({ hasText: "待受理" }).filter({ hasNotText: ENTITY }).first();
      await eventually(page, () => row.isVisible());
      await row.getByRole("link").click();
      await page.getByRole("button", { name: "受理", exact: true }).waitFor();
    }
    expect(first.page.url()).toBe(second.page.url());
    await first.page.getByRole("button", { name: "受理", exact: true }).click();
    await expect.poll(() => first.page.getByTestId("request-status").innerText()).toContain("已受理");

    await second.page.getByRole("button", { name: "受理", exact: true }).click();
    const conflict = second.page.getByTestId("conflict");
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain("该记录已被他人修改，请刷新后重试");
    await screenshot(second.page, "asr-08-conflict");
    await conflict.getByRole("button", { name: "刷新" }).click();
    await expect.poll(() => second.page.getByTestId("request-status").innerText()).toContain("已受理");
    expect(await second.page.getByTestId("conflict").count()).toBe(0);
    // Now the admin may answer it.
    expect(await second.page.getByRole("button", { name: "答复结果" }).isVisible()).toBe(true);
  });
});

describe("dashboards", () => {
  test("鼓楼区's admin sees the figures against the targets, met or not in words", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-admin");
    await expect.poll(() => whoAmI(page).innerText()).toContain("王芳");
    await openMenu(page, "工作看板", "工作看板");
    const figures = page.getByTestId("dashboard-figures");
    await figures.getByRole("cell", { name: "7 日内受理率" }).waitFor();
    const text = await figures.innerText();
    expect(text).toContain("不低于 80%");
    expect(text).toContain("不超过 16 天");
    expect(text).toContain("按期答复率");
    // 鼓楼区 only sent requests: it has acknowledged and answered nothing, so there is nothing to measure yet.
    expect(await figures.getByText("暂无数据").count()).toBe(3);
    expect(await page.getByText("发出请求").isVisible()).toBe(true);
    // Nothing is overdue yet, in either list.
    expect(await page.getByText("没有逾期事项").count()).toBe(2);
    // A county has no regions below it.
    expect(await page.getByRole("heading", { name: "下级各地" }).count()).toBe(0);
    await expectAccessible(page, "dashboard (county)");
    await screenshot(page, "asr-09-dashboard-sender");
  });

  test("思明区's admin sees its own handling measured: accepted in time and answered by the deadline", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "siming-admin");
    await expect.poll(() => whoAmI(page).innerText()).toContain("周婷");
    await openMenu(page, "工作看板", "工作看板");
    const figures = page.getByTestId("dashboard-figures");
    await figures.getByRole("cell", { name: "7 日内受理率" }).waitFor();
    const row = (name: string) => figures.getByRole("row").filter({ hasText: name }).innerText();
    // Both requests it received were accepted the same day; the one answered was answered in time.
    expect(await row("7 日内受理率")).toMatch(/100\.0%[\s\S]*不低于 80%[\s\S]*达标/);
    expect(await row("按期答复率")).toMatch(/100\.0%[\s\S]*达标/);
    expect(await row("平均答复天数")).toMatch(/0 天[\s\S]*不超过 16 天[\s\S]*达标/);
    expect(await row("7 日内受理率")).not.toContain("未达标");
    await screenshot(page, "asr-10-dashboard-receiver");
  });

  test("福州市's admin also sees the table of the tenants below", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "fuzhou-admin");
    await expect.poll(() => whoAmI(page).innerText()).toContain("李华");
    await openMenu(page, "工作看板", "工作看板");
    await page.getByRole("heading", { name: "下级各地" }).waitFor();
    await page.getByRole("cell", { name: "鼓楼区", exact: true }).waitFor();
    expect(await page.getByTestId("dashboard-total").innerText()).toContain("合计");
    await expectAccessible(page, "dashboard (city)");
    await screenshot(page, "asr-11-dashboard-city");
  });
});

describe("alerts and escalations", () => {
  test("鼓楼区's admin alerts 福州市's tenants; 台江区 follows up; 鼓楼区 sees the count", async () => {
    const sender = await portal.newPage();
    await signIn(sender.page, portal.url, "gulou-admin");
    await expect.poll(() => whoAmI(sender.page).innerText()).toContain("王芳");
    await openMenu(sender.page, "预警协同", "预警协同");
    await sender.page.getByRole("tab", { name: "发出预警" }).click();
    await sender.page.getByLabel("一个设区市（市本级及其县区）").check();
    await choose(sender.page, sender.page.getByRole("combobox", { name: "设区市" }), "福州", "福州市（350100）");
    await sender.page.getByLabel("橙色").check();
    await sender.page.getByLabel("标题").fill("某品牌冷冻牛肉涉嫌无检疫证明");
    await sender.page.getByLabel("预警内容").fill("请各地排查辖区内经营该批次产品的单位，并反馈排查结果。");
    await sender.page.getByLabel("产品名称").fill("冷冻牛肉（批次 20261120）");
    await expectAccessible(sender.page, "send alert form");
    await screenshot(sender.page, "asr-12-alert-form");
    await sender.page.getByRole("button", { name: "发出预警" }).click();
    const sentRow = sender.page.getByRole("row").filter({ hasText: "某品牌冷冻牛肉涉嫌无检疫证明" });
    await sentRow.waitFor();
    expect(await sentRow.innerText()).toContain("已反馈 0/");

    const receiver = await portal.newPage();
    await signIn(receiver.page, portal.url, "taijiang-officer");
    await expect.poll(() => whoAmI(receiver.page).innerText()).toContain("刘洋");
    await openMenu(receiver.page, "预警协同", "预警协同");
    const row = receiver.page.getByRole("row").filter({ hasText: "某品牌冷冻牛肉涉嫌无检疫证明" });
    await eventually(receiver.page, () => row.isVisible());
    expect(await row.innerText()).toContain("鼓楼区");
    const dialog = await openDialog(receiver.page, row.getByRole("button", { name: /填写反馈/ }), "排查反馈：某品牌冷冻牛肉涉嫌无检疫证明");
    await dialog.getByLabel("发现问题").check();
    await dialog.getByLabel("说明").fill("辖区 1 家经营户在售，已下架封存。");
    await expectAccessible(receiver.page, "alert follow-up dialog");
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => row.innerText()).toContain("发现问题");
    await noToasts(receiver.page);
    await expectAccessible(receiver.page, "alerts received");
    await screenshot(receiver.page, "asr-13-alert-received");

    await eventually(sender.page, async () => {
      await sender.page.getByRole("tab", { name: "发出的预警" }).click();
      return (await sentRow.innerText()).includes("已反馈 1/") && (await sentRow.innerText()).includes("发现 1");
    });
    await expectAccessible(sender.page, "alerts sent");
    await screenshot(sender.page, "asr-14-alert-sent");
  });

  test("the escalations page is there for a tenant admin and not for an officer", async () => {
    const admin = await portal.newPage();
    await signIn(admin.page, portal.url, "fuzhou-admin");
    await expect.poll(() => whoAmI(admin.page).innerText()).toContain("李华");
    await openMenu(admin.page, "协调督办", "协调督办");
    await admin.page.getByText("暂无督办事项").waitFor();
    await expectAccessible(admin.page, "escalations");
    await screenshot(admin.page, "asr-15-escalations");

    const officer = await portal.newPage();
    await signIn(officer.page, portal.url, "gulou-officer");
    await expect.poll(() => whoAmI(officer.page).innerText()).toContain("陈静");
    expect(await nav(officer.page).getByRole("menuitem", { name: "协调督办" }).count()).toBe(0);
    await officer.page.goto(`${portal.url}/assistance/escalations`);
    await officer.page.getByText("您的角色无权访问此页面").waitFor();
  });

  test("a request 台江区 leaves unacknowledged escalates to 福州市, whose admin designates 晋安区 to handle it", async () => {
    // Imported once the portal's runtime has set the table (entities bind it when built).
    const { AssistanceRequest } = await import("../../packages/core/src/assistance/index");
    const { Department } = await import("../../packages/core/src/department/index");
    const { runEscalator } = await import("../../packages/functions/src/jobs/assistance-escalator");
    const [GULOU, TAIJIANG, JINAN] = ["350102", "350103", "350111"];
    const asOfficer = <T>(tenantId: string, fn: () => Promise<T>) => asUser(tenantId, fn, "officer", Department.standardId(tenantId, "market"));
    const entityName = "福州督办测试食品有限公司";
    const sent = await asOfficer(GULOU, () =>
      AssistanceRequest.send({ toTenant: TAIJIANG, type: "information", creditCode: withCheckChar("91350103MA2E2E002"), entityName, facts: "请提供该公司的食品经营许可及近一年监督检查记录。" }),
    );
    const inbox = (tenantId: string) => asOfficer(tenantId, () => AssistanceRequest.list({ box: "inbox" }));
    const sentCopy = () => asOfficer(GULOU, () => AssistanceRequest.fromID(sent.id));
    await expect.poll(async () => (await inbox(TAIJIANG)).items.some((r) => r.id === sent.id), { timeout: 30_000 }).toBe(true);
    // Its routing note is back too (an escalation racing it would wait for the escalator's next run).
    await expect.poll(async () => (await sentCopy()).thread.some((p) => p.kind === "routed"), { timeout: 30_000 }).toBe(true);

    // Eight days on, 台江区 has not acknowledged it: the escalator hands it to the lowest common superior, 福州市.
    Clock.advance(8 * 86_400_000);
    expect((await runEscalator()).failures).toEqual([]);
    expect((await sentCopy()).escalations?.map((e) => [e.stage, e.to])).toEqual([["acknowledge", "350100"]]);

    const admin = await portal.newPage();
    await signIn(admin.page, portal.url, "fuzhou-admin");
    await expect.poll(() => whoAmI(admin.page).innerText()).toContain("李华");
    await openMenu(admin.page, "协调督办", "协调督办");
    const row = admin.page.getByRole("row").filter({ hasText: entityName });
    await eventually(admin.page, () => row.isVisible());
    expect(await row.innerText()).toContain("台江区");
    expect(await row.innerText()).toContain("受理");
    await expectAccessible(admin.page, "escalation listed");
    const dialog = await openDialog(admin.page, row.getByRole("button", { name: "指定承办：鼓楼区 → 台江区" }), "指定承办：鼓楼区 → 台江区");
    await choose(admin.page, dialog.getByLabel("承办方"), "晋安", "晋安区（350111）");
    await dialog.getByRole("button", { name: "指定承办" }).click();
    await expect.poll(() => row.innerText()).toContain("已指定承办");
    expect(await row.innerText()).toContain("承办方：晋安区");
    await noToasts(admin.page);
    await screenshot(admin.page, "asr-16-designated");

    // 晋安区 receives it in its inbox, and 鼓楼区's sent copy names the new handler.
    await expect.poll(async () => (await inbox(JINAN)).items.some((r) => r.id === sent.id), { timeout: 30_000 }).toBe(true);
    await expect.poll(async () => (await sentCopy()).toTenant, { timeout: 30_000 }).toBe(JINAN);
  });
});
