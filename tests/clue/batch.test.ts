import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Business } from "../../packages/core/src/business/index";
import { Clue } from "../../packages/core/src/clue/index";
import { Department } from "../../packages/core/src/department/index";
import { Warning } from "../../packages/core/src/warning/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem, asUser } from "../support/context";

/** Issue 14 (clue14b) — batch intake: a source's batch grouped per business, warnings evaluated once per
 * business, several clues of one business in one commit; idempotent, race-safe, bound to the client's source. */

const GULOU = "350102";

// Many API round trips per test on a shared, busy machine: a generous ceiling (no timing is asserted).
vi.setConfig({ testTimeout: 300_000 });

let api: TestApi;
let codes: string[];
const machine = (source: string, tenantId = GULOU) =>
  api.issuer.sign({ sub: `clue-${source}-${tenantId}`, client_id: `clue-${source}-${tenantId}`, tenant_id: tenantId, role: "source-system" });
const intake = async (token: string, clues: unknown[]) => api.call("POST", "/clues/intake", { token, body: { contractVersion: "1", clues } });
let serial = 0;
const clue = (source: string, creditCode: string, extra: Record<string, unknown> = {}) => ({
  externalId: `batch-${Date.now()}-${++serial}`,
  source,
  business: { creditCode },
  facts: `批量线索 ${serial}：群众反映经营场所存在问题。`,
  ...extra,
});

beforeAll(async () => {
  api = await startTestApi();
  await asSystem(() => Department.seedStandard(), GULOU);
  const rows = [...Business.generate({ count: 8, seed: 1414, tenantId: GULOU })] as { creditCode: string; grade?: string }[];
  // Grade A everywhere: only the clue-count rule can fire on these clues.
  const imported = await asUser(GULOU, () => Business.importRows(rows.map((r) => ({ ...r, grade: "A" }))));
  expect(imported.created).toBe(8);
  codes = rows.map((r) => r.creditCode);
}, 400_000);
afterAll(() => api.stop());

describe("batch intake", () => {
  test("several clues of one business in one batch: one task, one commit, each clue audited in the Merkle root; the clue-count rule fires once", async () => {
    const code = codes[0]!;
    const token = await machine("hotline-12345");
    const before = await asUser(GULOU, async () => (await Audit.list({ limit: 200 })).items.filter((e) => e.action === "clue.intake").length);
    const batch = [0, 1, 2, 3].map((i) => clue("hotline-12345", code, { receivedAt: new Date(Date.now() - (4 - i) * 3600_000).toISOString() }));
    const res = await intake(token, batch);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.accepted).toHaveLength(4);
    const taskIds = new Set(res.json.accepted.map((a: { taskId: string }) => a.taskId));
    expect(taskIds.size).toBe(1);
    const task = await asUser(GULOU, () => Clue.taskFromID([...taskIds][0] as string));
    expect(task.clueCount).toBe(4);
    // One commit for the business: one audit event whose summary counts the four clues.
    const events = await asUser(GULOU, async () => (await Audit.list({ limit: 200 })).items.filter((e) => e.action === "clue.intake"));
    expect(events.length).toBe(before + 1);
    // "3 clues in 30 days" fires once (on the third clue), not again on the fourth.
    const warned = await asUser(GULOU, () => Warning.openFor(code));
    expect(warned.filter((w) => w.ruleId === "clues-3-in-30")).toHaveLength(1);
    const third = await asUser(GULOU, () => Clue.fromID(res.json.accepted[2].id));
    expect(third.warnings?.map((w) => w.ruleId)).toEqual(["clues-3-in-30"]);
    const fourth = await asUser(GULOU, () => Clue.fromID(res.json.accepted[3].id));
    expect(fourth.warnings ?? []).toEqual([]);
    // The warning's per-day counter counted all four (one update per business and day).
    expect((await asUser(GULOU, () => Warning.clueDates(code, 30))).length).toBe(4);
  });

  test("a batch sent again acts once; the same reference twice in one batch lands once", async () => {
    const token = await machine("media");
    const a = clue("media", codes[1]!);
    const b = clue("media", codes[2]!);
    const first = await intake(token, [a, b, a]);
    expect(first.status).toBe(200);
    expect(first.json.accepted.map((x: { index: number }) => x.index)).toEqual([0, 1]);
    expect(first.json.duplicates).toEqual([{ index: 2, externalId: a.externalId, id: first.json.accepted[0].id }]);
    const again = await intake(token, [a, b]);
    expect(again.status).toBe(200);
    expect(again.json.accepted).toEqual([]);
    expect(again.json.duplicates.map((d: { id: string }) => d.id)).toEqual(first.json.accepted.map((x: { id: string }) => x.id));
    const task = await asUser(GULOU, () => Clue.openTaskFor(codes[1]!));
    expect(task?.clueCount).toBe(1);
  });

  test("two batches about one business at the same time make ONE task holding both clues; the same batch twice at once lands once", async () => {
    const code = codes[3]!;
    const [hotline, association] = await Promise.all([machine("hotline-12345"), machine("association")]);
    const batchA = [clue("hotline-12345", code), clue("hotline-12345", codes[4]!)];
    const batchB = [clue("association", code), clue("association", codes[4]!)];
    const [ra, rb, rc] = await Promise.all([intake(hotline, batchA), intake(association, batchB), intake(hotline, batchA)]);
    for (const r of [ra, rb, rc]) expect(r.status, JSON.stringify(r.json)).toBe(200);
    // batchA sent twice concurrently: each of its clues accepted once in all, reported as a duplicate the other time.
    const acceptedA = [...ra.json.accepted, ...rc.json.accepted].map((x: { externalId: string }) => x.externalId).sort();
    expect(acceptedA).toEqual(batchA.map((c) => c.externalId).sort());
    expect([...ra.json.duplicates, ...rc.json.duplicates]).toHaveLength(2);
    for (const c of [code, codes[4]!]) {
      const task = await asUser(GULOU, () => Clue.openTaskFor(c));
      expect(task?.clueCount).toBe(2);
      expect(task?.sources).toEqual(["association", "hotline-12345"]);
      const tasks = await asUser(GULOU, () => Clue.tasksOfBusiness(c));
      expect(tasks).toHaveLength(1);
    }
  });

  test("malformed entries are rejected one by one with field and rule; the rest go in", async () => {
    const token = await machine("sensor");
    const res = await intake(token, [
      clue("sensor", codes[5]!, { reading: { metric: "cold-chain-temperature", value: -20, unit: "℃" } }),
      { ...clue("sensor", codes[5]!), facts: "" },
      clue("sensor", codes[5]!),
      { ...clue("sensor", codes[6]!), business: {} },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.accepted.map((a: { index: number }) => a.index)).toEqual([0, 2]);
    expect(res.json.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3]);
    expect(res.json.rejected[0].errors[0]).toMatchObject({ field: "clues.1.facts" });
    expect(res.json.rejected[0].errors[0].rule).toBeTruthy();
    expect(res.json.rejected[1].errors[0].field).toBe("clues.3.business");
    expect(res.json.rejected[1].errors[0].message).toBeTruthy();
    expect(new Set(res.json.accepted.map((a: { taskId: string }) => a.taskId)).size).toBe(1);
  });

  test("a client speaks for its own source only: another source → 403 naming the entry, nothing lands; an unregistered client → 403", async () => {
    const token = await machine("hotline-12345");
    const good = clue("hotline-12345", codes[7]!);
    const res = await intake(token, [good, clue("association", codes[7]!)]);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("clue.source_not_bound");
    expect(res.json.error.details).toEqual([expect.objectContaining({ field: "clues.1.source", rule: "clue.source_not_bound" })]);
    expect(await asUser(GULOU, () => Clue.openTaskFor(codes[7]!))).toBeUndefined();
    // A client not registered as clue-<source>-<tenant>, or registered for another tenant.
    const stranger = await api.issuer.sign({ sub: "gulou-erp", client_id: "gulou-erp", tenant_id: GULOU, role: "source-system" });
    const refused = await intake(stranger, [good]);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("clue.client_unbound");
    const elsewhere = await api.issuer.sign({ sub: "clue-hotline-12345-350103", client_id: "clue-hotline-12345-350103", tenant_id: GULOU, role: "source-system" });
    expect((await intake(elsewhere, [good])).status).toBe(403);
    expect(Clue.boundSource("clue-online-shop-350102", GULOU)).toBe("online-shop");
    expect(Clue.boundSource("clue-campaign-350102", GULOU)).toBeUndefined();
  });

  test("a batch over the limit is a 400 naming `clues`", async () => {
    const token = await machine("department");
    const many = Array.from({ length: Clue.MAX_BATCH + 1 }, () => clue("department", codes[0]!));
    const res = await intake(token, many);
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain("clues");
  });
});
