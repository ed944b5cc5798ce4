import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../../packages/functions/src/local/services";
import { startTestApi, type TestApi } from "../support/api";
import { Business } from "../../packages/core/src/business/index";
import { Department } from "../../packages/core/src/department/index";
import { Draw } from "../../packages/core/src/draw/index";
import { GRADES, type Grade } from "../../packages/core/src/draw/algorithm";
import { verifyDraw } from "../../packages/core/src/draw/verify";
import { Enforcement } from "../../packages/core/src/enforcement/index";
import { Inspector } from "../../packages/core/src/inspector/index";
import { Plan } from "../../packages/core/src/plan/index";
import { Recognition } from "../../packages/core/src/recognition/index";
import { RecognitionEntity } from "../../packages/core/src/recognition/recognition.entity";
import { dynamoClient } from "../../packages/core/src/dynamo/client";
import { createId } from "../../packages/core/src/util/id";
import { asSystem, asUser } from "../support/context";

const GULOU = "350102";
const market = Department.standardId(GULOU, "market");
const health = Department.standardId(GULOU, "health");
const admin = <T>(fn: () => Promise<T>) => asUser(GULOU, async () => fn());
let marketBody: Enforcement.Info, healthBody: Enforcement.Info;
let grid: Inspector.Info, expired: Inspector.Info, townshipBound: Inspector.Info;
let marketPlan: Plan.Info, healthPlan: Plan.Info;
let businesses: Business.Info[] = [];
const cert = (n: string, until = "2030-12-31") => ({ certificateNo: `闽榕执${n}`, certificateFrom: "2025-01-01", certificateUntil: until });

/** Everything the public can fetch about a draw, as the verify command reads it. */
async function published(drawId: string) {
  return asSystem(async () => {
    const info = await Draw.publicInfo(GULOU, drawId);
    const lists = { A: [], B: [], C: [], D: [] } as Record<Grade, string[]>;
    for (const g of GRADES) {
      for (let n: number | null = 0; n !== null; ) {
        const page = await Draw.rosterPage(GULOU, drawId, g, n);
        lists[g].push(...page.codes);
        n = page.next;
      }
    }
    const tasks: Draw.ResultLine[] = [];
    for (let n: number | null = 0; n !== null; ) {
      const page = await Draw.resultPage(GULOU, drawId, n);
      tasks.push(...page.tasks);
      n = page.next;
    }
    return { info, lists, tasks, skipped: await Draw.skippedOf(GULOU, drawId) };
  });
}

let api: TestApi;
afterAll(() => api?.stop());
beforeAll(async () => {
  api = await startTestApi();
  await asSystem(() => Department.seedStandard(), GULOU);
  await admin(async () => {
    await Business.importRows([...Business.generate({ count: 400, seed: 12, tenantId: GULOU })]);
    businesses = await Business.getMany((await Business.list({ limit: 200 })).items.map((b) => b.creditCode));
    marketBody = await Enforcement.publishBody({ departmentId: market, inspectionItems: ["FJ-SP-001"] });
    healthBody = await Enforcement.publishBody({ departmentId: health, inspectionItems: ["FJ-WS-001"] });
    for (let i = 1; i <= 5; i++) await Inspector.create({ bodyId: marketBody.id, name: `市场监管执法员${i}`, ...cert(`01${i}`), qualifications: ["FJ-SP-001"] });
    for (let i = 1; i <= 3; i++) await Inspector.create({ bodyId: healthBody.id, name: `卫生监督员${i}`, ...cert(`02${i}`), qualifications: ["FJ-WS-001"] });
    grid = await Inspector.create({ bodyId: marketBody.id, name: "网格员王五", kind: "grid-worker", qualifications: ["FJ-SP-001"] });
    expired = await Inspector.create({ bodyId: marketBody.id, name: "黄过期", ...cert("0199", "2026-01-31"), qualifications: ["FJ-SP-001"] });
    townshipBound = await Inspector.create({ bodyId: marketBody.id, name: "陈回避", ...cert("0198"), qualifications: ["FJ-SP-001"], conflictTownships: [businesses[0]!.township] });
    // Two bodies, two plans, the same period: shared businesses become one joint task.
    marketPlan = await Plan.file({ title: "2026年度市场监管双随机抽查计划", year: 2026, bodyIds: [marketBody.id], itemCodes: ["FJ-SP-001"], periodFrom: "2026-12-01", periodTo: "2026-12-31", ratios: { A: 500, B: 2000, C: 6000, D: 10000 } });
    healthPlan = await Plan.file({ title: "2026年度卫生健康双随机抽查计划", year: 2026, bodyIds: [healthBody.id], itemCodes: ["FJ-WS-001"], periodFrom: "2026-12-01", periodTo: "2026-12-31", ratios: { A: 500, B: 2000, C: 6000, D: 10000 } });
  });
}, 120_000);

describe("a verifiable draw over two bodies' plans", () => {
  let drawId: string;

  test("the commitment publishes hashes of the seed and the roster, not the seed", async () => {
    const committed = await admin(() => Draw.commitDraw({ planIds: [marketPlan.id, healthPlan.id], drawDate: "2026-12-01" }));
    drawId = committed.id;
    expect(committed.status).toBe("committed");
    expect(committed.seed).toBeUndefined();
    expect(committed.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
    const counts = await admin(() => Business.count());
    expect(committed.counts).toEqual(counts);
    expect((await asSystem(() => Draw.publicInfo(GULOU, drawId))).seed).toBeUndefined();
    // The pool is published with who is certified on the draw's date: the grid worker and the lapsed certificate are not.
    const members = committed.pools[marketBody.id]!.members;
    expect(members.find((m) => m.id === grid.id)?.certified).toBe(false);
    expect(members.find((m) => m.id === expired.id)?.certified).toBe(false);
  });

  test("the draw merges both plans into one joint task per shared business, draws ≥ 2 certified inspectors mixing bodies, and publishes the seed", async () => {
    const drawn = await admin(() => Draw.run(drawId));
    expect(drawn.seed).toMatch(/^[0-9a-f]{64}$/);
    const { tasks } = await published(drawId);
    expect(tasks.length).toBe(drawn.taskCount);
    expect(new Set(tasks.map((t) => t.c)).size).toBe(tasks.length);
    const joint = tasks.filter((t) => t.bodies.length === 2);
    expect(joint.length).toBeGreaterThan(0);
    expect(drawn.jointCount).toBe(joint.length);
    for (const t of joint) {
      expect(t.plans).toEqual([marketPlan.id, healthPlan.id].sort());
      expect(t.items).toEqual(["FJ-SP-001", "FJ-WS-001"]);
      expect(t.inspectors[marketBody.id]).toHaveLength(1);
      expect(t.inspectors[healthBody.id]).toHaveLength(1);
    }
    for (const t of tasks) expect(Object.values(t.inspectors).flat().length).toBeGreaterThanOrEqual(2);
    const drawnPeople = new Set(tasks.flatMap((t) => Object.values(t.inspectors).flat()));
    expect(drawnPeople.has(grid.id)).toBe(false);
    expect(drawnPeople.has(expired.id)).toBe(false);
    // 回避: never drawn for a business in the township he declared.
    const inTownship = new Set(businesses.filter((b) => b.township === businesses[0]!.township).map((b) => b.creditCode));
    for (const t of tasks.filter((t) => inTownship.has(t.c))) {
      expect(t.inspectors[marketBody.id] ?? []).not.toContain(townshipBound.id);
      if (t.bodies.includes(marketBody.id)) expect(t.conflicts[marketBody.id]).toContain(townshipBound.id);
    }
    // Each task counted once against each body's cap.
    const t0 = tasks.find((t) => t.bodies.length === 2)!;
    const caps = await admin(() => Plan.capStatus({ creditCode: t0.c, year: 2026, bodyIds: [marketBody.id, healthBody.id] }));
    expect(caps.bodies.map((b) => b.count)).toEqual([1, 1]);
    await expect(admin(() => Draw.run(drawId))).rejects.toMatchObject({ code: "draw.already_drawn" });
  });

  test("anyone re-runs it from the published seed and list and gets the same result; a tampered list is detected", async () => {
    const p = await published(drawId);
    const report = await verifyDraw({ ...p.info, lists: p.lists, tasks: p.tasks, skipped: p.skipped });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    const lists = { ...p.lists, D: [...p.lists.D] };
    lists.D.pop();
    const tampered = await verifyDraw({ ...p.info, lists, tasks: p.tasks, skipped: p.skipped });
    expect(tampered.ok).toBe(false);
    expect(tampered.checks.find((c) => c.name === "candidate list matches its commitment")?.ok).toBe(false);
  });

  test("the public API serves it without signing in, and the draw:verify command re-runs it (exit 0)", async () => {
    const pub = await api.call("GET", `/public/draws/${GULOU}/${drawId}`);
    expect(pub.status).toBe(200);
    expect(pub.json.seed).toMatch(/^[0-9a-f]{64}$/);
    expect((await api.call("GET", `/public/enforcement/${GULOU}/bodies`)).json.items.length).toBe(2);
    expect((await api.call("GET", `/draws/${drawId}`)).status).toBe(401);
    const port = await freePort();
    const server = serve({ fetch: api.app.fetch, port, hostname: "127.0.0.1" });
    try {
      const out = await promisify(execFile)("npx", ["tsx", "packages/functions/src/cli/draw-verify.ts", GULOU, drawId, "--api", `http://127.0.0.1:${port}`], { encoding: "utf8", timeout: 120_000 });
      expect(out.stdout).toContain("verified");
      const bad = await promisify(execFile)("npx", ["tsx", "packages/functions/src/cli/draw-verify.ts", GULOU, "drw_01ARZ3NDEKTSV4RRFFQ69G5FAV", "--api", `http://127.0.0.1:${port}`], { encoding: "utf8", timeout: 120_000 }).then(
        () => undefined,
        (e: { code: number }) => e,
      );
      expect(bad?.code).toBe(2);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }, 240_000);
});

describe("a grade change alters the next draw", () => {
  test("a business moved from A to D is in the D stratum of the next draw and, at D's 100% ratio, drawn", async () => {
    const target = businesses.find((b) => b.grade === "A")!;
    const plan = await admin(() =>
      Plan.file({ title: "2026年度高风险主体专项抽查计划", year: 2026, bodyIds: [marketBody.id, healthBody.id], itemCodes: ["FJ-SP-001"], periodFrom: "2026-12-15", periodTo: "2026-12-20", ratios: { A: 1, B: 500, C: 2100, D: 10000 } }),
    );
    const before = await admin(() => Draw.commitDraw({ planIds: [plan.id], drawDate: "2026-12-01" }));
    await admin(() => Business.setGrade({ creditCode: target.creditCode, grade: "D", source: "测试：信用记录变化", reasons: ["行政处罚记录"] }));
    const after = await admin(() => Draw.commitDraw({ planIds: [plan.id], drawDate: "2026-12-01" }));
    expect(after.counts.D).toBe(before.counts.D + 1);
    expect(after.counts.A).toBe(before.counts.A - 1);
    expect(after.listHash).not.toBe(before.listHash);
    const drawn = await admin(() => Draw.run(after.id));
    expect(drawn.sizes![plan.id]!.D).toBe(after.counts.D);
    const { lists, tasks, skipped } = await published(after.id);
    expect(lists.D).toContain(target.creditCode);
    expect(lists.A).not.toContain(target.creditCode);
    // Drawn, or skipped only because it is at its cap — never exempt.
    const found = tasks.some((t) => t.c === target.creditCode) || skipped.some((s) => s.c === target.creditCode && s.reason === "cap");
    expect(found).toBe(true);
  });

  test("businesses at their yearly cap are skipped with the reason published", async () => {
    const dGrade = businesses.filter((b) => b.grade === "D").slice(0, 1);
    if (dGrade.length === 0) return;
    const c = dGrade[0]!.creditCode;
    // Bring the market body to its cap for this business with two tasks in other periods.
    for (const [from, to] of [["2026-02-01", "2026-02-28"], ["2026-03-01", "2026-03-31"]]) {
      await admin(() => Plan.createTask({ creditCode: c, bodyIds: [marketBody.id], itemCodes: ["FJ-SP-001"], periodFrom: from!, periodTo: to!, exception: { kind: "case-driven", orderedBy: "福州市市场监督管理局", reason: "测试：上级交办案件检查" } }));
    }
    const plan = await admin(() => Plan.file({ title: "2026年度市场监管第二轮抽查计划", year: 2026, bodyIds: [marketBody.id], itemCodes: ["FJ-SP-001"], periodFrom: "2026-11-01", periodTo: "2026-11-15", ratios: { A: 1, B: 500, C: 2100, D: 10000 } }).catch(() => undefined));
    // The market body already has its single plan for 2026: use a joint plan with the health body instead.
    const joint = plan ?? (await admin(() => Plan.file({ title: "2026年度联合抽查计划（第二轮）", year: 2026, bodyIds: [marketBody.id, healthBody.id], itemCodes: ["FJ-SP-001"], periodFrom: "2026-11-01", periodTo: "2026-11-15", ratios: { A: 1, B: 500, C: 2100, D: 10000 } })));
    const committed = await admin(() => Draw.commitDraw({ planIds: [joint.id], drawDate: "2026-11-01" }));
    await admin(() => Draw.run(committed.id));
    const { tasks, skipped } = await published(committed.id);
    expect(tasks.some((t) => t.c === c)).toBe(false);
    expect(skipped).toContainEqual({ plan: joint.id, c, reason: "cap" });
  });
});

describe("skips and collisions", () => {
  test("a business covered by a recognised result valid on the draw date is skipped (batch registry check); an expired one is not", async () => {
    const d = businesses.filter((b) => b.grade === "D");
    if (d.length < 2) return;
    const [covered, lapsed] = [d[d.length - 1]!, d[d.length - 2]!];
    const record = (code: string, validFrom: string, validUntil: string) => ({
      id: createId("rcg"), creditCode: code, entityName: "测试主体", itemCodes: ["FJ-SP-001"], outcome: "compliant" as const, resultDate: validFrom.slice(0, 10),
      validFrom, validUntil, issuingTenant: "350104", source: "inspection" as const, recordedAt: new Date().toISOString(),
    });
    await asSystem(async () => {
      await RecognitionEntity.put(record(covered.creditCode, "2027-01-01T00:00:00+08:00", "2028-01-01T00:00:00+08:00")).go();
      await RecognitionEntity.put(record(lapsed.creditCode, "2025-01-01T00:00:00+08:00", "2025-07-01T00:00:00+08:00")).go();
      // Written raw, as records from before the index: the backfill indexes them.
      expect(await Recognition.reindex(covered.creditCode)).toBe(1);
      expect(await Recognition.reindex(lapsed.creditCode)).toBe(1);
    });
    const windows = await admin(() => Recognition.validOnMany([covered.creditCode, lapsed.creditCode, businesses[0]!.creditCode], new Date("2027-03-01T12:00:00+08:00")));
    expect([...windows.keys()]).toEqual([covered.creditCode]);
    const plan = await admin(() =>
      Plan.file({ title: "2027年度食品安全专项抽查计划（互认）", year: 2027, bodyIds: [marketBody.id, healthBody.id], itemCodes: ["FJ-SP-001"], periodFrom: "2027-03-01", periodTo: "2027-03-31", ratios: { A: 1, B: 500, C: 2100, D: 10000 } }),
    );
    const committed = await admin(() => Draw.commitDraw({ planIds: [plan.id], drawDate: "2027-03-01" }));
    await admin(() => Draw.run(committed.id));
    const { tasks, skipped } = await published(committed.id);
    expect(skipped).toContainEqual({ plan: plan.id, c: covered.creditCode, reason: "recognised" });
    expect(tasks.some((t) => t.c === covered.creditCode)).toBe(false);
    // Expired: drawn (D is 100%, and nothing counts against 2027 caps yet), never skipped as recognised.
    expect(skipped.some((s) => s.c === lapsed.creditCode && s.reason === "recognised")).toBe(false);
    expect(tasks.some((t) => t.c === lapsed.creditCode)).toBe(true);
  });

  test("a run colliding with an ad-hoc task on the same cap bucket re-reads and succeeds; nothing is counted twice", async () => {
    const plan = await admin(() =>
      Plan.file({ title: "2027年度联合抽查计划（并发测试）", year: 2027, bodyIds: [marketBody.id, healthBody.id], itemCodes: ["FJ-SP-001"], periodFrom: "2027-06-01", periodTo: "2027-06-30", ratios: { A: 500, B: 2000, C: 6000, D: 10000 } }),
    );
    const committed = await admin(() => Draw.commitDraw({ planIds: [plan.id], drawDate: "2027-06-01" }));
    // When the run writes its first cap bucket, an ad-hoc task of another business in the same bucket lands first.
    let collided: { bucket: number; creditCode: string } | undefined;
    let bucketPuts = 0;
    const client = await admin(async () => dynamoClient());
    client.middlewareStack.add(
      (next) => async (args) => {
        // The run writes its buckets in transactions of bucket Puts only (the ad-hoc task's own commit, with its audit event, is not counted).
        const input = args.input as { Item?: { pk?: string; bucket?: number }; TransactItems?: { Put?: { Item?: { pk?: string; bucket?: number } } }[] };
        const isBucket = (item?: { pk?: string; bucket?: number }) => !!item?.pk?.includes("task-counter") && typeof item.bucket === "number";
        const txItems = (input.TransactItems ?? []).map((t) => t.Put?.Item);
        const items = txItems.length && txItems.every(isBucket) ? txItems : [input.Item];
        for (const item of items) {
          if (!isBucket(item)) continue;
          bucketPuts++;
          if (!collided) {
            const other = businesses.find((b) => Plan.bucketOf(b.creditCode) === item!.bucket);
            if (other) {
              collided = { bucket: item!.bucket!, creditCode: other.creditCode };
              await Plan.createTask({ creditCode: other.creditCode, bodyIds: [healthBody.id], itemCodes: ["FJ-WS-001"], periodFrom: "2027-05-01", periodTo: "2027-05-31", exception: { kind: "special", orderedBy: "福州市卫生健康委员会", reason: "测试：上级交办专项检查" } });
            }
          }
        }
        return next(args);
      },
      { step: "initialize", name: "drawCollision" },
    );
    let drawn;
    try {
      drawn = await admin(() => Draw.run(committed.id));
    } finally {
      client.middlewareStack.remove("drawCollision");
    }
    expect(collided).toBeDefined();
    expect(drawn.status).toBe("drawn");
    const { tasks } = await published(committed.id);
    expect(tasks.length).toBe(drawn.taskCount);
    // More bucket writes than buckets changed: the lost one (at least) was written again after a fresh read.
    const changedBuckets = new Set(tasks.map((t) => Plan.bucketOf(t.c))).size;
    expect(bucketPuts).toBeGreaterThan(changedBuckets);
    // The ad-hoc task survived, and every business's counts equal its tasks: nothing counted twice.
    const adHoc = await admin(() => Plan.capStatus({ creditCode: collided!.creditCode, year: 2027, bodyIds: [marketBody.id, healthBody.id] }));
    expect(adHoc.tasks.some((t) => t.from === "2027-05-01")).toBe(true);
    for (const t of tasks.filter((x) => Plan.bucketOf(x.c) === collided!.bucket)) {
      const status = await admin(() => Plan.capStatus({ creditCode: t.c, year: 2027, bodyIds: [marketBody.id, healthBody.id] }));
      for (const b of status.bodies) expect(b.count).toBe(status.tasks.filter((x) => x.b.includes(b.bodyId)).length);
      expect(status.tasks.filter((x) => x.id === t.id)).toHaveLength(1);
    }
  });
});
