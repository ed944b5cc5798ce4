import { describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Business } from "../../packages/core/src/business/index";
import { applyToBuckets, normalise, suffixKeys, unpack } from "../../packages/core/src/business/rules";
import { isValidCreditCode, withCheckChar } from "../../packages/core/src/entity/credit-code";
import { asUser } from "../support/context";

/** Each test uses its own county, so the directories never mix. */
const GULOU = "350102";
const TAIJIANG = "350103";
const CANGSHAN = "350104";
const MAWEI = "350105";
const JINAN = "350111";
const CHANGLE = "350112";

async function rosterOf(grade: Business.Grade): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of Business.roster(grade)) out.push(...chunk);
  return out;
}

async function lastImportEvent() {
  const page = await Audit.list({ limit: 20 });
  return page.items.find((e) => e.action === "business.import")!;
}

describe("credit codes and the generator (pure)", () => {
  test("the check character is validated: one changed character fails", () => {
    const good = withCheckChar("91350102MA2Y2P3Q4");
    expect(isValidCreditCode(good)).toBe(true);
    const bad = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    expect(isValidCreditCode(bad)).toBe(false);
  });

  test("the same seed gives the same directory; every code checks; some names are beyond the BMP", () => {
    const a = [...Business.generate({ count: 2000, seed: 7, tenantId: GULOU })];
    const b = [...Business.generate({ count: 2000, seed: 7, tenantId: GULOU })];
    expect(a).toEqual(b);
    expect(a.every((x) => isValidCreditCode(x.creditCode))).toBe(true);
    expect(new Set(a.map((x) => x.creditCode)).size).toBe(2000);
    expect(a.some((x) => [...x.name].some((c) => c.codePointAt(0)! > 0xffff))).toBe(true);
    const grades = new Set(a.map((x) => x.grade));
    expect([...grades].sort()).toEqual(["A", "B", "C", "D"]);
    expect(a.every((x) => x.township.startsWith(GULOU))).toBe(true);
  });

  test("a rare character is one character in the search keys", () => {
    const keys = suffixKeys("name", "福州市鼓楼区𠮷祥餐饮管理有限公司", ["福州市", "鼓楼区"]);
    expect(keys[0]).toBe("𠮷祥餐饮管理");
    expect(keys).toContain("祥餐饮管理");
    expect(keys.some((k) => k.includes("\ud842") && !k.includes("𠮷"))).toBe(false);
    expect(normalise("Ａ　Ｂ（有限）")).toBe("ab有限");
  });

  test("roster buckets split when full and stay sorted", () => {
    const codes = Array.from({ length: 9000 }, (_, i) => withCheckChar(`91350102MA${String(i).padStart(7, "0")}`));
    const { written } = applyToBuckets([], new Set(codes), new Set());
    expect(written.length).toBe(3);
    const all = written.flatMap((b) => b.codes);
    expect(all).toEqual([...codes].sort());
    expect(written[0]!.lower).toBe("");
    for (let i = 1; i < written.length; i++) expect(written[i]!.lower).toBe(written[i]!.codes[0]);
  });
});

describe("import", () => {
  test("imports a directory: counts, a sorted roster per grade, search by name, address and code (rare characters round trip)", async () => {
    await asUser(GULOU, async () => {
      const rows = [...Business.generate({ count: 1200, seed: 1, tenantId: GULOU, rareShare: 0.1 })];
      const progress: number[] = [];
      const result = await Business.importRows(rows, (p) => progress.push(p.rows));
      expect(result.rowErrors).toEqual([]);
      expect(result.created).toBe(1200);
      expect(progress).toEqual([500, 1000, 1200]);

      const count = await Business.count();
      for (const g of Business.Grades) {
        const expected = rows.filter((r) => r.grade === g).map((r) => r.creditCode).sort();
        expect(count[g]).toBe(expected.length);
        expect(await rosterOf(g)).toEqual(expected);
      }

      const rare = rows.find((r) => [...r.name].some((c) => c.codePointAt(0)! > 0xffff))!;
      const got = await Business.fromCode(rare.creditCode);
      expect(got.name).toBe(rare.name);
      const rareChar = [...rare.name].find((c) => c.codePointAt(0)! > 0xffff)!;
      const hits = await Business.search({ q: rareChar + [...rare.name][[...rare.name].indexOf(rareChar) + 1], limit: 200 });
      expect(hits.items.map((h) => h.creditCode)).toContain(rare.creditCode);
      expect(hits.items.find((h) => h.creditCode === rare.creditCode)!.name).toBe(rare.name);

      // The whole name finds it too (region words and legal form are stripped from query and index alike).
      const byName = await Business.search({ q: rare.name, limit: 200 });
      expect(byName.items.map((h) => h.creditCode)).toContain(rare.creditCode);
      // Address.
      const street = rows[5]!.address.match(/(五一中路|八一七北路|东街|杨桥东路|湖东路|乌山路|温泉支路|鼓屏路|华林路|铜盘路|西二环中路|工业路|福飞路|北环中路)\d+号/)![0];
      const byAddress = await Business.search({ q: street, by: "address", limit: 200 });
      expect(byAddress.items.map((h) => h.creditCode)).toContain(rows[5]!.creditCode);
      expect(byAddress.items.every((h) => normalise(h.address).includes(normalise(street)))).toBe(true);
      // Code, exact.
      const byCode = await Business.search({ q: rows[9]!.creditCode.toLowerCase() });
      expect(byCode.items.map((h) => h.creditCode)).toEqual([rows[9]!.creditCode]);
      // getMany keeps order and skips the unknown.
      const unknown = withCheckChar("91350102MAYYYYYYY");
      const many = await Business.getMany([rows[3]!.creditCode, unknown, rows[1]!.creditCode]);
      expect(many.map((m) => m.creditCode)).toEqual([rows[3]!.creditCode, rows[1]!.creditCode]);
      await expect(Business.fromCode(unknown)).rejects.toMatchObject({ status: 404 });
    });
  }, 600_000);

  test("re-import never duplicates: unchanged rows write nothing, changed rows update, and the roster follows", async () => {
    await asUser(TAIJIANG, async () => {
      const rows = [...Business.generate({ count: 600, seed: 2, tenantId: TAIJIANG })];
      await Business.importRows(rows);
      const again = await Business.importRows(rows);
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 600 });
      const before = await Business.count();
      expect(Object.values(before).reduce((a, b) => a + b, 0)).toBe(600);

      const changed = rows.map((r, i) => (i === 0 ? { ...r, name: "台江区新名字测试商行有限公司", grade: r.grade === "D" ? "A" : "D" } : r));
      const third = await Business.importRows(changed);
      expect(third).toMatchObject({ created: 0, updated: 1, unchanged: 599 });
      const after = await Business.count();
      expect(Object.values(after).reduce((a, b) => a + b, 0)).toBe(600);
      const newGrade = changed[0]!.grade as Business.Grade;
      expect(await rosterOf(newGrade)).toContain(rows[0]!.creditCode);
      expect(await rosterOf(rows[0]!.grade as Business.Grade)).not.toContain(rows[0]!.creditCode);
      // The old name no longer finds it; the new one does.
      const oldHits = await Business.search({ q: rows[0]!.name, limit: 200 });
      expect(oldHits.items.map((h) => h.creditCode)).not.toContain(rows[0]!.creditCode);
      const newHits = await Business.search({ q: "新名字测试", limit: 200 });
      expect(newHits.items.map((h) => h.creditCode)).toEqual([rows[0]!.creditCode]);
    });
  }, 600_000);

  test("one audit event per import; its hash covers every row (Merkle root), errors included", async () => {
    await asUser(CANGSHAN, async () => {
      const rows: unknown[] = [...Business.generate({ count: 700, seed: 3, tenantId: CANGSHAN })];
      rows.splice(10, 0, { creditCode: "91350104MA0000000X", name: "坏行", type: "company", address: "仓山区某路", township: "350104001" });
      const head = (await Audit.head())?.seq ?? 0;
      const result = await Business.importRows(rows);
      const events = (await Audit.list({ limit: 50 })).items.filter((e) => e.seq > head);
      expect(events.map((e) => e.action)).toEqual(["business.import"]);
      const event = events[0]!;
      const root = Business.importRoot(rows);
      expect(event.summary?.root).toBe(root);
      expect(result.root).toBe(root);
      const state = { id: result.id, rows: 701, created: 700, updated: 0, unchanged: 0, errors: result.errors, root, chunkSize: Business.IMPORT_CHUNK };
      expect(result).toMatchObject(state);
      // The event's state is the import record as stored, root included; verify re-hashes it.
      expect((await Business.importInfo(result.id)).root).toBe(root);
      const verified = await Audit.verify();
      expect(verified.ok).toBe(true);
      expect(verified.states.checked).toBeGreaterThan(0);
      // Change any one row and the root changes.
      const tampered = [...rows];
      tampered[650] = { ...(tampered[650] as object), name: "改过的名字有限公司" };
      expect(Business.importRoot(tampered)).not.toBe(root);
      expect(event.text).toContain("701");
    });
  }, 600_000);

  test("per-row errors name the row, the field and the rule; good rows are still imported", async () => {
    await asUser(MAWEI, async () => {
      const good = [...Business.generate({ count: 3, seed: 4, tenantId: MAWEI })];
      const code = good[0]!.creditCode;
      const badCheck = code.slice(0, 17) + (code[17] === "0" ? "1" : "0");
      const rows = [
        good[0],
        { ...good[1], creditCode: badCheck },
        { ...good[2], township: "不存在街道" },
        { creditCode: good[2]!.creditCode, name: "马尾区𠮷𠮷小吃店", type: "个体工商户", address: "马尾区罗星街道某路1号", township: "罗星街道", industries: "餐饮服务、不知道", grade: "E" },
        { ...good[0] },
      ];
      const result = await Business.importRows(rows, undefined, { firstRow: 2 });
      const by = (row: number) => result.rowErrors.filter((e) => e.row === row).map((e) => `${e.field}:${e.rule}`);
      expect(by(2)).toEqual([]);
      expect(by(3)).toEqual(["creditCode:custom"]);
      expect(by(4)).toEqual(["township:business.township_unknown"]);
      expect(by(5).sort()).toEqual(["grade:invalid_value", "industries.1:custom"]);
      expect(by(6)).toEqual(["creditCode:business.duplicate_row"]);
      expect(result.rowErrors.find((e) => e.row === 6)!.message).toContain("第 2 行");
      expect(result.rowErrors.every((e) => e.message.length > 0)).toBe(true);
      expect(result.created).toBe(1);
    });
  }, 600_000);
});

describe("roster and pages", () => {
  test("a grade change moves the code between rosters at once, and counts follow", async () => {
    await asUser(JINAN, async () => {
      const rows = [...Business.generate({ count: 300, seed: 5, tenantId: JINAN })];
      await Business.importRows(rows);
      const target = rows.find((r) => r.grade === "A")!;
      const before = await Business.count();
      const info = await Business.setGrade({ creditCode: target.creditCode, grade: "D", source: "test", reasons: ["测试"] });
      expect(info.grade).toBe("D");
      const after = await Business.count();
      expect(after.A).toBe(before.A - 1);
      expect(after.D).toBe(before.D + 1);
      expect(await rosterOf("D")).toContain(target.creditCode);
      expect(await rosterOf("A")).not.toContain(target.creditCode);
      const d = await rosterOf("D");
      expect(d).toEqual([...d].sort());
      // Setting the same grade again writes nothing.
      const seq = (await Audit.head())!.seq;
      await Business.setGrade({ creditCode: target.creditCode, grade: "D", source: "test", reasons: ["测试"] });
      expect((await Audit.head())!.seq).toBe(seq);
      // Concurrent changes of two businesses in one roster item both land.
      const others = rows.filter((r) => r.grade === "B").slice(0, 6);
      await Promise.all(others.map((o) => Business.setGrade({ creditCode: o.creditCode, grade: "C", source: "test", reasons: [] })));
      const c = await rosterOf("C");
      for (const o of others) expect(c).toContain(o.creditCode);
      const b = await rosterOf("B");
      for (const o of others) expect(b).not.toContain(o.creditCode);
    });
  }, 600_000);

  test("lists are pages of at most `limit`, and walking the cursors visits every business once", async () => {
    await asUser(JINAN, async () => {
      const total = Object.values(await Business.count()).reduce((a, b) => a + b, 0);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await Business.list({ limit: 40, cursor });
        expect(page.items.length).toBeLessThanOrEqual(40);
        seen.push(...page.items.map((i) => i.creditCode));
        cursor = page.cursor ?? undefined;
        pages++;
      } while (cursor && pages < 100);
      expect(seen.length).toBe(total);
      expect(new Set(seen).size).toBe(total);

      const byGrade: string[] = [];
      cursor = undefined;
      do {
        const page = await Business.list({ grade: "B", limit: 25, cursor });
        expect(page.items.length).toBeLessThanOrEqual(25);
        expect(page.items.every((i) => i.grade === "B")).toBe(true);
        byGrade.push(...page.items.map((i) => i.creditCode));
        cursor = page.cursor ?? undefined;
      } while (cursor);
      expect(byGrade).toEqual(await rosterOf("B"));

      await expect(Business.list({ limit: 500 })).rejects.toThrow();
      await expect(Business.list({ cursor: Buffer.from(JSON.stringify({ pk: "350102#business-roster#B", sk: "x" })).toString("base64url"), grade: "B" })).rejects.toMatchObject({ status: 400 });
    });
  }, 600_000);

  test("a search reads one page: a common key gives a bounded page and a cursor", async () => {
    await asUser(CHANGLE, async () => {
      const rows = [...Business.generate({ count: 300, seed: 6, tenantId: CHANGLE })];
      await Business.importRows(rows);
      const term = ["小吃", "食品", "餐饮", "超市", "物流", "科技", "工程", "药房"]
        .map((t) => ({ t, n: rows.filter((r) => r.name.includes(t)).length }))
        .sort((a, b) => b.n - a.n)[0]!.t;
      const expected = rows.filter((r) => r.name.includes(term)).map((r) => r.creditCode).sort();
      expect(expected.length).toBeGreaterThan(6);
      const all: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const p = await Business.search({ q: term, limit: 3, cursor });
        expect(p.items.length).toBeLessThanOrEqual(3);
        all.push(...p.items.map((i) => i.creditCode));
        cursor = p.cursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBeGreaterThan(2);
      expect([...new Set(all)].sort()).toEqual(expected);
      void unpack;
    });
  }, 600_000);

  test("a query of only place names or legal forms pages the directory: a township's businesses, names holding the form, or everything; punctuation alone is a 400 naming q", async () => {
    await asUser(CHANGLE, async () => {
      const rows = [...Business.generate({ count: 300, seed: 6, tenantId: CHANGLE })];
      await Business.importRows(rows); // as in the test before: unchanged rows write nothing
      const walk = async (q: string) => {
        const seen: Business.Info[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const p = await Business.search({ q, limit: 40, cursor });
          expect(p.items.length).toBeLessThanOrEqual(40);
          seen.push(...p.items);
          cursor = p.cursor ?? undefined;
          pages++;
        } while (cursor && pages < 50);
        return { seen, pages };
      };
      // A legal form: every business whose name holds it, a bounded page at a time.
      const forms = await walk("有限公司");
      expect(forms.pages).toBeGreaterThan(1);
      expect(forms.seen.map((b) => b.creditCode).sort()).toEqual(rows.filter((r) => normalise(r.name).includes("有限公司")).map((r) => r.creditCode).sort());
      // A township by name: its businesses.
      const town = rows[0]!.township;
      const byTown = await walk((await Business.fromCode(rows[0]!.creditCode)).townshipName);
      expect(byTown.seen.map((b) => b.creditCode).sort()).toEqual(rows.filter((r) => r.township === town).map((r) => r.creditCode).sort());
      // The city (or the county): the whole directory, a page at a time.
      const first = await Business.search({ q: "福州市", limit: 25 });
      expect(first.items).toHaveLength(25);
      expect(first.cursor).toBeTruthy();
      expect((await walk("福州市长乐区")).seen).toHaveLength(rows.length);
      // Nothing searchable at all: a 400 that names the field and the rule.
      await expect(Business.search({ q: "，，" })).rejects.toMatchObject({ status: 400, details: [expect.objectContaining({ field: "q", rule: "business.search_too_short" })] });
    });
  }, 600_000);
});
