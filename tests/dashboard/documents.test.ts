import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { chineseDate, regionShort } from "../../packages/core/src/document/format";
import { Referral } from "../../packages/core/src/referral/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";
import { as } from "../recognition/support";
import { CODE, deliver, GULOU, SIMING } from "../assistance/support";

/** Printable documents (协助函, 案件移送书, 检查通知书 …) built from the
 * records as the reader may see them, with number, region, date in Chinese
 * and a verification code that is the same each time the record is printed. */

const market = Department.standardId(GULOU, "market");
const police = Department.standardId(GULOU, "public-security");

let api: TestApi;
beforeAll(async () => {
  for (const t of [GULOU, SIMING]) await asSystem(() => Department.seedStandard(), t);
  api = await startTestApi();
});
afterAll(() => api.stop());

describe("formatting", () => {
  test("dates in Chinese numerals and regions' short names", () => {
    expect(chineseDate("2026-12-02")).toBe("二〇二六年十二月二日");
    expect(chineseDate("2030-10-31")).toBe("二〇三〇年十月三十一日");
    expect(chineseDate("2027-01-20")).toBe("二〇二七年一月二十日");
    expect(regionShort("鼓楼区", "county")).toBe("鼓楼");
    expect(regionShort("福建省", "province")).toBe("闽");
    expect(regionShort("平潭综合实验区", "city")).toBe("平潭");
  });
});

describe("documents from records", () => {
  test("协助函 from a sent request: addressed to the receiver, numbered for the sender's region, stable verification code; 𠮷 carried", async () => {
    const officer = await api.tokenFor(GULOU, "officer");
    const sent = await api.call("POST", "/assistance", { token: officer, body: { toTenant: SIMING, type: "investigation", creditCode: CODE, entityName: "𠮷祥食品有限公司", facts: "请协助调取该公司 2026 年 10 月的进货台账。" } });
    expect(sent.status).toBe(201);
    const doc = await api.call("GET", `/documents/assistance-letter/${sent.json.id}`, { token: officer });
    expect(doc.status).toBe(200);
    expect(doc.json).toMatchObject({ kind: "assistance-letter", title: "协助函", region: "鼓楼区", addressee: expect.stringContaining("思明区") });
    expect(doc.json.number).toMatch(/^鼓楼协函〔\d{4}〕\d{6}号$/);
    expect(doc.json.dateZh).toMatch(/^二〇[〇一二三四五六七八九]{2}年/);
    expect(doc.json.body.join("")).toContain("𠮷祥食品有限公司");
    expect(doc.json.verification).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    const again = await api.call("GET", `/documents/assistance-letter/${sent.json.id}`, { token: officer });
    expect(again.json.verification).toBe(doc.json.verification);
    // The receiver prints the same letter from its copy once delivered.
    await deliver();
    const inbox = await api.call("GET", `/documents/assistance-letter/${sent.json.id}`, { token: await api.tokenFor(SIMING, "tenant-admin") });
    expect(inbox.json).toMatchObject({ number: doc.json.number, organ: expect.stringContaining("鼓楼区") });
    // Another tenant with no copy: not found.
    expect((await api.call("GET", `/documents/assistance-letter/${sent.json.id}`, { token: await api.tokenFor("350103", "tenant-admin") })).status).toBe(404);
  });

  test("案件移送书 only once transferred, addressed to the police, with the evidence list; the police may print it", async () => {
    let r = await as(
      GULOU,
      "officer",
      () =>
        Referral.open({
          title: "某食品公司涉嫌生产销售不符合安全标准的食品案",
          suspectedOffence: "生产、销售不符合安全标准的食品罪",
          facts: "抽检发现熟肉制品菌落总数严重超标。",
          team: [
            { name: "陈静", badgeNo: "FJ35010201" },
            { name: "林强", badgeNo: "FJ35010202" },
          ],
          evidence: [{ name: "检验报告", kind: "document", sha256: "a".repeat(64) }],
        }),
      market,
    );
    const officer = await api.tokenFor(GULOU, "officer", { department_id: market });
    const early = await api.call("GET", `/documents/case-transfer/${r.id}`, { token: officer });
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe("document.not_ready");
    r = await as(GULOU, "tenant-admin", () => Referral.decide({ id: r.id, version: r.version, approve: true, reason: "涉嫌犯罪，同意移送" }), Department.standardId(GULOU, "supervision-office"));
    await as(GULOU, "officer", () => Referral.transfer({ id: r.id, version: r.version, note: "移送书已送达" }), market);
    const doc = await api.call("GET", `/documents/case-transfer/${r.id}`, { token: officer });
    expect(doc.status).toBe(200);
    expect(doc.json).toMatchObject({ title: "涉嫌犯罪案件移送书", annexTitle: "证据清单", annex: [expect.stringContaining("a".repeat(64))] });
    expect(doc.json.addressee).toContain("公安");
    const byPolice = await api.call("GET", `/documents/case-transfer/${r.id}`, { token: await api.tokenFor(GULOU, "judicial", { department_id: police }) });
    expect(byPolice.json.number).toBe(doc.json.number);
  });

  test("检查通知书 tells the business the items and its right to ask for recusal", async () => {
    const officer = await api.tokenFor(GULOU, "officer", { department_id: market });
    const scheduled = await api.call("POST", "/inspections", { token: officer, body: { creditCode: CODE, entityName: "𠮷祥食品有限公司", itemCodes: ["FJ-SP-001"], plannedDate: "2027-01-20" } });
    expect([scheduled.status, scheduled.json?.error]).toEqual([201, undefined]);
    const doc = await api.call("GET", `/documents/inspection-notice/${scheduled.json.id}`, { token: officer });
    expect(doc.status).toBe(200);
    expect(doc.json.addressee).toContain("𠮷祥食品有限公司");
    expect(doc.json.body.join("")).toContain("二〇二七年一月二十日");
    expect(doc.json.body.join("")).toContain("回避");
  });
});
