import fc from "fast-check";
import { CLAUSE, CONDUCT, clauseVariant, conductVariant } from "./variants";
import { describe, expect, test } from "vitest";
import { actIdentity, addDays, chineseNumeral, MAX_PERIOD_DAYS, compare, decisionCovers, isCalendarDate, isFine, normaliseText, registryWindow, type Claim } from "../../packages/core/src/penalty/rules";

describe("normaliseText: one clause however it is written", () => {
  test("every wording variant of the clause normalises to one text", () => {
    const want = normaliseText(CLAUSE);
    expect(want).toBe("食品安全法第124条第1款");
    fc.assert(fc.property(clauseVariant, (v) => normaliseText(v) === want), { numRuns: 500 });
  });

  test("every wording variant of the conduct normalises to one text", () => {
    const want = normaliseText(CONDUCT);
    fc.assert(fc.property(conductVariant, (v) => normaliseText(v) === want), { numRuns: 500 });
  });

  test("each finding's spelling separately", () => {
    const want = normaliseText(CLAUSE);
    for (const v of [
      "《食品安全法》第一百二十四条\u200B第一款",
      "《食品安全法》第一百二十四条\u2060第一款",
      "《食品\u00AD安全法》第一百二十四条第一款",
      "《食品安全法》第124条第1款",
      "《中华人民共和国食品安全法》第一百二十四条第一款",
      "〔食品安全法〕第一百二十四条第一款",
      "【食品安全法】（第一百二十四条第一款）",
      " 食品安全法　第一百二十四条 第一款 ",
    ])
      expect(normaliseText(v), JSON.stringify(v)).toBe(want);
    // Different clauses stay different.
    expect(normaliseText("《食品安全法》第一百二十五条第一款")).not.toBe(want);
    expect(normaliseText("《产品质量法》第一百二十四条第一款")).not.toBe(want);
  });

  test("Chinese numerals become digits", () => {
    const cases: [string, string][] = [["一百二十四", "124"], ["十二", "12"], ["二十", "20"], ["一百零五", "105"], ["十", "10"], ["一〇二", "102"], ["两千零二十六", "2026"], ["一万二千", "12000"], ["壹佰贰拾肆", "124"]];
    for (const [zh, n] of cases) expect(chineseNumeral(zh), zh).toBe(n);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), (n) => chineseNumeral(toChinese(n)) === String(n)),
      { numRuns: 300 },
    );
  });
});

/** A number as written in Chinese (一万零三百二十 …), for the round trip above. */
function toChinese(n: number): string {
  const d = "零一二三四五六七八九";
  const units = ["", "十", "百", "千"];
  const section = (x: number) => {
    let out = "";
    let zero = false;
    for (let i = 3; i >= 0; i--) {
      const v = Math.floor(x / 10 ** i) % 10;
      if (v === 0) {
        if (out) zero = true;
        continue;
      }
      if (zero) out += "零";
      zero = false;
      out += d[v]! + units[i]!;
    }
    return out;
  };
  if (n >= 10_000) {
    const low = n % 10_000;
    return section(Math.floor(n / 10_000)) + "万" + (low === 0 ? "" : low < 1000 ? "零" + section(low) : section(low));
  }
  return section(n);
}

describe("the act: party, dates and conduct; the law and item are context", () => {
  const fine = { creditCode: "91350102MA2Y1A2B3B", actDate: "2026-11-02", conduct: CONDUCT, itemCode: "FJ-SP-001", clause: CLAUSE };
  const claimOf = (over: Partial<Claim> = {}): Claim => {
    const id = actIdentity(fine);
    return { key: "k", actFrom: id.from, actTo: id.to, conductKey: id.conduct, itemCode: "FJ-SP-001", clauseKey: normaliseText(CLAUSE), ...over };
  };

  test("another law and another item for the same conduct on the same day is the same act", () => {
    const c = compare({ ...fine, itemCode: "FJ-CP-009", clause: "《产品质量法》第四十九条" }, claimOf());
    expect(c.sameAct).toBe(true);
  });

  test("overlapping dates are near; the same item within two years is near; otherwise unrelated", () => {
    expect(compare({ ...fine, conduct: "另一种写法的违法行为" }, claimOf())).toEqual({ sameAct: false, reasons: ["dates", "items", "clause"] });
    expect(compare({ ...fine, actDate: "2026-10-01", actUntil: "2026-11-30", conduct: CONDUCT }, claimOf()).reasons).toEqual(["dates", "items", "conduct", "clause"]);
    expect(compare({ ...fine, actDate: "2027-06-01" }, claimOf()).reasons).toEqual(["items", "conduct", "clause"]);
    expect(compare({ ...fine, actDate: "2029-06-01" }, claimOf())).toEqual({ sameAct: false, reasons: [] });
    expect(compare({ ...fine, actDate: "2027-06-01", itemCode: "FJ-SP-002" }, claimOf())).toEqual({ sameAct: false, reasons: [] });
  });

  test("the registry window covers every claim that can be near", () => {
    // Every claim compare() finds near or the same starts inside the window the registry is read over.
    const day = fc.integer({ min: 0, max: 6000 }).map((n) => addDays("2020-01-01", n));
    const period = fc.tuple(day, fc.integer({ min: 0, max: MAX_PERIOD_DAYS })).map(([from, len]) => ({ from, to: addDays(from, len) }));
    fc.assert(
      fc.property(period, period, fc.boolean(), (mine, theirs, sameItem) => {
        const c = compare({ ...fine, actDate: mine.from, actUntil: mine.to }, claimOf({ actFrom: theirs.from, actTo: theirs.to, itemCode: sameItem ? "FJ-SP-001" : "FJ-SP-002" }));
        const w = registryWindow({ actDate: mine.from, actUntil: mine.to });
        return c.reasons.length === 0 || (w.from <= theirs.from && theirs.from <= w.to);
      }),
      { numRuns: 1000 },
    );
    expect(registryWindow({ actDate: "2026-11-02" })).toEqual({ from: "2019-11-02", to: "2028-11-01" });
  });

  test("only a fine is barred; a decision must cover every near match; dates are real dates", () => {
    expect(["warning", "confiscation", "suspension", "revocation", "detention-of-goods", "other"].some(isFine)).toBe(false);
    expect(isFine("fine")).toBe(true);
    expect(decisionCovers(["a", "b"], ["a"])).toBe(true);
    expect(decisionCovers(["a"], ["a", "b"])).toBe(false);
    expect(isCalendarDate("2026-02-28")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-13-45")).toBe(false);
  });
});
