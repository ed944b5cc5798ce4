import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Locator, Page } from "playwright-core";
import { Clock } from "../../packages/core/src/clock";
import { withContext } from "../../packages/core/src/context";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { idCheckChar } from "../../packages/core/src/disclosure/mask";
import { Policy } from "../../packages/core/src/policy/index";
import { PolicyDefaults } from "../../packages/core/src/policy/defaults";
import { expectAccessible, openDialog, screenshot, signIn, usePortal, whoAmI } from "./support/portal";

/** 一公开 in the portal (issue 13's done-when chain): a joint visit that
 * closes and an ordinary-procedure penalty wait on the department's pending
 * list with their 20-working-day clocks (due soon and late in their own
 * views); the officer publishes; the public page (no sign-in) finds the
 * records by a name with 𠮷 and by credit code, a sole trader's name and an
 * ID number masked; the business objects within the window with evidence,
 * the department answers, and the correction shows with the record; an
 * objection once the 21 days have passed is refused with a clear message;
 * the city (福州市) sees its county's joint-inspection share. Every page at
 * 390×844, with axe and no sideways scrolling. */

const portal = usePortal();
const PHONE = { width: 390, height: 844 };
const GULOU = "350102";
const DAY = 86_400_000;

afterAll(() => Clock.reset());

async function token(username: string) {
  const res = await fetch(`${portal.runtime.issuerUrl}/token`, { method: "POST", body: new URLSearchParams({ grant_type: "password", username, password: "demo123" }) });
  return ((await res.json()) as { access_token: string }).access_token;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function api(method: "GET" | "POST", path: string, bearer: string | undefined, body?: unknown): Promise<any> {
  const res = await fetch(`${portal.runtime.apiUrl}${path.replace(/^\/api/, "")}`, {
    method,
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function phonePage(username?: string) {
  const made = await portal.newPage();
  await made.page.setViewportSize(PHONE);
  made.page.setDefaultTimeout(60_000);
  if (username) {
    await signIn(made.page, portal.url, username);
    await whoAmI(made.page).waitFor();
  }
  return made.page;
}

/** How far the page reaches past the viewport (0 when nothing overflows). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

/** Spinners gone, toasts gone, pointer off any control: what axe should judge. */
async function settled(page: Page) {
  await page.mouse.move(0, 0);
  await expect.poll(() => page.locator(".ant-spin-spinning, .ant-skeleton-active").count()).toBe(0);
  await expect.poll(() => page.locator(".ant-message-notice").count(), { timeout: 10_000 }).toBe(0);
}

async function checkPage(page: Page, label: string) {
  await settled(page);
  expect(await overflow(page), `${label}: wider than the phone`).toBeLessThanOrEqual(0);
  await expectAccessible(page, `${label} (390×844)`);
}

const shanghaiToday = () => Policy.shanghaiDate(Clock.now());
const daysAgo = (n: number) => Policy.shanghaiDate(new Date(Clock.nowMs() - n * DAY));
/** The Beijing day a deadline at 24:00 belongs to. */
const dueDay = (iso: string) => Policy.shanghaiDate(new Date(Date.parse(iso) - 1));

/** A decision date whose 20-working-day clock ends within the warning period (3 working days) from now. */
function decidedDueSoon(): string {
  const now = Clock.now();
  const soon = Policy.deadline(now, PolicyDefaults.disclosure.warnBefore.duration).dueAt;
  for (let k = 10; k < 60; k++) {
    const d = daysAgo(k);
    const due = Policy.deadline(d, PolicyDefaults.disclosure.publishResults.duration).dueAt;
    if (due >= now.toISOString() && due <= soon) return d;
  }
  throw new Error("no decision date falls due soon");
}

/** An 18-digit resident ID number with a true check character (made up). */
function idNumber() {
  const first = "35010219900307123";
  return first + idCheckChar(first);
}

const VISITED = { name: "福州𠮷祥食品有限公司", code: withCheckChar("91350102MA2E13D01") };
const SOLE = { name: "鼓楼区张记小吃店（个体工商户）", code: withCheckChar("92350102MA2E13D02"), masked: "鼓******店（个体工商户）" };
const LATE = { name: "福州闽江贸易有限公司", code: withCheckChar("91350102MA2E13D03") };
const ID = idNumber();

const rowOf = (table: Locator, text: string) => table.getByRole("row").filter({ hasText: text });

/** The first signed request makes the API fetch the issuer's keys from this same, busy process; on a loaded
 * machine that fetch can time out (a 401 for that request only). Wait until a signed request is answered. */
beforeAll(async () => {
  const bearer = await token("gulou-admin");
  // (expect.poll is for tests only: a plain loop, bounded.)
  for (let i = 0; ; i++) {
    const status = (await fetch(`${portal.runtime.apiUrl}/businesses?limit=1`, { headers: { authorization: `Bearer ${bearer}` } })).status;
    if (status === 200) break;
    if (i >= 60) throw new Error(`signed requests still answered ${status}`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
}, 180_000);

describe("一公开: pending, publication, public search, objections (390×844)", () => {
  let visitId = "";
  let soleDecided = "";

  test("a closed joint visit and two ordinary penalties wait on the pending list with their 20-working-day clocks; due-soon and late views", async () => {
    const admin = await token("gulou-admin");
    const officer = await token("gulou-officer");
    // The joint visit: 市场监管 (林强) and 卫生健康 (周婷), approved, results, both signatures, closed.
    const bodies = (await api("GET", "/api/enforcement/bodies?limit=100", admin)).items as { id: string; name: string }[];
    const market = bodies.find((b) => b.name === "鼓楼区市场监督管理局")!;
    const health = bodies.find((b) => b.name.startsWith("鼓楼区卫生健康"))!;
    expect(market && health, "the demo publishes both bodies").toBeTruthy();
    const person = async (bodyId: string, name: string) => ((await api("GET", `/api/inspectors?limit=100&bodyId=${bodyId}`, admin)).items as { id: string; name: string }[]).find((i) => i.name === name)!.id;
    const today = shanghaiToday();
    let v = await api("POST", "/api/visits", admin, {
      origin: { kind: "special", ref: "E2E-DISCLOSE-1" },
      exception: "区综合监管办部署的食品安全专项检查",
      creditCode: VISITED.code,
      entityName: VISITED.name,
      window: { from: today, to: today },
      bodies: [
        { bodyId: market.id, itemCodes: ["FJ-SP-001"], inspectorIds: [await person(market.id, "林强")] },
        { bodyId: health.id, itemCodes: ["FJ-SP-003"], inspectorIds: [await person(health.id, "周婷")] },
      ],
    });
    visitId = v.id;
    v = await api("POST", `/api/visits/${v.id}/approve`, admin, { version: v.version });
    v = await api("POST", `/api/visits/${v.id}/results`, admin, {
      version: v.version,
      results: [
        { itemCode: "FJ-SP-001", bodyId: market.id, outcome: "pass" },
        { itemCode: "FJ-SP-003", bodyId: health.id, outcome: "pass" },
      ],
    });
    v = await api("POST", `/api/visits/${v.id}/sign`, await token("gulou-inspector"), { version: v.version });
    v = await api("POST", `/api/visits/${v.id}/sign`, await token("gulou-health-inspector"), { version: v.version });
    expect(v.status).toBe("signed");
    v = await api("POST", `/api/visits/${v.id}/close`, admin, { version: v.version });
    expect(v.status).toBe("closed");

    // Two ordinary-procedure fines of the market bureau: a sole trader's (the conduct names its operator's ID number),
    // decided so that its clock ends within three working days, and one decided two months ago (late).
    soleDecided = decidedDueSoon();
    const fine = (who: { name: string; code: string }, decidedOn: string, n: number, conduct: string) =>
      api("POST", "/api/penalties", officer, {
        creditCode: who.code,
        entityName: who.name,
        fact: { itemCode: "FJ-SP-001", clause: "《食品安全法》第一百二十四条第一款", actDate: decidedOn, conduct, description: `${conduct}（第 ${n} 起）` },
        decisionNo: `鼓市监罚〔2026〕13${n}号`,
        decidedOn,
        measure: "fine",
        amount: 3000,
        procedure: "ordinary",
      });
    await fine(SOLE, soleDecided, 1, `经营者（身份证号 ${ID}）销售超过保质期的食品`);
    await fine(LATE, daysAgo(60), 2, "销售标签不符合规定的预包装食品");

    const page = await phonePage("gulou-officer");
    await page.goto(`${portal.url}/disclosures`);
    await page.getByRole("heading", { level: 1, name: "一公开：结果公示" }).waitFor();
    const pending = page.getByTestId("disclosure-pending");
    const visitRow = rowOf(pending, VISITED.name);
    await visitRow.waitFor();
    // The visit's clock: 20 working days from the day it closed, ending at 24:00 Beijing time.
    const visitDue = dueDay(Policy.deadline(today, PolicyDefaults.disclosure.publishResults.duration).dueAt);
    expect(await visitRow.innerText()).toContain("检查结果");
    expect(await visitRow.innerText()).toContain(`${visitDue} 24:00`);
    const soleDue = dueDay(Policy.deadline(soleDecided, PolicyDefaults.disclosure.publishResults.duration).dueAt);
    expect(await rowOf(pending, SOLE.code).innerText()).toContain(`${soleDue} 24:00`);
    expect(await rowOf(pending, SOLE.code).innerText()).toContain("即将到期");
    expect(await rowOf(pending, LATE.code).innerText()).toContain("逾期");
    // The warning above the list counts both.
    expect(await page.getByTestId("disclosure-due-warning").innerText()).toMatch(/\d+ 条即将到期，\d+ 条已逾期/);
    await checkPage(page, "pending list");
    await screenshot(page, "dsc-01-pending");

    // Due soon: the sole trader's only; late: the two-month-old fine only.
    await page.locator(".ant-segmented").getByText("即将到期", { exact: true }).click();
    await expect.poll(() => rowOf(pending, SOLE.code).count()).toBe(1);
    expect(await rowOf(pending, LATE.code).count()).toBe(0);
    expect(await rowOf(pending, VISITED.name).count()).toBe(0);
    await page.locator(".ant-segmented").getByText("已逾期", { exact: true }).click();
    await expect.poll(() => rowOf(pending, LATE.code).count()).toBe(1);
    expect(await rowOf(pending, SOLE.code).count()).toBe(0);
    await checkPage(page, "late view");
  });

  test("the officer publishes; the public page finds the visit by a name with 𠮷 and the sole trader by credit code, masked", async () => {
    const page = await phonePage("gulou-officer");
    await page.goto(`${portal.url}/disclosures`);
    const pending = page.getByTestId("disclosure-pending");
    await rowOf(pending, VISITED.name).waitFor();
    // An inspection result: its window is the platform's (36 months), published after a confirmation.
    await rowOf(pending, VISITED.name).getByRole("button", { name: "公示" }).click();
    await page.locator(".ant-modal-confirm").getByRole("button", { name: "公示" }).click();
    await expect.poll(() => rowOf(pending, VISITED.name).count()).toBe(0);
    // A penalty: its sector and months.
    const dialog = await openDialog(page, rowOf(pending, SOLE.code).getByRole("button", { name: "公示" }), "公示行政处罚信息");
    await dialog.getByLabel("公示月数").fill("6");
    await checkPage(page, "publish a penalty");
    await dialog.getByRole("button", { name: "公示" }).click();
    await expect.poll(() => rowOf(pending, SOLE.code).count()).toBe(0);
    await rowOf(pending, LATE.code).getByRole("button", { name: "公示" }).click();
    await page.getByRole("dialog", { name: "公示行政处罚信息" }).getByRole("button", { name: "公示" }).click();
    await expect.poll(() => rowOf(pending, LATE.code).count()).toBe(0);
    // The records: the late one says so.
    await page.getByRole("tab", { name: "公示记录" }).click();
    const records = page.getByTestId("disclosure-records");
    await rowOf(records, LATE.code).waitFor();
    expect(await rowOf(records, LATE.code).innerText()).toContain("已公示 · 逾期");
    expect(await rowOf(records, SOLE.code).innerText()).toContain(SOLE.masked);
    await checkPage(page, "published records");

    // The public, no sign-in.
    const pub = await phonePage();
    await pub.goto(`${portal.url}/public/disclosures/${GULOU}`);
    await pub.getByRole("heading", { level: 1, name: "检查结果与行政处罚公示" }).waitFor();
    await pub.getByLabel("主体名称或统一社会信用代码").fill("𠮷祥食品");
    await pub.getByRole("button", { name: "查询" }).click();
    const list = pub.getByTestId("public-disclosures");
    await list.getByText(VISITED.name).waitFor();
    await checkPage(pub, "public search by name");
    await screenshot(pub, "dsc-02-public-name");

    await pub.getByLabel("主体名称或统一社会信用代码").fill(SOLE.code);
    await pub.getByRole("button", { name: "查询" }).click();
    await list.getByText(SOLE.masked).waitFor();
    expect(await list.innerText()).not.toContain("张记");
    await list.getByRole("link", { name: SOLE.masked }).click();
    const card = pub.getByTestId("public-disclosure");
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain(SOLE.masked);
    expect(text).toContain(`${ID.slice(0, 6)}${"*".repeat(12)}`);
    expect(text).not.toContain(ID);
    expect(text).not.toContain("张记");
    expect(await pub.evaluate(() => sessionStorage.getItem("supervision.token"))).toBeNull();
    await checkPage(pub, "public record of a sole trader");
    await screenshot(pub, "dsc-03-public-masked");
  });

  test("the business objects with evidence; the department answers; the correction shows with the record", async () => {
    const pub = await phonePage();
    await pub.goto(`${portal.url}/public/disclosures/${GULOU}`);
    await pub.getByLabel("主体名称或统一社会信用代码").fill(VISITED.code);
    await pub.getByRole("button", { name: "查询" }).click();
    await pub.getByTestId("public-disclosures").getByRole("link", { name: VISITED.name }).click();
    const card = pub.getByTestId("public-disclosure");
    await card.waitFor();
    expect(await card.innerText()).toContain("合格");
    const evidence = Buffer.from("整改完成照片（𠮷）");
    await card.getByLabel("统一社会信用代码（须与公示主体一致）").fill(VISITED.code);
    await card.getByLabel("异议内容").fill("卫生健康委的检查事项名称有误，应为公共场所卫生检查");
    await card.locator("input[type=file]").setInputFiles({ name: "整改照片.jpg", mimeType: "image/jpeg", buffer: evidence });
    await card.getByText("整改照片.jpg").waitFor();
    await checkPage(pub, "objection form");
    await card.getByRole("button", { name: "提交异议" }).click();
    await expect.poll(() => card.getByRole("status").innerText()).toMatch(/异议已受理，答复期限 \d{4}-\d{2}-\d{2}/);
    await screenshot(pub, "dsc-04-objected");

    // The department's inbox: the objection with its evidence (by hash), answered as upheld with a correction.
    const officer = await phonePage("gulou-officer");
    await officer.goto(`${portal.url}/disclosures`);
    await officer.getByRole("tab", { name: "异议收件箱" }).click();
    const inbox = officer.getByTestId("disclosure-objections");
    const row = rowOf(inbox, "公共场所卫生检查");
    await row.waitFor();
    expect(await row.getByRole("link", { name: "整改照片.jpg" }).getAttribute("href")).toContain(createHash("sha256").update(evidence).digest("hex"));
    await checkPage(officer, "objection inbox");
    const dialog = await openDialog(officer, row.getByRole("button", { name: "答复" }), "答复异议");
    await dialog.getByText("异议成立").click();
    await dialog.getByLabel("答复意见").fill("经核实，异议成立");
    await dialog.getByLabel("更正内容").fill("卫生健康委的检查事项应为“公共场所卫生监督检查”，结论合格");
    await dialog.getByRole("button", { name: "答复" }).click();
    await expect.poll(() => row.count()).toBe(0);
    await officer.locator(".ant-segmented").getByText("已答复", { exact: true }).click();
    await rowOf(inbox, "公共场所卫生检查").waitFor();
    await checkPage(officer, "answered objections");

    // Published with the record, and the list marks it corrected.
    await pub.reload();
    await card.waitFor();
    await expect.poll(() => card.innerText()).toContain("公共场所卫生监督检查");
    await pub.getByRole("button", { name: "返回" }).click();
    await pub.getByLabel("主体名称或统一社会信用代码").fill(VISITED.code);
    await pub.getByRole("button", { name: "查询" }).click();
    await expect.poll(() => pub.getByTestId("public-disclosures").innerText()).toContain("已更正");
    await checkPage(pub, "public list with a corrected record");
    await screenshot(pub, "dsc-05-corrected");
  });

  test("an objection sent once the 21 days have passed is refused with the closing date, and the page then says the window has closed", async () => {
    const pub = await phonePage();
    await pub.goto(`${portal.url}/public/disclosures/${GULOU}`);
    await pub.getByLabel("主体名称或统一社会信用代码").fill(SOLE.code);
    await pub.getByRole("button", { name: "查询" }).click();
    await pub.getByTestId("public-disclosures").getByRole("link", { name: SOLE.masked }).click();
    const card = pub.getByTestId("public-disclosure");
    await card.getByLabel("异议内容").waitFor();
    // The page was opened within the window; the business sends it 22 days later.
    const officer = await token("gulou-officer");
    const record = (await api("GET", "/api/disclosures?limit=50", officer)).items.find((r: { creditCode: string }) => r.creditCode === SOLE.code);
    const until = dueDay(record.objectionUntil);
    Clock.advance(22 * DAY);
    try {
      await card.getByLabel("统一社会信用代码（须与公示主体一致）").fill(SOLE.code);
      await card.getByLabel("异议内容").fill("罚款已缴纳，请撤下公示");
      await card.getByRole("button", { name: "提交异议" }).click();
      const alert = card.getByRole("alert");
      await expect.poll(() => alert.innerText()).toContain(`异议期已过：须在公示之日起 21 日内（至 ${until}）提出`);
      await checkPage(pub, "objection refused");
      await screenshot(pub, "dsc-06-too-late");
      await pub.reload();
      await card.waitFor();
      expect(await card.innerText()).toContain(`异议期已过（至 ${until}）`);
      expect(await card.getByRole("button", { name: "提交异议" }).count()).toBe(0);
      // The API's answer itself: 409, naming the field.
      const res = await fetch(`${portal.runtime.apiUrl}/public/disclosures/${GULOU}/${record.id}/objections`, {
        method: "POST",
        headers: { "content-type": "application/json", "accept-language": "zh-CN" },
        body: JSON.stringify({ creditCode: SOLE.code, text: "罚款已缴纳，请撤下公示", evidence: [] }),
      });
      expect(res.status).toBe(409);
      const body = (await res.json()) as { error: { code: string; details: { field: string }[] } };
      expect(body.error.code).toBe("disclosure.objection_window_closed");
      expect(body.error.details[0]!.field).toBe("objectionUntil");
    } finally {
      Clock.advance(-22 * DAY);
    }
  });
});

describe("指标: the city sees its counties' joint-inspection share (390×844)", () => {
  test("鼓楼区 reports its figures by message; 福州市's indicators page lists 鼓楼区 with its joint share against the target", async () => {
    // The roll-up the scheduled job runs (each tenant sends its own counts upward).
    const { Indicator } = await import("../../packages/core/src/indicator/index");
    await withContext({ actor: { type: "system", reason: "e2e roll-up" }, tenantId: GULOU, requestId: "e2e-indicators", locale: "zh-CN" }, () => Indicator.reportUpward());
    const city = await token("fuzhou-admin");
    await expect
      .poll(async () => ((await api("GET", "/api/indicators/below?limit=50", city)).items as { tenantId: string; asOf: string | null }[]).find((r) => r.tenantId === GULOU)?.asOf ?? null, { timeout: 60_000 })
      .not.toBeNull();
    const own = await api("GET", "/api/indicators", await token("gulou-admin"));
    expect(own.figures.counts.joint).toBeGreaterThanOrEqual(1);
    const share = `${Math.round(own.figures.jointShare * 1000) / 10}%`;

    const page = await phonePage("fuzhou-admin");
    await page.goto(`${portal.url}/indicators`);
    await page.getByRole("heading", { level: 1, name: "监管指标" }).waitFor();
    const section = page.getByTestId("indicators");
    const gulou = section.getByRole("row").filter({ hasText: "鼓楼区" });
    await gulou.waitFor();
    expect(await gulou.innerText()).toContain(share);
    // The city's own target for the year (RULES.md: 60% in 2025, 80% by 2027).
    expect(await section.innerText()).toMatch(/目标 (60|70|80)%/);
    await checkPage(page, "indicators of 福州市");
    await screenshot(page, "dsc-07-indicators-city");
  });
});

