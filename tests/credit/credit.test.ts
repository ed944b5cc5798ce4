import { afterAll, describe, expect, test } from "vitest";
import { AssistanceRequest } from "../../packages/core/src/assistance/index";
import { Audit } from "../../packages/core/src/audit/index";
import { Business } from "../../packages/core/src/business/index";
import { Credit } from "../../packages/core/src/credit/index";
import { as, deliver, GULOU, SIMING } from "../assistance/support";
import { startTestApi, type TestApi } from "../support/api";
import { asUser } from "../support/context";

const YONGTAI = "350125";
const PROVINCE = "350000";
const NOW = new Date("2026-12-01T04:00:00Z");

async function rosterOf(grade: Business.Grade): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of Business.roster(grade)) out.push(...chunk);
  return out;
}

describe("scoring (pure)", () => {
  const config = Credit.DEFAULT_SCORING;
  const reg = { registeredOn: "2015-03-01", licences: [] };

  test("no records: base score, grade B, and the reason says why", () => {
    const s = Credit.score(config, { licences: [] }, [], NOW);
    expect(s).toMatchObject({ grade: "B", score: 80 });
    expect(s.reasons.at(-1)).toContain("B 类");
  });

  test("years of operation and compliant inspections lift a business to A; the cap holds", () => {
    const s = Credit.score(config, reg, [1, 2, 3, 4].map((i) => ({ kind: "inspection" as const, outcome: "compliant", at: `2026-0${i}-01` })), NOW);
    expect(s.score).toBe(80 + 5 + 10);
    expect(s.grade).toBe("A");
    expect(s.reasons.join("\n")).toContain("检查合格 4 次（+10）");
  });

  test("penalties, failed inspections, expired licences and findings lower it; old records drop out of the window", () => {
    const s = Credit.score(
      config,
      { registeredOn: "2026-06-01", licences: [{ kind: "食品经营许可证", number: "JY1", validUntil: "2026-01-01" }] },
      [
        { kind: "penalty", outcome: "fine", at: "2026-05-01", ref: "榕鼓市监罚〔2026〕1号" },
        { kind: "inspection", outcome: "non-compliant", at: "2026-04-01" },
        { kind: "assistance", outcome: "found", at: "2026-03-01" },
        { kind: "penalty", outcome: "revocation", at: "2020-01-01" },
      ],
      NOW,
    );
    expect(s.score).toBe(80 - 10 - 20 - 15 - 10);
    expect(s.grade).toBe("D");
    const text = s.reasons.join("\n");
    expect(text).toContain("榕鼓市监罚〔2026〕1号");
    expect(text).toContain("已于 2026-01-01 过期");
    expect(text).not.toContain("吊销");
  });

  test("a dishonesty listing is D whatever the score", () => {
    const s = Credit.score(config, reg, [{ kind: "dishonest", outcome: "listed", at: "2026-01-01" }], NOW);
    expect(s.grade).toBe("D");
    expect(s.score).toBe(85);
  });

  test("the rules are validated: thresholds must descend", () => {
    expect(() => Credit.ScoringConfig.parse({ ...config, thresholds: { A: 50, B: 70, C: 90 } })).toThrow();
  });
});

describe("recompute", () => {
  test("a penalty regrades the business, moves it in the roster (the next draw's candidates), once per source", async () => {
    await asUser(YONGTAI, async () => {
      const rows = [...Business.generate({ count: 40, seed: 11, tenantId: YONGTAI })].map((r) => ({ ...r, grade: undefined, registeredOn: "2015-01-01", licences: [] }));
      await Business.importRows(rows);
      const code = rows[0]!.creditCode;
      expect((await Business.fromCode(code)).grade).toBe("B");
      expect(await rosterOf("B")).toContain(code);

      const after = await Credit.note({ creditCode: code, kind: "penalty", outcome: "fine", at: "2026-11-01", ref: "永市监罚〔2026〕9号", sourceId: "pen_TEST1" });
      // 80 + 5 (established) − 20 (fine) = 65 → C
      expect(after?.grade).toBe("C");
      expect(after?.gradeReasons.join("\n")).toContain("永市监罚〔2026〕9号");
      expect(await rosterOf("C")).toContain(code);
      expect(await rosterOf("B")).not.toContain(code);
      const counts = await Business.count();
      expect(counts.B).toBe(39);
      expect(counts.C).toBe(1);

      // The same source noted again is one record.
      await Credit.note({ creditCode: code, kind: "penalty", outcome: "fine", at: "2026-11-01", sourceId: "pen_TEST1" });
      expect(await Credit.records(code)).toHaveLength(1);
      expect((await Business.fromCode(code)).grade).toBe("C");

      // Compliant inspections bring it back up.
      await Credit.note({ creditCode: code, kind: "inspection", outcome: "compliant", at: "2026-11-10", sourceId: "ist_A" });
      const back = await Credit.note({ creditCode: code, kind: "inspection", outcome: "compliant", at: "2026-11-20", sourceId: "ist_B" });
      expect(back?.grade).toBe("B");
      expect(await rosterOf("B")).toContain(code);

      // A business not in the directory: nothing is written, nothing fails.
      const stranger = [...Business.generate({ count: 1, seed: 99, tenantId: "350000" })][0]!.creditCode;
      expect(await Credit.note({ creditCode: stranger, kind: "inspection", outcome: "compliant", at: "2026-11-01" })).toBeUndefined();
    });
  }, 600_000);

  test("the province publishes new rules; a county's recompute uses them; only the next version is accepted", async () => {
    await asUser(PROVINCE, async () => {
      const current = await Credit.scoring();
      await expect(Credit.publishScoring({ ...current, version: current.version + 2 })).rejects.toMatchObject({ status: 409 });
      await Credit.publishScoring({ ...current, version: current.version + 1, thresholds: { A: 84, B: 70, C: 50 } });
    });
    await asUser(YONGTAI, async () => {
      await expect(Credit.publishScoring({ ...Credit.DEFAULT_SCORING, version: 9 })).rejects.toMatchObject({ status: 403 });
      const rows = [...Business.generate({ count: 40, seed: 11, tenantId: YONGTAI })];
      const code = rows[1]!.creditCode;
      // Established (2015) with no records: 85 ≥ 84 → A under the new rules.
      const info = await Credit.recompute(code);
      expect(info.grade).toBe("A");
      expect(info.gradeSource).toBe("credit-v2");
      expect(await rosterOf("A")).toContain(code);
    });
  }, 600_000);
});

describe("credit inputs: the scoring API and assistance findings", () => {
  let api: TestApi | undefined;
  afterAll(() => api?.stop());

  test("the province publishes rules (zod-validated, versioned, audited); regrading moves businesses between the next draw's strata", async () => {
    const current = await asUser(PROVINCE, () => Credit.scoring());
    // Validated: thresholds must descend; a county may not publish (403).
    await expect(asUser(PROVINCE, () => Credit.publishScoring({ ...current, version: current.version + 1, thresholds: { A: 50, B: 70, C: 90 } }))).rejects.toThrow();
    await expect(asUser(YONGTAI, () => Credit.publishScoring({ ...current, version: current.version + 1 }))).rejects.toMatchObject({ status: 403 });
    // Stricter A: nobody without compliant inspections reaches it.
    const before = await asUser(PROVINCE, async () => (await Audit.head())?.seq ?? 0);
    await asUser(PROVINCE, () => Credit.publishScoring({ ...current, version: current.version + 1, source: "闽市监〔2026〕测试号", thresholds: { A: 95, B: 70, C: 50 } }));
    await asUser(PROVINCE, async () => {
      const events = (await Audit.list({ limit: 20 })).items.filter((e) => e.seq > before);
      expect(events.map((e) => e.action)).toEqual(["credit.scoring"]);
    });
    await asUser(YONGTAI, async () => {
      const a = await rosterOf("A");
      const code = a[0]!;
      const counts = await Business.count();
      const info = await Credit.recompute(code);
      expect(info.grade).toBe("B");
      expect(info.gradeSource).toBe(`credit-v${current.version + 1}`);
      // The roster is the draw's candidate list: the next draw publishes these counts and strata.
      expect(await rosterOf("A")).not.toContain(code);
      expect(await rosterOf("B")).toContain(code);
      expect(await Business.count()).toEqual({ ...counts, A: counts.A - 1, B: counts.B + 1 });
    });
  }, 600_000);

  test("a problem found on an assistance request about a business regrades it in the answering county, with the reason; 'nothing found' does not", async () => {
    const rows = [...Business.generate({ count: 5, seed: 31, tenantId: SIMING })].map((r) => ({ ...r, grade: undefined, registeredOn: "2015-01-01", licences: [] }));
    await asUser(SIMING, () => Business.importRows(rows));
    const [found, clean] = [rows[0]!.creditCode, rows[1]!.creditCode];
    const ask = async (code: string, findings: string) => {
      const sent = await as(GULOU, () => AssistanceRequest.send({ toTenant: SIMING, type: "inspection", creditCode: code, facts: "请协助现场核查冷库与进货台账。" }));
      await deliver();
      const accepted = await as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: 1 }));
      await as(SIMING, () => AssistanceRequest.answer({ id: sent.id, version: accepted.version, text: "已现场核查。", findings }));
    };
    await ask(found, "查实：冷库温度不达标，进货台账缺失");
    await ask(clean, "未发现问题");
    await asUser(SIMING, async () => {
      const b = await Business.fromCode(found);
      expect(b.gradeReasons.join("\n")).toContain("跨区域协助查实问题 1 项");
      expect((await Credit.records(found)).map((r) => r.kind)).toEqual(["assistance"]);
      expect(await Credit.records(clean)).toEqual([]);
      expect((await Business.fromCode(clean)).gradeReasons.join("\n")).not.toContain("协助查实");
    });
  }, 600_000);
});
