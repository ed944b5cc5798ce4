import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { Catalogue } from "../../packages/core/src/catalogue/index";
import { Clock } from "../../packages/core/src/clock";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { buildGuide, guideIndex } from "../../packages/core/src/catalogue/guide";
import { CatalogueSync } from "../../packages/core/src/catalogue-sync/index";
import { demoCatalogue } from "../../packages/core/src/catalogue/demo";
import { Industries } from "../../packages/core/src/catalogue/item";
import { parseCsv } from "../../packages/core/src/catalogue/sheet-file";
import { PROVINCE_ID } from "../../packages/core/src/tenant/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";

const demo = demoCatalogue();
const v2rows = parseCsv(readFileSync(join(import.meta.dirname, "../../packages/core/data/demo-catalogue-v2.csv"), "utf8"));
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe("compliance guides (一业一册), pure", () => {
  const items = demo.changes.flatMap((c) => (c.basis === "repeal" ? [] : [c.item]));
  const catalogue = { version: 1, title: demo.title, publishedAt: "2026-01-01T00:00:00.000Z", items };

  test("each industry lists the items whose supervised objects include it, with who, what, how and why", () => {
    const guide = buildGuide(catalogue, "gas-supply")!;
    expect(guide.title).toBe("燃气经营经营者合规指南（一业一册）");
    expect(guide.items.map((i) => i.code)).toEqual(items.filter((i) => i.objectTypes.includes("gas-supply")).map((i) => i.code).sort());
    const first = guide.items.find((i) => i.code === "FJ-RQ-001")!;
    expect(first.lead.zh).toBe("住房和城乡建设局");
    expect(first.cooperating.map((d) => d.zh)).toEqual(["市场监督管理局", "应急管理局"]);
    expect(first.legalBasis[0]!.text).toBe("《城镇燃气管理条例》第十五条");
    expect(first.content.length).toBeGreaterThan(2);
    expect(guide.departments[0]!.zh).toBe("住房和城乡建设局");
    expect(buildGuide(catalogue, "no-such-industry")).toBeUndefined();
  });

  test("the index counts the items of every industry", () => {
    const index = guideIndex(catalogue);
    expect(index.industries).toHaveLength(Industries.length);
    for (const i of index.industries) expect(i.itemCount).toBe(items.filter((it) => it.objectTypes.includes(i.code)).length);
    expect(guideIndex(undefined).industries.every((i) => i.itemCount === 0)).toBe(true);
  });
});

describe("public guide routes", () => {
  test("before any catalogue: the guides exist but list nothing", async () => {
    const res = await api.call("GET", "/guides");
    expect(res.status).toBe(200);
    expect(res.json.version).toBeNull();
    expect(res.json.industries.every((i: { itemCount: number }) => i.itemCount === 0)).toBe(true);
  });

  test("without a token: the index and an industry's guide, from the version in force", async () => {
    await asSystem(() => CatalogueSync.publish(demo), PROVINCE_ID);
    // The public pages reuse what they read for a short while: a new version shows once that has passed.
    Clock.advance(Catalogue.PUBLIC_TTL_MS);
    const index = await api.call("GET", "/guides");
    expect(index.status).toBe(200);
    expect(index.json).toMatchObject({ version: 1, versionTitle: demo.title });
    expect(index.json.industries.find((i: { code: string }) => i.code === "catering").itemCount).toBeGreaterThanOrEqual(3);

    const catering = await api.call("GET", "/guides/catering");
    expect(catering.status).toBe(200);
    expect(catering.json.version).toBe(1);
    expect(catering.json.industry).toEqual({ code: "catering", zh: "餐饮服务", en: "Catering" });
    const sp1 = catering.json.items.find((i: { code: string }) => i.code === "FJ-SP-001");
    expect(sp1.name).toBe("餐饮服务食品安全监督检查");
    expect(sp1.content.join("")).not.toContain("食品安全总监");
  });

  test("a new version changes the guide once it is published", async () => {
    const province = await api.tokenFor(PROVINCE_ID, "province-admin");
    const imported = await api.call("POST", "/catalogue/import", { token: province, body: { title: "福建省跨部门综合监管事项清单（2026年第一次修订）", rows: v2rows } });
    expect(imported.status).toBe(201);
    Clock.advance(Catalogue.PUBLIC_TTL_MS);

    const catering = await api.call("GET", "/guides/catering");
    expect(catering.json).toMatchObject({ version: 2, versionTitle: "福建省跨部门综合监管事项清单（2026年第一次修订）" });
    const sp1 = catering.json.items.find((i: { code: string }) => i.code === "FJ-SP-001");
    expect(sp1.content.at(-1)).toContain("食品安全总监");
    expect(sp1.legalBasis.map((b: { text: string }) => b.text)).toContain("《中华人民共和国食品安全法》第四十四条");

    const retail = await api.call("GET", "/guides/food-retail");
    expect(retail.json.items.map((i: { code: string }) => i.code)).toContain("FJ-SP-007");
    const equipment = await api.call("GET", "/guides/special-equipment-user");
    expect(equipment.json.items.map((i: { code: string }) => i.code)).not.toContain("FJ-TZSB-003");
  });

  test("an unknown industry → 404 with a clear message, in Chinese and English", async () => {
    const zh = await api.call("GET", "/guides/spaceships");
    expect(zh.status).toBe(404);
    expect(zh.json.error).toMatchObject({ code: "catalogue.industry_not_found", message: "没有“spaceships”这个行业的合规指南，请从行业列表中选择" });
    const en = await api.call("GET", "/guides/spaceships", { headers: { "accept-language": "en" } });
    expect(en.json.error.message).toBe("There is no compliance guide for the industry “spaceships”; pick one from the list of industries");
  });

  test("documented as public routes", async () => {
    const spec = (await api.call("GET", "/openapi.json")).json;
    expect(spec.paths["/api/guides"].get.security).toEqual([]);
    expect(spec.paths["/api/guides/{industry}"].get.security).toEqual([]);
  });
});

describe("public guides are cached (issue 11 §5)", () => {
  test("anonymous requests within the cache time read nothing from the table; responses say how long CloudFront may keep them", async () => {
    Clock.advance(Catalogue.PUBLIC_TTL_MS);
    const first = await api.call("GET", "/guides");
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toMatch(/public, max-age=\d+, s-maxage=\d+/);
    const send = vi.spyOn(useDynamo(), "send");
    try {
      for (let i = 0; i < 5; i++) {
        expect((await api.call("GET", "/guides")).status).toBe(200);
        const guide = await api.call("GET", "/guides/catering");
        expect(guide.status).toBe(200);
        expect(guide.headers.get("cache-control")).toContain("s-maxage");
      }
      expect(send).not.toHaveBeenCalled();
      // After the cache time: one read of the catalogue head revalidates it (the version's items never change).
      Clock.advance(Catalogue.PUBLIC_TTL_MS);
      expect((await api.call("GET", "/guides")).json.version).toBe(first.json.version);
      expect(send).toHaveBeenCalledTimes(1);
    } finally {
      send.mockRestore();
      Clock.reset();
    }
  });
});
