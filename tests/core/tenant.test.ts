import { describe, expect, test } from "vitest";
import { Tenant } from "../../packages/core/src/tenant/index";
import { townshipsOf } from "../../packages/core/src/tenant/townships";
import { parseAcceptLanguage, translate } from "../../packages/core/src/i18n/index";
import { can, Permissions, Roles } from "../../packages/core/src/auth/roles";
import { deterministicId, idSchema } from "../../packages/core/src/util/id";

describe("tenants", () => {
  test("the province, 9 cities, Pingtan as a city-level tenant and 83 counties", () => {
    const all = Tenant.all();
    expect(all.filter((t) => t.level === "province")).toHaveLength(1);
    expect(all.filter((t) => t.level === "city")).toHaveLength(10);
    expect(all.filter((t) => t.level === "county")).toHaveLength(83);
    expect(Tenant.get("350128")).toEqual({ id: "350128", name: "平潭综合实验区", level: "city", parentId: "350000" });
    expect(Tenant.children("350100").map((t) => t.id)).not.toContain("350128");
  });

  test("hierarchy and the lowest common superior", () => {
    expect(Tenant.ancestry("350102").map((t) => t.id)).toEqual(["350102", "350100", "350000"]);
    expect(Tenant.lowestCommonSuperior("350102", "350103").id).toBe("350100");
    expect(Tenant.lowestCommonSuperior("350102", "350203").id).toBe("350000");
    expect(Tenant.lowestCommonSuperior("350102", "350128").id).toBe("350000");
    expect(Tenant.isBelow("350102", "350000")).toBe(true);
    expect(Tenant.isBelow("350100", "350102")).toBe(false);
    expect(Tenant.descendants("350000")).toHaveLength(93);
    expect(townshipsOf("350102").length).toBeGreaterThan(5);
    expect(townshipsOf("350102")[0]).toEqual({ id: "350102001", name: "鼓东街道" });
  });
});

describe("language and roles", () => {
  test("Chinese by default, English when asked", () => {
    expect(parseAcceptLanguage(undefined)).toBe("zh-CN");
    expect(parseAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(parseAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(parseAcceptLanguage("fr;q=0.5,en;q=0.7")).toBe("en");
    expect(translate("tenant.not_found", "zh-CN", { tenantId: "999999" })).toBe("行政区划 999999 不存在");
    expect(translate("tenant.not_found", "en", { tenantId: "999999" })).toBe("Tenant 999999 does not exist");
  });

  test("every permission is held by some role and refused to another", () => {
    for (const p of Object.keys(Permissions) as (keyof typeof Permissions)[]) {
      expect(Roles.some((r) => can(r, p))).toBe(true);
    }
    expect(can("auditor", "department.write")).toBe(false);
    expect(can("judicial", "audit.read")).toBe(false);
  });

  test("seed IDs are stable, valid prefixed ULIDs", () => {
    const id = deterministicId("dep", "350102:market");
    expect(id).toBe(deterministicId("dep", "350102:market"));
    expect(idSchema("dep").safeParse(id).success).toBe(true);
    expect(idSchema("dep").safeParse("dep_short").success).toBe(false);
  });
});

describe("clock", async () => {
  const { Clock, formatShanghai } = await import("../../packages/core/src/clock");
  const { withContext } = await import("../../packages/core/src/context");
  test("core reads now from the context's clock when it has one, else the platform clock", () => {
    const fixed = new Date("2026-02-16T16:30:00Z");
    const inside = withContext({ actor: { type: "system", reason: "t" }, requestId: "r", locale: "zh-CN", now: () => fixed }, () => Clock.iso());
    expect(inside).toBe(fixed.toISOString());
    const before = Clock.nowMs();
    Clock.advance(3 * 86400_000);
    expect(Clock.nowMs() - before).toBeGreaterThanOrEqual(3 * 86400_000);
    Clock.reset();
  });
  test("dates are shown in Asia/Shanghai", () => {
    expect(formatShanghai("2026-02-16T16:30:00Z")).toBe("2026-02-17 00:30:00");
  });
});
