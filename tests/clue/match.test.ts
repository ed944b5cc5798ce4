import { describe, expect, test } from "vitest";
import { autoMatch, distinctive, lookupKeys, normaliseName, rank, score, similarity } from "../../packages/core/src/clue/match";
import { countBySource, plan } from "../../packages/core/src/clue/rules";

describe("name normalisation and scoring (pure)", () => {
  test("full-width, spaces and 有限责任公司/有限公司 variants fold; a character beyond U+FFFF stays whole", () => {
    expect(normaliseName("福州 𠮷祥ＡＢＣ餐饮有限责任公司")).toBe("福州𠮷祥abc餐饮有限公司");
    expect(normaliseName("福州𠮷祥abc餐饮有限公司")).toBe("福州𠮷祥abc餐饮有限公司");
    expect(distinctive("福州市𠮷祥餐饮有限公司", ["福州市"])).toBe("𠮷祥餐饮");
    expect(Array.from(lookupKeys("福州市𠮷祥餐饮管理有限公司", ["福州市"])[1]!)).toEqual(["𠮷", "祥", "餐", "饮"]);
  });
  test("similarity is 1 for equal, 0 for disjoint, in between otherwise", () => {
    expect(similarity("示例餐饮", "示例餐饮")).toBe(1);
    expect(similarity("示例餐饮", "某某建材")).toBe(0);
    const s = similarity("示例餐饮管理", "示例餐饮服务");
    expect(s).toBeGreaterThan(0.5);
    expect(s).toBeLessThan(1);
  });
  test("a name and address equal after normalisation scores 1 and matches alone; a near name needs the officer", () => {
    const candidates = [
      { creditCode: "B", name: "福州示例餐饮管理有限公司", address: "鼓楼区五四路100号" },
      { creditCode: "A", name: "福州示范建材有限公司", address: "台江区八一七路1号" },
    ];
    const exact = rank({ name: "福州示例餐饮管理有限责任公司", address: "鼓楼区五四路 100 号" }, candidates);
    expect(exact[0]).toMatchObject({ creditCode: "B", confidence: 1, reasons: ["name.exact", "address.exact"] });
    expect(autoMatch(exact)?.creditCode).toBe("B");
    const near = rank({ name: "示例餐饮管理公司", address: "五四路100号" }, candidates);
    expect(near[0]!.creditCode).toBe("B");
    expect(near[0]!.confidence).toBeLessThan(1);
    expect(autoMatch(near)).toBeUndefined();
    // Without an address a name alone is capped below automatic matching.
    expect(score({ name: "福州示例餐饮管理有限公司" }, candidates[0]!).confidence).toBe(0.85);
  });
});

describe("correlation (pure)", () => {
  const day = 24 * 3600 * 1000;
  let n = 0;
  const newId = () => `ctk_${++n}`;
  test("clues within the window join one task; departments and items accumulate; a clue past the window opens a new task", () => {
    const { changes, open } = plan(
      undefined,
      [
        { id: "c1", at: "2026-01-01T00:00:00.000Z", departmentId: "dep_m", itemCodes: ["A"], source: "hotline-12345" },
        { id: "c2", at: "2026-02-01T00:00:00.000Z", departmentId: "dep_h", itemCodes: ["B"], source: "association" },
        { id: "c3", at: "2026-05-01T00:00:00.000Z", departmentId: "dep_m", itemCodes: ["A"], source: "sensor" },
      ],
      90 * day,
      newId,
    );
    expect(changes).toHaveLength(2);
    expect(changes[0]).toMatchObject({ isNew: true, leadDepartmentId: "dep_m", clueIds: ["c1", "c2"], newDepartmentIds: ["dep_m", "dep_h"], itemCodes: ["A", "B"] });
    expect(changes[1]).toMatchObject({ isNew: true, clueIds: ["c3"] });
    expect(open?.taskId).toBe(changes[1]!.taskId);
  });
  test("a clue joins the open task and adds only a new department", () => {
    const { changes } = plan(
      { taskId: "ctk_open", openedAt: "2026-01-01T00:00:00.000Z", until: "2026-04-01T00:00:00.000Z", departmentIds: ["dep_m"] },
      [{ id: "c9", at: "2026-03-01T00:00:00.000Z", departmentId: "dep_m", itemCodes: [], source: "media" }],
      90 * day,
      newId,
    );
    expect(changes).toEqual([expect.objectContaining({ taskId: "ctk_open", isNew: false, newDepartmentIds: [], clueIds: ["c9"] })]);
  });
  test("recent clues are counted by source since a date", () => {
    expect(countBySource(["2026-01-01T00:00:00.000Z|media|a", "2026-03-01T00:00:00.000Z|media|b", "2026-03-02T00:00:00.000Z|sensor|c"], "2026-02-01T00:00:00.000Z")).toEqual({ media: 1, sensor: 1 });
  });
});
