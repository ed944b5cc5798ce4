import { describe, expect, test } from "vitest";
import { formatShanghai } from "../../packages/core/src/clock";
import type { Page } from "playwright-core";
import { expectAccessible, nav, openDialog, screenshot, signIn, usePortal, whoAmI } from "./support/portal";

/** The portal in a real browser against the whole local system. Needs the
 * built portal (`npm run build:web`), Java 17+ and Chromium. Never skips. */

const portal = usePortal();


async function open(name: "今日待办" | "部门" | "审计留痕" | "通知", page: Page) {
  await nav(page).getByRole("menuitem", { name }).click();
  await expect.poll(() => page.getByRole("heading", { level: 1, name }).isVisible()).toBe(true);
}

describe("sign-in", () => {
  test("the sign-in page lists the demo accounts and has no serious accessibility problems", async () => {
    const { page } = await portal.newPage();
    await page.goto(`${portal.url}/`);
    // Not signed in: sent to the sign-in page.
    await page.waitForURL(/\/signin$/);
    await expect.poll(() => page.getByRole("heading", { name: "工作人员登录" }).isVisible()).toBe(true);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.getByRole("combobox", { name: "演示账号" }).waitFor();
    await expectAccessible(page, "sign-in page");
    await screenshot(page, "01-signin");
  });

  test("a wrong password is refused with a Chinese message", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-officer", "wrong-password");
    const error = page.getByTestId("signin-error");
    await error.waitFor();
    expect(await error.innerText()).toContain("用户名或密码错误");
    expect(page.url()).toMatch(/\/signin$/);
    expect(await page.evaluate(() => sessionStorage.getItem("supervision.token"))).toBeNull();
    await screenshot(page, "02-signin-error");
  });

  test("picking a demo account fills the form and signs in", async () => {
    const { page } = await portal.newPage();
    await page.goto(`${portal.url}/signin`);
    // Keyboard only: search the demo accounts and take the match.
    const picker = page.getByRole("combobox", { name: "演示账号" });
    await picker.click();
    await picker.pressSequentially("gulou-inspector");
    await picker.press("Enter");
    expect(await page.getByLabel("用户名").inputValue()).toBe("gulou-inspector");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect.poll(() => whoAmI(page).innerText()).toContain("林强");
    // The token lives in sessionStorage only.
    expect(await page.evaluate(() => sessionStorage.getItem("supervision.token"))).toMatch(/^ey/);
    expect(await page.evaluate(() => localStorage.getItem("supervision.token"))).toBeNull();
  });
});

describe("a county officer (鼓楼区, 部门工作人员)", () => {
  test("sees the county, its parent and its departments, but no audit trail", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-officer");
    await expect.poll(() => whoAmI(page).innerText()).toContain("陈静（鼓楼区市场监管局）");
    const who = await whoAmI(page).innerText();
    expect(who).toContain("部门工作人员");
    expect(who).toContain("鼓楼区");

    // 本级概况: my tenant and its parent.
    await expect.poll(() => page.getByTestId("my-tenant").innerText()).toContain("350102");
    expect(await page.getByTestId("parent-tenant").innerText()).toContain("福州市");
    expect(await page.getByText("本级以下无行政区划").isVisible()).toBe(true);

    // Navigation follows the role: an officer may not read the audit trail.
    // Menu entries carry to-do counts as badges (digits): compare the names.
    const items = await nav(page).getByRole("menuitem").allInnerTexts();
    expect(items.map((s) => s.replace(/\d+/g, "").trim())).toEqual(["今日待办", "事项清单", "属地责任", "职责争议", "跨区域协助", "预警协同", "市场主体名录", "执法主体", "检查人员", "检查计划", "双随机抽查", "综合查一次", "预警处置", "风险排名", "线索归集", "联合检查任务", "专项整治", "检查安排", "行政处罚", "严重失信名单", "结果公示与异议", "监管指标", "行刑衔接", "通知", "部门"]);

    await open("部门", page);
    await page.getByRole("cell", { name: "鼓楼区市场监督管理局", exact: true }).waitFor();
    expect(await page.getByRole("cell", { name: "鼓楼区住房和城乡建设局", exact: true }).isVisible()).toBe(true);
    // Only standard county departments; no province-only ones, no other tenant's.
    expect(await page.getByText("台江区").count()).toBe(0);
    expect(await page.getByRole("button", { name: "新增部门" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^修改/ }).count()).toBe(0);
    await expectAccessible(page, "departments page (officer)");
    await screenshot(page, "03-departments-officer");

    // Typing the address is no way round the menu.
    await page.goto(`${portal.url}/audit`);
    await page.getByText("您的角色无权访问此页面").waitFor();
  });

  test("the English switch changes the interface language and back", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-officer");
    await expect.poll(() => whoAmI(page).innerText()).toContain("部门工作人员");
    await page.getByRole("button", { name: /界面语言：\s*English/ }).click();

    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    const englishNav = page.getByRole("navigation", { name: "Main navigation" });
    expect((await englishNav.getByRole("menuitem").allInnerTexts()).map((s) => s.replace(/\d+/g, "").trim())).toEqual([
      "To do today",
      "Catalogue",
      "Responsibilities",
      "Disputes",
      "Assistance",
      "Alerts",
      "Business directory",
      "Enforcement bodies",
      "Inspectors",
      "Inspection plans",
      "Random draws",
      "Joint visits",
      "Warnings",
      "Risk ranking",
      "Clues",
      "Joint tasks from clues",
      "Special campaigns",
      "Inspections",
      "Penalties",
      "Severe-dishonesty list",
      "Publication and objections",
      "Indicators",
      "Criminal transfers",
      "Notices",
      "Departments",
    ]);
    expect(await whoAmI(page).innerText()).toContain("Department officer");
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);

    await englishNav.getByRole("menuitem", { name: "Departments" }).click();
    await page.getByRole("columnheader", { name: "Department" }).waitFor();
    await page.getByText("Administration for Market Regulation").first().waitFor();
    expect(await page.getByText("Your role may view departments but not add or change them.").isVisible()).toBe(true);
    await screenshot(page, "04-departments-english");

    // The choice survives a reload, and switching back restores Chinese.
    await page.reload();
    await page.getByRole("columnheader", { name: "Department" }).waitFor();
    await page.getByRole("button", { name: /Language:\s*中文/ }).click();
    await page.getByRole("columnheader", { name: "部门名称" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
  });
});

describe("an auditor (鼓楼区纪委监委, read only)", () => {
  test("sees the audit trail with a passing hash-chain verification, times in Beijing time", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-auditor");
    await expect.poll(() => whoAmI(page).innerText()).toContain("纪检监察人员（只读）");
    await open("审计留痕", page);

    const banner = page.getByTestId("audit-verification");
    await banner.waitFor();
    const text = await banner.innerText();
    expect(text).toContain("校验通过");
    expect(text).toMatch(/共 \d+ 条事件/);

    // The page's newest row, matched with the API's record of the same event (background
    // jobs may append events while the page loads, so match by sequence number, not "newest").
    const firstRow = page.locator(".ant-table-tbody tr.ant-table-row").first();
    await firstRow.waitFor();
    const seq = Number((await firstRow.locator("td").first().innerText()).trim());
    const token = await page.evaluate(() => sessionStorage.getItem("supervision.token"));
    const res = await fetch(`${portal.runtime.apiUrl}/audit?limit=50`, { headers: { authorization: `Bearer ${token}` } });
    const trail = (await res.json()) as { items: { seq: number; at: string; hash: string }[] };
    const shown = trail.items.find((e) => e.seq === seq)!;
    expect(shown, `event ${seq}`).toBeDefined();
    // The browser runs on UTC; the page must still show Asia/Shanghai time.
    const shanghai = formatShanghai(shown.at);
    await firstRow.getByRole("cell", { name: shanghai, exact: true }).waitFor();
    await firstRow.getByRole("cell", { name: shown.hash.slice(0, 12), exact: true }).waitFor();

    await expectAccessible(page, "audit trail page");
    await screenshot(page, "05-audit-auditor");

    // Newest first, a page at a time: the seed of the county's standard
    // departments, the first event, is on the last page.
    const next = page.getByRole("button", { name: "下一页" });
    const firstSeq = page.locator(".ant-table-tbody tr.ant-table-row").first().locator("td").first();
    let pages = 1;
    while (await next.isEnabled()) {
      const before = await firstSeq.innerText();
      await next.click();
      pages += 1;
      await page.getByText(`第 ${pages} 页`).waitFor();
      // The next page has arrived when its first row is another event and the button settled.
      await expect.poll(() => firstSeq.innerText()).not.toBe(before);
      await page.locator(".ant-spin-spinning").waitFor({ state: "detached" });
    }
    expect(pages).toBeGreaterThan(1);
    await page.getByRole("cell", { name: /初始化标准部门/ }).first().waitFor();
    expect(await page.getByRole("cell", { name: shown.hash.slice(0, 12), exact: true }).count()).toBe(0);
    await page.getByRole("button", { name: "第一页" }).click();
    await page.getByRole("cell", { name: shown.hash.slice(0, 12), exact: true }).waitFor();
  });

  test("does not see admin-only actions", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-auditor");
    await expect.poll(() => whoAmI(page).innerText()).toContain("黄敏");
    const items = (await nav(page).getByRole("menuitem").allInnerTexts()).map((s) => s.replace(/\d+/g, "").trim());
    expect(items).toEqual(["今日待办", "工作看板", "事项清单", "属地责任", "职责争议", "跨区域协助", "市场主体名录", "执法主体", "检查人员", "检查计划", "双随机抽查", "综合查一次", "预警处置", "风险排名", "线索归集", "联合检查任务", "专项整治", "检查安排", "行政处罚", "严重失信名单", "结果公示与异议", "监管指标", "行刑衔接", "通知", "部门", "审计留痕", "停滞消息"]);

    await open("部门", page);
    await page.getByRole("cell", { name: "鼓楼区市场监督管理局", exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "新增部门" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^修改/ }).count()).toBe(0);

    await open("通知", page);
    await page.getByRole("tab", { name: "收件箱" }).waitFor();
    expect(await page.getByRole("tab", { name: "发送通知" }).count()).toBe(0);
    expect(await page.getByRole("tab", { name: "已发送" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^签收/ }).count()).toBe(0);
  });
});

describe("a county administrator (鼓楼区综合监管办)", () => {
  test("adds a department; the API's field errors show on the form; the audit trail records it", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-admin");
    await expect.poll(() => whoAmI(page).innerText()).toContain("王芳");
    await open("部门", page);
    const dialog = await openDialog(page, page.getByRole("button", { name: "新增部门" }), "新增部门");

    // One character passes the form's own check; the API refuses it with details.
    await dialog.getByLabel("部门名称").fill("城");
    await dialog.getByRole("button", { name: "保存" }).click();
    const fieldError = dialog.locator("#create-department_name_help");
    await fieldError.waitFor();
    expect((await fieldError.innerText()).trim()).not.toBe("");
    await screenshot(page, "06a-department-field-error");

    // A duplicate name is refused too.
    await dialog.getByLabel("部门名称").fill("鼓楼区市场监督管理局");
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => fieldError.innerText()).toContain("鼓楼区市场监督管理局");

    await dialog.getByLabel("部门名称").fill("鼓楼区城市管理局");
    await dialog.getByLabel("英文名称").fill("Urban Management Bureau");
    await dialog.getByRole("button", { name: "保存" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("cell", { name: "鼓楼区城市管理局", exact: true }).waitFor();
    await screenshot(page, "06-departments-admin");

    await open("审计留痕", page);
    await page.getByRole("cell", { name: /新增部门/ }).first().waitFor();
    expect(await page.getByTestId("audit-verification").innerText()).toContain("校验通过");
  });

  test("signs for the city's notice; a city administrator sees it sent", async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.url, "gulou-admin");
    await expect.poll(() => whoAmI(page).innerText()).toContain("王芳");
    await open("通知", page);
    const title = "关于开展燃气安全跨部门联合检查的通知";
    // The notice travels through the queue; it may arrive a moment after start-up.
    await expect
      .poll(
        async () => {
          if (await page.getByRole("cell", { name: title, exact: true }).isVisible()) return true;
          await page.reload();
          await page.getByRole("tab", { name: "收件箱" }).waitFor();
          await page.waitForLoadState("networkidle");
          return page.getByRole("cell", { name: title, exact: true }).isVisible();
        },
        { timeout: 40_000, interval: 1000 },
      )
      .toBe(true);
    await page.getByRole("button", { name: `签收：${title}` }).click();
    await page.getByText(/^已签收 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/).waitFor();
    await expectAccessible(page, "notices page (admin)");
    await screenshot(page, "07-notices-admin");

    const city = await portal.newPage();
    await signIn(city.page, portal.url, "fuzhou-admin");
    await expect.poll(() => whoAmI(city.page).innerText()).toContain("李华");
    // A city's overview lists the counties below it.
    await city.page.getByRole("cell", { name: "鼓楼区", exact: true }).waitFor();
    await screenshot(city.page, "08a-home-city");
    await open("通知", city.page);
    await city.page.getByRole("tab", { name: "已发送" }).click();
    await city.page.getByRole("cell", { name: title, exact: true }).waitFor();
    await city.page.getByRole("tab", { name: "发送通知" }).click();
    await city.page.getByLabel("接收单位").waitFor();
    await screenshot(city.page, "08b-notice-compose-city");
  });
});
