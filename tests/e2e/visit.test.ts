import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import type { Page, Route } from "playwright-core";
import { expectAccessible, screenshot, signIn, usePortal, whoAmI } from "./support/portal";

/** 综合查一次 in the portal (issue 13): a visit approved on its page with its
 * QR code; the on-site checklist on a phone (390×844) that loses the network
 * midway — answers and a photo kept on the device, sent when the network
 * returns, a reply lost on the way back resent and taken once; the public
 * page the QR code opens, without sign-in; the report of a visit with an
 * unknown code. With axe on each page. */

const portal = usePortal();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

async function token(username: string) {
  const res = await fetch(`${portal.runtime.issuerUrl}/token`, { method: "POST", body: new URLSearchParams({ grant_type: "password", username, password: "demo123" }) });
  return ((await res.json()) as { access_token: string }).access_token;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function api(method: "GET" | "POST", path: string, bearer: string, body?: unknown): Promise<any> {
  // apiUrl ends in /api; the paths here are written as the API documents them.
  const res = await fetch(`${portal.runtime.apiUrl}${path.replace(/^\/api/, "")}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A page on the shared, heavily loaded test machine: the assertions, not the waits, decide. */
async function newPage(size: { width: number; height: number }) {
  const made = await portal.newPage();
  await made.page.setViewportSize(size);
  made.page.setDefaultTimeout(90_000);
  return made;
}

const beijingDate = (offsetDays = 0) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

interface Made {
  id: string;
  code: string;
  entityName: string;
  bodyId: string;
}

/** A visit of 鼓楼区's market bureau to a business of the directory, with two
 * certified inspectors: 林𠮷 (the demo user gulou-inspector) and one of the seed's. */
async function makeVisit(admin: string): Promise<Made> {
  const bodies = await api("GET", "/api/enforcement/bodies?limit=100", admin);
  const market = bodies.items.find((b: { name: string; inspectionItems: string[] }) => b.name.includes("市场监督管理局") && b.inspectionItems.includes("FJ-SP-001"));
  expect(market, "the demo seed publishes the market bureau as an enforcement body").toBeTruthy();
  const mine = await api("POST", "/api/inspectors", admin, {
    bodyId: market.id,
    name: "林𠮷",
    kind: "officer",
    certificateNo: "闽榕执01027777",
    certificateFrom: "2025-01-01",
    certificateUntil: "2030-12-31",
    qualifications: ["FJ-SP-001"],
    userId: "usr_gulou-inspector",
  });
  const people = await api("GET", `/api/inspectors?limit=100&bodyId=${market.id}`, admin);
  const other = people.items.find((i: { name: string; certifiedToday: boolean; conflictTownships: string[] }) => i.name === "陈𠮷" && i.certifiedToday);
  expect(other, "the seed's certified inspector 陈𠮷").toBeTruthy();
  const businesses = await api("GET", "/api/businesses?limit=20", admin);
  const business = businesses.items[0] as { creditCode: string; name: string };
  const visit = await api("POST", "/api/visits", admin, {
    origin: { kind: "special", ref: "E2E-SPECIAL-1" },
    exception: "区综合监管办部署的食品安全专项检查",
    creditCode: business.creditCode,
    entityName: business.name,
    window: { from: beijingDate(0), to: beijingDate(2) },
    bodies: [{ bodyId: market.id, itemCodes: ["FJ-SP-001"], inspectorIds: [mine.id, other.id] }],
  });
  return { id: visit.id, code: visit.code, entityName: visit.entityName, bodyId: market.id };
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

/** Answer one line of the checklist (a radio button of its group). */
async function answer(page: Page, lineId: string, label: "是" | "否" | "不适用") {
  const line = page.getByTestId(`line-${lineId}`);
  // antd's radio buttons hide the input: the user taps the label.
  await line.locator("label.ant-radio-button-wrapper", { hasText: new RegExp(`^${label}$`) }).click();
  await expect.poll(() => line.getAttribute("data-state")).not.toBe("empty");
  return line;
}

const pendingCount = (page: Page) => page.getByTestId("pending-count").getAttribute("data-count").then(Number);

describe("visits", () => {
  let made: Made;

  test("the admin approves the visit on its page: QR code for the public page, then the business is notified (1440×900)", async () => {
    const admin = await token("gulou-admin");
    made = await makeVisit(admin);
    const { page } = await newPage(DESKTOP);
    await signIn(page, portal.url, "gulou-admin");
    await whoAmI(page).waitFor();
    await page.goto(`${portal.url}/visits`);
    await page.getByRole("heading", { name: "综合查一次", level: 1 }).waitFor();
    const row = page.getByTestId("visits-table").getByRole("row", { name: new RegExp(made.entityName.replace(/[()（）]/g, ".")) });
    await row.getByRole("link", { name: made.entityName, exact: true }).click();
    await page.getByRole("heading", { name: made.entityName, level: 1 }).waitFor();
    expect(await page.getByTestId("visit-status").first().innerText()).toBe("待审批");
    await expectAccessible(page, "visit detail (draft)");

    await page.getByRole("button", { name: "审批", exact: true }).click();
    const approve = page.locator(".ant-modal-confirm").filter({ hasText: "审批通过后生成检查码" });
    await approve.getByRole("button", { name: "审批", exact: true }).click();
    await expect.poll(() => page.getByTestId("visit-status").first().innerText()).toBe("已审批");
    const link = page.getByTestId("visit-public-link");
    expect(await link.innerText()).toBe(`${portal.url}/v/${made.code}`);
    // The QR code is drawn (antd QRCode as SVG) and labelled with the address it carries.
    expect(await page.getByRole("img", { name: `检查码二维码，指向 ${portal.url}/v/${made.code}` }).locator("svg").count()).toBe(1);

    await page.getByRole("button", { name: "告知企业", exact: true }).click();
    const notify = page.locator(".ant-modal-confirm").filter({ hasText: "申请回避的权利" });
    await notify.getByRole("button", { name: "告知企业", exact: true }).click();
    await page.getByText(/已告知企业（含申请回避的权利）/).waitFor();
    await expectAccessible(page, "visit detail (approved)");
    await screenshot(page, "visit-01-detail");
  });

  test("the on-site checklist on a phone loses the network midway: answers and a photo wait on the device and arrive once when it returns (390×844)", async () => {
    const inspector = await token("gulou-inspector");
    const { context, page } = await newPage(PHONE);
    await signIn(page, portal.url, "gulou-inspector");
    await whoAmI(page).waitFor();
    await page.goto(`${portal.url}/visits/${made.id}/checklist`);
    await page.getByRole("heading", { name: "现场检查表", level: 1 }).waitFor();
    const line = (n: number) => `${made.bodyId}.FJ-SP-001.${n}`;
    await page.getByTestId(`line-${line(1)}`).waitFor();
    expect(await page.getByTestId("network-state").innerText()).toBe("在线");

    // Online: the first answer goes at once.
    await answer(page, line(1), "是");
    await expect.poll(() => page.getByTestId(`line-${line(1)}`).getAttribute("data-state")).toBe("sent");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, "checklist online (390×844)");

    // Every reply to the answers on the server's side, and the first one lost on its way back to the phone.
    const replies: { accepted: string[]; duplicates: string[]; rejected: unknown[] }[] = [];
    let lose = 1;
    await page.route("**/api/visits/*/answers", async (route: Route) => {
      const res = await route.fetch();
      replies.push(await res.json());
      if (lose-- > 0) await route.abort("connectionreset");
      else await route.fulfill({ response: res });
    });

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId("network-state").innerText()).toBe("离线");
    const two = await answer(page, line(2), "否");
    await two.getByRole("textbox", { name: /备注/ }).fill("冷藏柜温度 9℃，超过 8℃ 上限（𠮷）");
    await two.getByRole("textbox", { name: /备注/ }).blur();
    // A photo from the camera input: hashed on the device when captured.
    const photo = Buffer.from("JPEG bytes of the cold store, taken offline");
    const sha256 = createHash("sha256").update(photo).digest("hex");
    await two.getByTestId("photo-input").setInputFiles({ name: "冷藏柜.jpg", mimeType: "image/jpeg", buffer: photo });
    await expect.poll(() => two.getByTestId("file-hash").getAttribute("data-sha256")).toBe(sha256);
    await answer(page, line(3), "不适用");
    await expect.poll(() => pendingCount(page)).toBe(2);
    expect(await page.getByTestId("pending-count").innerText()).toContain("待发送 2 项");
    expect(await two.getByTestId("line-status").innerText()).toBe("本机保存，待发送");
    await expectAccessible(page, "checklist offline (390×844)");
    await screenshot(page, "visit-02-checklist-offline");
    // Nothing reached the server meanwhile.
    const during = await api("GET", `/api/visits/${made.id}/checklist`, inspector);
    expect(during.lines.filter((l: { answer?: unknown }) => l.answer).length).toBe(1);

    // The network returns: the photo goes first, then the answers; the lost reply is answered by a resend the server takes once.
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId("network-state").innerText()).toBe("在线");
    await expect.poll(() => pendingCount(page), { timeout: 60_000 }).toBe(0);
    expect(await page.getByTestId("pending-count").innerText()).toBe("全部已发送");
    const accepted = replies.flatMap((r) => r.accepted);
    const duplicates = replies.flatMap((r) => r.duplicates);
    expect(replies.length).toBeGreaterThanOrEqual(2);
    expect(accepted.length).toBe(2);
    expect(new Set(accepted).size).toBe(2);
    expect(duplicates.sort()).toEqual([...accepted].sort());
    expect(replies.flatMap((r) => r.rejected)).toEqual([]);

    const after = await api("GET", `/api/visits/${made.id}/checklist`, inspector);
    const byLine = new Map(after.lines.map((l: { lineId: string; answer?: unknown }) => [l.lineId, l.answer]));
    expect(byLine.get(line(1))).toMatchObject({ value: "yes" });
    expect(byLine.get(line(2))).toMatchObject({ value: "no", note: "冷藏柜温度 9℃，超过 8℃ 上限（𠮷）", files: [{ sha256, name: "冷藏柜.jpg", size: photo.length }] });
    expect(byLine.get(line(3))).toMatchObject({ value: "na" });
    expect([...accepted].sort()).toEqual([(byLine.get(line(2)) as { clientId: string }).clientId, (byLine.get(line(3)) as { clientId: string }).clientId].sort());
    await expect.poll(() => page.getByTestId(`line-${line(2)}`).getAttribute("data-state")).toBe("sent");
    await screenshot(page, "visit-03-checklist-sent");
  });

  test("the QR code's page without sign-in: the bodies, inspectors with certificate numbers, items and dates (390×844)", async () => {
    const { page } = await newPage(PHONE);
    await page.goto(`${portal.url}/v/${made.code}`);
    await page.getByRole("heading", { name: "检查登记核验", level: 1 }).waitFor();
    expect(await page.getByTestId("public-visit-verdict").innerText()).toBe("本次检查已登记");
    const inspectors = await page.getByTestId("public-inspectors").innerText();
    expect(inspectors).toContain("林𠮷");
    expect(inspectors).toContain("闽榕执01027777");
    expect(await page.getByTestId("public-items").innerText()).toContain("餐饮服务食品安全监督检查");
    const text = await page.locator("main").innerText();
    expect(text).toContain("鼓楼区");
    expect(text).toContain(beijingDate(0));
    // Nothing of the business beyond what the page is for: not its name, not its credit code.
    expect(text).not.toContain(made.entityName);
    // No token was ever sent: this context never signed in.
    expect(await page.evaluate(() => sessionStorage.getItem("supervision.token"))).toBeNull();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, "public visit page (390×844)");
    await screenshot(page, "visit-04-public");
  });

  test("a code that matches no visit: the page says so and the business reports it to the office (390×844)", async () => {
    const { page } = await newPage(PHONE);
    const bogus = "350102abcdefghjkmnpqrs";
    await page.goto(`${portal.url}/v/${bogus}`);
    await page.getByRole("heading", { name: "检查码无效" }).waitFor();
    await page.getByTestId("report-link").first().click();
    await page.getByRole("heading", { name: "举报未亮码检查", level: 1 }).waitFor();
    expect(await page.getByLabel("执法人员出示的检查码（未出示则留空）").inputValue()).toBe(bogus);
    // The region comes from the code (its first six digits).
    expect(await page.locator(".ant-cascader").innerText()).toContain("鼓楼区");
    await page.getByLabel("本企业统一社会信用代码").fill("91350102MA2Y0X0T31");
    await page.getByLabel("本企业名称").fill("福州𠮷祥餐饮有限公司");
    await page.getByLabel("检查日期").click();
    await page.getByLabel("检查日期").fill(beijingDate(0));
    await page.keyboard.press("Enter");
    await page.getByLabel("情况说明").fill("两名自称市场监管局的人员到店检查，出示的检查码无法核验");
    await expectAccessible(page, "visit report form (390×844)");
    await page.getByRole("button", { name: "提交举报" }).click();
    await page.getByRole("heading", { name: "举报已提交" }).waitFor();
    const admin = await token("gulou-admin");
    const reports = await api("GET", "/api/visits/reports?limit=50", admin);
    expect(reports.items.find((r: { entityName: string }) => r.entityName === "福州𠮷祥餐饮有限公司")).toMatchObject({ kind: "mismatch", code: bogus });
  });
});
