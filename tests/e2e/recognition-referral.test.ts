import { afterEach, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { Clock, formatShanghai } from "../../packages/core/src/clock";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { Policy } from "../../packages/core/src/policy/index";
import { choose, expectAccessible, nav, openDialog, screenshot, signIn, usePortal, whoAmI } from "./support/portal";

/** 执法互认 and 行刑衔接 in a real browser against the whole local system:
 * a result recognised in 鼓楼区 stops a duplicate inspection in 思明区 unless
 * a reason is given; a criminal transfer runs its clocks from the officer to
 * the agency head to the police. */

const portal = usePortal();
afterEach(() => Clock.reset());


async function as(username: string, name: string) {
  const { page } = await portal.newPage();
  await signIn(page, portal.url, username);
  await expect.poll(() => whoAmI(page).innerText()).toContain(name);
  return page;
}

/** axe, with the pointer parked away from hovered buttons and rows. */
async function accessible(page: Page, label: string) {
  await page.mouse.move(1, 1);
  await expectAccessible(page, label);
}

async function open(page: Page, name: "检查安排" | "行刑衔接") {
  await nav(page).getByRole("menuitem", { name }).click();
  await expect.poll(() => page.getByRole("heading", { level: 1, name }).isVisible()).toBe(true);
}

describe("执法互认: a result recognised in 鼓楼区 stops a duplicate inspection in 思明区", () => {
  const CODE = withCheckChar("91350102MA2YE2E01");
  const ENTITY = "福州端到端测试餐饮有限公司";

  async function fillPlan(page: Page) {
    await page.getByLabel("统一社会信用代码").fill(CODE);
    await page.getByLabel("主体名称").fill(ENTITY);
    // Pickers, not typed text (issue 15 Found 8): the item from the catalogue, the date from a calendar.
    await choose(page, page.getByLabel("监管事项编码"), "FJ-SP-002", "FJ-SP-002");
    await page.keyboard.press("Escape");
    const date = page.getByLabel("计划检查日期");
    await date.click();
    await date.fill("2026-12-28");
    await date.press("Enter");
    await expect.poll(() => date.inputValue()).toBe("2026-12-28");
  }

  test("鼓楼区 schedules and closes a recognisable inspection; 思明区 sees it and must give a reason", async () => {
    // 鼓楼区's officer plans a visit: nothing recognised yet.
    const officer = await as("gulou-officer", "陈静");
    await open(officer, "检查安排");
    await fillPlan(officer);
    await officer.getByRole("button", { name: "查询互认结果" }).click();
    await officer.getByText("没有覆盖这些事项的互认有效结果，可以安排检查。").waitFor();
    await accessible(officer, "inspection planning");
    await officer.getByRole("button", { name: "安排检查" }).click();
    await officer.getByText(`已安排对 ${ENTITY} 的检查`).waitFor();

    // The inspector closes it as a result recognised province-wide.
    const inspector = await as("gulou-inspector", "林强");
    await open(inspector, "检查安排");
    expect(await inspector.getByRole("tab", { name: "安排前查询" }).count()).toBe(0);
    const dialog = await openDialog(inspector, inspector.getByRole("button", { name: `办结对 ${ENTITY} 的检查` }), `办结检查：${ENTITY}`);
    await dialog.getByLabel("检查情况").fill("后厨卫生、进货查验和留样记录均符合要求。");
    expect(await dialog.getByLabel("设为全省互认结果").isChecked()).toBe(true);
    await dialog.getByRole("button", { name: "提交" }).click();
    await inspector.getByText(/检查已办结，结果已提交全省互认/).waitFor();
    await inspector.getByRole("tab", { name: "本级出具的互认结果" }).click();
    await inspector.getByRole("row").filter({ hasText: ENTITY }).waitFor();
    await screenshot(inspector, "rcg-01-issued");

    // 思明区 (another city) plans a visit to the same entity for the same item.
    const siming = await as("siming-officer", "许斌");
    await open(siming, "检查安排");
    await fillPlan(siming);
    // The recognition queue delivers the result to the province registry in the background.
    await expect
      .poll(
        async () => {
          await siming.getByRole("button", { name: "查询互认结果" }).click();
          return siming.getByRole("table", { name: "该主体相关事项仍然有效的互认结果" }).isVisible();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    const row = siming.getByTestId("recognised").getByRole("row").filter({ hasText: "鼓楼区" });
    expect(await row.innerText()).toContain("合格");
    expect(await siming.getByText("已有 1 条互认有效结果覆盖这些事项").isVisible()).toBe(true);
    // No reason, no visit.
    await siming.getByRole("button", { name: "安排检查" }).click();
    await siming.getByText("重复检查须填写至少 10 个字的理由").waitFor();
    await accessible(siming, "duplicate warning");
    await screenshot(siming, "rcg-02-duplicate-warning");
    await siming.getByLabel("重复检查理由").fill("群众投诉该店仍在销售过期食品，需现场核实");
    await siming.getByRole("button", { name: "安排检查" }).click();
    await siming.getByText(`已安排对 ${ENTITY} 的检查`).waitFor();
    const listed = siming.getByRole("row").filter({ hasText: ENTITY });
    await listed.waitFor();
    expect(await listed.innerText()).toContain("重复检查理由");
    await screenshot(siming, "rcg-03-scheduled-with-reason");
  });
});

describe("行刑衔接: a criminal transfer runs its clocks", () => {
  const TITLE = "端到端测试某作坊涉嫌生产有毒有害食品案";

  test("the officer opens it, the head decides late, the police open a case", async () => {
    const officer = await as("gulou-officer", "陈静");
    await open(officer, "行刑衔接");
    await officer.getByRole("tab", { name: "提出移送" }).click();
    await officer.getByLabel("案件名称").fill(TITLE);
    await officer.getByLabel("涉嫌罪名").fill("生产、销售有毒、有害食品罪");
    await officer.getByLabel("案件事实").fill("现场查获非法添加工业用料的卤制品 80 公斤。");
    await officer.getByLabel("执法人员 1 · 姓名").fill("陈静");
    await officer.getByLabel("执法人员 1 · 执法证号").fill("FJ35010201");
    await officer.getByLabel("执法人员 2 · 姓名").fill("林强");
    await officer.getByLabel("执法人员 2 · 执法证号").fill("FJ35010202");
    await officer.getByLabel("1. 证据名称").fill("检验报告 JY-2026-131");
    await officer.getByLabel("1. 内容哈希（SHA-256）").fill("ab".repeat(32));
    await accessible(officer, "open transfer form");
    const openedAt = new Date();
    await officer.getByRole("button", { name: "提交移送报告" }).click();
    await officer.getByText(new RegExp(`已提出移送：${TITLE}`)).waitFor();
    const row = officer.getByRole("row").filter({ hasText: TITLE });
    await row.waitFor();
    // The head's clock: 3 days, to 24:00 Beijing time, shown in Beijing time.
    const due = Policy.deadline(openedAt, Policy.current().referral.headDecision.duration).dueAt;
    // A day clock ends at 24:00 Beijing time of its last day, and is shown so.
    expect(formatShanghai(due).endsWith("00:00:00")).toBe(true);
    expect(await row.innerText()).toContain(`${formatShanghai(new Date(Date.parse(due) - 1000)).slice(0, 10)} 24:00`);
    expect(await row.innerText()).toContain("待负责人决定");
    expect(await row.innerText()).toContain("期限内");
    // An officer is not the head: no decision buttons.
    expect(await officer.getByRole("button", { name: `同意移送：${TITLE}` }).count()).toBe(0);
    await screenshot(officer, "crf-01-opened");

    // Four days later the head's decision is overdue.
    Clock.advance(4 * 86_400_000);
    const head = await as("gulou-admin", "王芳");
    await open(head, "行刑衔接");
    const late = head.getByRole("row").filter({ hasText: TITLE });
    await late.waitFor();
    expect(await late.innerText()).toContain("已逾期");
    await screenshot(head, "crf-02-overdue");
    const decide = await openDialog(head, head.getByRole("button", { name: `同意移送：${TITLE}` }), `同意移送：${TITLE}`);
    await decide.getByLabel("理由或意见").fill("涉嫌犯罪，同意移送公安机关。");
    await decide.getByRole("button", { name: "同意移送" }).click();
    await expect.poll(() => head.getByRole("row").filter({ hasText: TITLE }).innerText()).toContain("已批准，待移送");
    const transfer = await openDialog(head, head.getByRole("button", { name: `移送公安机关：${TITLE}` }), `移送公安机关：${TITLE}`);
    await transfer.getByLabel("理由或意见").fill("移送书及证据材料已送达。");
    await transfer.getByRole("button", { name: "移送公安机关" }).click();
    await expect.poll(() => head.getByRole("row").filter({ hasText: TITLE }).innerText()).toContain("已移送公安机关");
    // The steps, with the late one marked.
    await head.getByRole("row").filter({ hasText: TITLE }).getByRole("button", { name: /展开行|Expand row/ }).click();
    const steps = head.getByRole("table", { name: "各环节及其期限" });
    await steps.waitFor();
    expect(await steps.getByRole("row").filter({ hasText: "负责人决定是否移送" }).innerText()).toContain("逾期办理");
    await accessible(head, "referral steps");
    await screenshot(head, "crf-03-transferred");
    Clock.reset();

    // The police liaison sees only what was addressed to the police, and answers.
    const police = await as("gulou-judicial", "吴磊");
    await open(police, "行刑衔接");
    await police.getByText("这里只显示移送给您所在机关").waitFor();
    expect(await police.getByRole("tab", { name: "提出移送" }).count()).toBe(0);
    const decision = await openDialog(police, police.getByRole("button", { name: `决定立案：${TITLE}` }), `决定立案：${TITLE}`);
    await decision.getByLabel("理由或意见").fill("符合立案条件，决定立案侦查。");
    await decision.getByRole("button", { name: "决定立案" }).click();
    await expect.poll(() => police.getByRole("row").filter({ hasText: TITLE }).innerText()).toContain("公安机关已立案");

    // Their reverse request: an appraisal by the market regulator.
    await police.getByRole("tab", { name: "司法机关协助请求" }).click();
    const request = await openDialog(police, police.getByRole("button", { name: "提出协助请求" }), "提出协助请求");
    const to = request.getByLabel("协助部门");
    await choose(police, to, "市场监督", "鼓楼区市场监督管理局");
    await request.getByLabel("事项").fill("查扣卤制品 80 公斤");
    await request.getByLabel("具体要求").fill("请出具检验鉴定意见。");
    await request.getByRole("button", { name: "提出协助请求" }).click();
    await police.getByRole("row").filter({ hasText: "查扣卤制品 80 公斤" }).waitFor();
    await accessible(police, "judicial inbox");
    await screenshot(police, "crf-04-police");
  });

  test("the police refuse the demo case, the procuratorate (demo account) asks them to explain, and they do", async () => {
    // The demo data's case, transferred to 鼓楼公安分局 (see seed.ts).
    const DEMO = "福州某肉制品加工坊涉嫌生产销售不符合安全标准的食品案";
    const act = async (page: Page, action: string, reason: string, pick?: string) => {
      const dialog = await openDialog(page, page.getByRole("button", { name: `${action}：${DEMO}` }), `${action}：${DEMO}`);
      if (pick) await choose(page, dialog.getByLabel("检察院"), undefined, pick);
      await dialog.getByLabel("理由或意见").fill(reason);
      await dialog.getByRole("button", { name: action }).click();
    };
    const rowOf = (page: Page) => page.getByRole("row").filter({ hasText: DEMO });

    const police = await as("gulou-judicial", "吴磊");
    await open(police, "行刑衔接");
    await act(police, "不予立案", "现有证据不足以证明涉案食品足以造成严重食物中毒事故。");
    await expect.poll(() => rowOf(police).innerText()).toContain("公安机关不予立案");

    // Nothing is addressed to the procuratorate yet.
    const procurator = await as("gulou-procurator", "孙悦");
    await open(procurator, "行刑衔接");
    await procurator.getByText("这里只显示移送给您所在机关").waitFor();
    expect(await rowOf(procurator).count()).toBe(0);

    const officer = await as("gulou-officer", "陈静");
    await open(officer, "行刑衔接");
    await act(officer, "提请立案监督", "检验报告显示菌落总数超标 40 倍，不予立案理由不成立。", "福州市鼓楼区人民检察院");
    await expect.poll(() => rowOf(officer).innerText()).toContain("已提请检察院立案监督");

    // Now it is: the procuratorate asks the police to explain, and their 7-day clock starts.
    await procurator.reload();
    await open(procurator, "行刑衔接");
    await act(procurator, "要求说明理由", "请公安机关说明不立案理由。");
    await expect.poll(() => rowOf(procurator).innerText()).toContain("检察院要求说明理由");
    await accessible(procurator, "procuratorate inbox");
    await screenshot(procurator, "crf-05-procuratorate");

    await police.reload();
    await open(police, "行刑衔接");
    expect(await rowOf(police).innerText()).toContain("期限内");
    await act(police, "说明不立案理由", "经复查，已补充调取销售记录，重新审查后另行决定。");
    await expect.poll(() => rowOf(police).innerText()).toContain("公安机关已说明理由");
  });
});
