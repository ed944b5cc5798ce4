import { beforeAll, describe, expect, test } from "vitest";
import { Assignment } from "../../packages/core/src/assignment/index";
import { Audit } from "../../packages/core/src/audit/index";
import { Catalogue } from "../../packages/core/src/catalogue/index";
import { CatalogueSync } from "../../packages/core/src/catalogue-sync/index";
import { diffOf, planFanout } from "../../packages/core/src/catalogue/rules";
import { Department } from "../../packages/core/src/department/index";
import { commit, observeCommits } from "../../packages/core/src/outbox/commit";
import type { TxItem } from "../../packages/core/src/dynamo/tx";
import { Message } from "../../packages/core/src/message/index";
import { PROVINCE_ID, Tenant } from "../../packages/core/src/tenant/index";
import { withContext } from "../../packages/core/src/context";
import { StatusReported } from "../../packages/core/src/catalogue/status";
import { amend, enact, interpret, repeal } from "../support/catalogue";
import { asSystem, asUser } from "../support/context";
import { consumeAll, deliverSync, drainSync } from "../support/sync";
import { registries } from "../../packages/functions/src/consumers/registries";

const GULOU = "350102";
const TAIJIANG = "350103";
const SIMING = "350203";
/** After version 1 (which reaches all 94), messages to other tenants are dropped to keep the file fast. */
const FOCUS = new Set([PROVINCE_ID, GULOU, TAIJIANG, SIMING]);
const focus = (e: { toTenant: string }) => FOCUS.has(e.toTenant);
const dep = (tenant: string, type: string) => Department.standardId(tenant, type);

const asProvince = <T>(fn: () => Promise<T>) => asUser(PROVINCE_ID, fn, "province-admin");
const asOfficer = <T>(tenant: string, departmentType: string, fn: () => Promise<T>) =>
  withContext(
    {
      actor: { type: "user", userId: `usr_${tenant}_${departmentType}`, name: `${departmentType} 科员`, tenantId: tenant, role: "officer", departmentId: dep(tenant, departmentType) },
      tenantId: tenant,
      requestId: "test",
      locale: "zh-CN",
    },
    fn,
  );

beforeAll(async () => {
  for (const t of [PROVINCE_ID, GULOU, TAIJIANG, SIMING]) await asSystem(() => Department.seedStandard(), t);
});

describe("pure rules", () => {
  test("the diff spans several versions: enacted-then-repealed vanishes, repealed-then-enacted is amended", () => {
    const e = (code: string, basis: any) => ({ code, basis, law: "法", effectiveDate: "2026-01-01" });
    const d = diffOf([
      { version: 2, changes: [e("FJ-A", "enact"), e("FJ-B", "amend"), e("FJ-C", "repeal"), e("FJ-D", "interpret"), e("FJ-E", "enact")] },
      { version: 3, changes: [e("FJ-A", "repeal"), e("FJ-C", "enact"), e("FJ-D", "interpret"), e("FJ-F", "repeal")] },
    ]);
    expect(d.added.map((x) => x.code)).toEqual(["FJ-E"]);
    expect(d.amended.map((x) => x.code)).toEqual(["FJ-B", "FJ-C"]);
    expect(d.interpreted.map((x) => [x.code, x.version])).toEqual([["FJ-D", 3]]);
    expect(d.repealed.map((x) => x.code)).toEqual(["FJ-F"]);
  });

  test("a fan-out too large for one transaction is split deterministically and fits", () => {
    const tenants = Tenant.all().map((t) => t.id);
    expect(tenants).toHaveLength(94);
    expect(planFanout(tenants, 96, 90)).toEqual({ direct: [...tenants].sort(), batches: [] });
    const split = planFanout(tenants, 40, 30);
    expect(split.direct.length + split.batches.length).toBeLessThanOrEqual(40);
    expect([...split.direct, ...split.batches.flat()]).toEqual([...tenants].sort());
    expect(planFanout([...tenants].reverse(), 40, 30)).toEqual(split);
  });
});

describe("publish, sync and assignments", () => {
  test("version 1 reaches every tenant through the queue; each reports its status to the province", async () => {
    const result = await asProvince(() => CatalogueSync.publish({ version: 1, title: "首版清单", changes: [enact("FJ-T-001"), enact("FJ-T-002"), enact("FJ-T-003")] }));
    expect(result).toMatchObject({ status: "published", version: 1, tenants: 94 });
    // The publish wrote one audit event carrying the Merkle root.
    const trail = await asProvince(async () => (await Audit.list({ limit: 10 })).items);
    expect(trail.find((e) => e.action === "catalogue.publish")?.summary).toMatchObject({ merkleRoot: result.merkleRoot, changes: 3 });

    const outcomes = await deliverSync();
    const syncs = outcomes.filter((o) => o.envelope.type === "catalogue.version_published");
    expect(new Set(syncs.map((o) => o.envelope.toTenant)).size).toBe(94);
    expect(syncs.every((o) => o.outcome === "processed")).toBe(true);
    for (const t of Tenant.all()) {
      const s = await asUser(t.id, () => Catalogue.syncState());
      expect(s.version, t.id).toBe(1);
    }
    const gulou = await asUser(GULOU, () => Catalogue.syncState());
    expect(gulou.diff.added.map((e) => e.code)).toEqual(["FJ-T-001", "FJ-T-002", "FJ-T-003"]);
    expect(gulou).toMatchObject({ previousVersion: 0, itemCount: 3, counts: { added: 3, amended: 0, repealed: 0 } });
    expect(gulou.syncedAt).toBeTruthy();

    const statuses = (await asProvince(() => Catalogue.tenantStatuses({ limit: 200 }))).items;
    expect(statuses).toHaveLength(94);
    expect(statuses.every((s) => s.version === 1 && s.upToDate && !s.complete)).toBe(true);
    expect(statuses.find((s) => s.tenantId === GULOU)?.coverage).toMatchObject({ items: 3, assigned: 0, unassigned: 3, needsReview: 0 });
  });

  test("assign, answer, coverage and outstanding calls on both sides", async () => {
    const a = await asUser(GULOU, () =>
      Assignment.assign({ code: "FJ-T-001", leadDepartmentId: dep(GULOU, "market"), cooperatingDepartmentIds: [dep(GULOU, "health"), dep(GULOU, "emergency")], office: "食品经营监管科", person: "陈静" }),
    );
    expect(a).toMatchObject({ status: "assigned", version: 1, reviewedVersion: 1 });
    // Both sides see the call as outstanding.
    const health = await asOfficer(GULOU, "health", () => Assignment.outstanding());
    expect(health.toAnswer.map((c) => c.code)).toEqual(["FJ-T-001"]);
    expect(health.waitingOn).toEqual([]);
    const market = await asOfficer(GULOU, "market", () => Assignment.outstanding());
    expect(market.waitingOn).toEqual([expect.objectContaining({ code: "FJ-T-001", pending: [dep(GULOU, "health"), dep(GULOU, "emergency")] })]);
    expect(market.toAnswer).toEqual([]);

    const answered = await asOfficer(GULOU, "health", () => Assignment.answer({ code: "FJ-T-001", office: "卫生监督所", person: "李医生" }));
    expect(answered.cooperating.find((c) => c.departmentId === dep(GULOU, "health"))).toMatchObject({ office: "卫生监督所", person: "李医生" });
    expect((await asOfficer(GULOU, "health", () => Assignment.outstanding())).toAnswer).toEqual([]);
    expect((await asOfficer(GULOU, "market", () => Assignment.outstanding())).waitingOn[0]?.pending).toEqual([dep(GULOU, "emergency")]);
    // A department that does not cooperate cannot answer.
    await expect(asOfficer(GULOU, "transport", () => Assignment.answer({ code: "FJ-T-001", office: "运输科", person: "某" }))).rejects.toMatchObject({
      code: "assignment.not_cooperating",
      status: 403,
    });

    // Stale version → 409; missing version on an existing one → 409.
    const base = { code: "FJ-T-001", leadDepartmentId: dep(GULOU, "market"), cooperatingDepartmentIds: [dep(GULOU, "health")], office: "食品经营监管科", person: "陈静" };
    await expect(asUser(GULOU, () => Assignment.assign({ ...base, version: 1 }))).rejects.toMatchObject({ status: 409 });
    await expect(asUser(GULOU, () => Assignment.assign(base))).rejects.toMatchObject({ status: 409, code: "assignment.version_required" });
    const updated = await asUser(GULOU, () => Assignment.assign({ ...base, version: answered.version }));
    // The health answer is kept; emergency left the call.
    expect(updated.cooperating).toEqual([expect.objectContaining({ departmentId: dep(GULOU, "health"), office: "卫生监督所" })]);

    // A department of another tenant is refused, naming the field.
    const foreign = asUser(GULOU, () => Assignment.assign({ ...base, code: "FJ-T-002", leadDepartmentId: dep(TAIJIANG, "market"), cooperatingDepartmentIds: [] }));
    await expect(foreign).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["leadDepartmentId"], message: "assignment.department_unknown" })] });
    const foreignCoop = asUser(GULOU, () => Assignment.assign({ ...base, code: "FJ-T-002", cooperatingDepartmentIds: [dep(SIMING, "health")] }));
    await expect(foreignCoop).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["cooperatingDepartmentIds", 0] })] });
    // An item not in force here.
    await expect(asUser(GULOU, () => Assignment.assign({ ...base, code: "FJ-T-999" }))).rejects.toMatchObject({ status: 404 });

    await asUser(GULOU, () => Assignment.assign({ ...base, code: "FJ-T-002", cooperatingDepartmentIds: [] }));
    const cov = await asUser(GULOU, () => Assignment.coverage());
    expect(cov.unassigned.map((i) => i.code)).toEqual(["FJ-T-003"]);
    expect(cov.needsReview).toEqual([]);
    expect(cov.departmentsWithoutItems).toContain(dep(GULOU, "transport"));
    expect(cov.departmentsWithoutItems).not.toContain(dep(GULOU, "health"));
    expect(cov.complete).toBe(false);

    // The status reports reach the province; completing the assignments makes gulou complete.
    await asUser(GULOU, () => Assignment.assign({ ...base, code: "FJ-T-003", cooperatingDepartmentIds: [] }));
    await deliverSync(focus);
    const status = (await asProvince(() => Catalogue.tenantStatuses({ limit: 200 }))).items.find((s) => s.tenantId === GULOU)!;
    expect(status).toMatchObject({ version: 1, complete: true, coverage: { items: 3, assigned: 3, unassigned: 0 } });
    // Nobody else's data: taijiang has none.
    expect(await asUser(TAIJIANG, () => Assignment.list())).toEqual({ items: [], cursor: null });
  });

  test("a changed item needs review, a repealed one is retired; the diff says what changed", async () => {
    await asProvince(() => CatalogueSync.publish({ version: 2, title: "第二版", changes: [amend("FJ-T-001"), repeal("FJ-T-002"), enact("FJ-T-004")] }));
    await deliverSync(focus);
    const s = await asUser(GULOU, () => Catalogue.syncState());
    expect(s).toMatchObject({ version: 2, previousVersion: 1, counts: { added: 1, amended: 1, interpreted: 0, repealed: 1 } });
    expect(s.diff.amended[0]).toMatchObject({ code: "FJ-T-001", basis: "amend", effectiveDate: "2026-06-01" });
    const list = (await asUser(GULOU, () => Assignment.list({ limit: 200 }))).items;
    expect(list.find((a) => a.code === "FJ-T-001")).toMatchObject({ status: "needs-review", changedInVersion: 2, changeBasis: "amend" });
    expect(list.find((a) => a.code === "FJ-T-002")).toMatchObject({ status: "retired" });
    expect(list.find((a) => a.code === "FJ-T-003")).toMatchObject({ status: "assigned" });
    const cov = await asUser(GULOU, () => Assignment.coverage());
    expect(cov.needsReview.map((i) => i.code)).toEqual(["FJ-T-001"]);
    expect(cov.unassigned.map((i) => i.code)).toEqual(["FJ-T-004"]);
    const items = await asUser(GULOU, () => Catalogue.items());
    expect(items.items.map((i) => i.code)).toEqual(["FJ-T-001", "FJ-T-003", "FJ-T-004"]);
    expect(items.items[0]!.name).toBe("修订后的事项 FJ-T-001");
    // Reviewing clears needs-review and records the version reviewed.
    const current = list.find((a) => a.code === "FJ-T-001")!;
    const reviewed = await asUser(GULOU, () =>
      Assignment.assign({ code: "FJ-T-001", leadDepartmentId: current.leadDepartmentId, cooperatingDepartmentIds: current.cooperating.map((c) => c.departmentId), office: "食品经营监管科", person: "陈静", version: current.version }),
    );
    expect(reviewed).toMatchObject({ status: "assigned", reviewedVersion: 2 });
    const status = await asProvince(async () => {
      await deliverSync(focus);
      return (await Catalogue.tenantStatuses({ limit: 200 })).items.find((x) => x.tenantId === GULOU)!;
    });
    expect(status).toMatchObject({ version: 2, complete: false, coverage: { unassigned: 1, needsReview: 0 } });
  });

  test("a repeated or out-of-order message changes nothing and says why; a newer one spans the missing version", async () => {
    await asProvince(() => CatalogueSync.publish({ version: 3, title: "第三版", changes: [interpret("FJ-T-003")] }));
    await asProvince(() => CatalogueSync.publish({ version: 4, title: "第四版", changes: [enact("FJ-T-005")] }));
    const queued = (await drainSync()).filter((m) => focus(m.envelope));
    const forTaijiang = queued.filter((m) => m.envelope.toTenant === TAIJIANG);
    const v3 = forTaijiang.find((m) => (m.envelope.payload as any).version === 3)!;
    const v4 = forTaijiang.find((m) => (m.envelope.payload as any).version === 4)!;
    const trailBefore = await asUser(TAIJIANG, async () => (await Audit.list({ limit: 200 })).items.length);
    // Version 4 arrives first: applied, the diff spans 3 and 4.
    expect(await Message.consume(registries["catalogue-sync"], v4.body)).toBe("processed");
    const s = await asUser(TAIJIANG, () => Catalogue.syncState());
    expect(s).toMatchObject({ version: 4, previousVersion: 2 });
    expect(s.diff.interpreted.map((e) => e.code)).toEqual(["FJ-T-003"]);
    expect(s.diff.added.map((e) => e.code)).toEqual(["FJ-T-005"]);
    // The late version 3: skipped, nothing written.
    const late = await Message.consume(registries["catalogue-sync"], v3.body);
    expect(late).toMatch(/^skipped: version 3 is not newer than version 4/);
    expect(await asUser(TAIJIANG, () => Catalogue.syncState())).toEqual(s);
    const trailAfter = await asUser(TAIJIANG, async () => (await Audit.list({ limit: 200 })).items.length);
    expect(trailAfter - trailBefore).toBe(1);
    // The same delivery again: a duplicate.
    expect(await Message.consume(registries["catalogue-sync"], v3.body)).toBe("duplicate");
    expect(await Message.consume(registries["catalogue-sync"], v4.body)).toBe("duplicate");
    // A second message for a version already in force (e.g. a resent push): skipped.
    const again = await asProvince(() =>
      commit({ action: "test.resend", target: { type: "test", id: "v4" }, state: {}, items: () => [], messages: [CatalogueSync.VersionPublished.create(TAIJIANG, { version: 4, title: "第四版", publishedAt: new Date().toISOString() })] }),
    );
    const drained = await drainSync();
    const resent = drained.filter((m) => m.envelope.id === again.outbox[0]!.id);
    expect(await consumeAll(resent)).toEqual([expect.stringMatching(/^skipped: version 4 is not newer than version 4/)]);
    await consumeAll(drained.filter((m) => m.envelope.id !== again.outbox[0]!.id && focus(m.envelope)));
    expect(await asUser(TAIJIANG, async () => (await Audit.list({ limit: 200 })).items.length)).toBe(trailAfter);
    // Everyone else catches up normally.
    await consumeAll(queued.filter((m) => m.envelope.toTenant !== TAIJIANG));
    await deliverSync(focus);
    expect((await asUser(GULOU, () => Catalogue.syncState())).version).toBe(4);
    const statuses = (await asProvince(() => Catalogue.tenantStatuses({ limit: 200 }))).items.filter((x) => x.version === 4);
    expect(statuses.map((x) => x.tenantId).sort()).toEqual([...FOCUS].sort());
    // An older status report than the one stored is ignored.
    const stale = await asUser(SIMING, () =>
      commit({ action: "test.stale", target: { type: "test", id: "r" }, state: {}, items: () => [], messages: [StatusReported.create(PROVINCE_ID, { version: 1, syncedAt: "2026-01-01T00:00:00.000Z", reportedAt: "2026-01-01T00:00:00.000Z", coverage: { items: 1, assigned: 1, unassigned: 0, needsReview: 0, departmentsWithoutItems: 0 }, complete: true })] }),
    );
    const staleMessage = (await drainSync()).filter((m) => m.envelope.id === stale.outbox[0]!.id);
    expect(await consumeAll(staleMessage)).toEqual([expect.stringMatching(/^skipped: an equal or newer report of 350203/)]);
    expect((await asProvince(() => Catalogue.tenantStatuses({ limit: 200 }))).items.find((x) => x.tenantId === SIMING)).toMatchObject({ version: 4, complete: false });
  });

  test("a one-item version costs each tenant 5 writes, plus one per affected assignment", async () => {
    const seen: { tenantId: string; action: string; items: TxItem[] }[] = [];
    observeCommits((c) => seen.push(c));
    try {
      await asProvince(() => CatalogueSync.publish({ version: 5, title: "第五版", changes: [amend("FJ-T-003", { name: "再次修订" })] }));
      await deliverSync(focus);
    } finally {
      observeCommits(undefined);
    }
    const syncs = seen.filter((c) => c.action === "catalogue.sync");
    expect(syncs.map((c) => c.tenantId).sort()).toEqual([...FOCUS].sort());
    const gulou = syncs.find((c) => c.tenantId === GULOU)!;
    // state + audit event + audit head + processed marker + status message + 1 affected assignment
    expect(gulou.items).toHaveLength(6);
    for (const c of syncs.filter((c) => c.tenantId !== GULOU)) expect(c.items.length, c.tenantId).toBe(5);
    expect((await asUser(GULOU, () => Assignment.get("FJ-T-003"))).status).toBe("needs-review");
  });

  test("contracts: responsible department and lead-decision items", async () => {
    expect(await asUser(GULOU, () => Assignment.responsibleDepartment("FJ-T-003"))).toEqual({ departmentId: dep(GULOU, "market"), source: "assignment" });
    expect(await asUser(GULOU, () => Assignment.responsibleDepartment("FJ-T-004"))).toEqual({ departmentId: dep(GULOU, "market"), source: "catalogue" });
    expect(await asUser(GULOU, () => Assignment.responsibleDepartment("FJ-T-002"))).toBeUndefined();
    // A dispute decision makes health the lead of FJ-T-004.
    await asUser(GULOU, async () => {
      const items = await Assignment.leadDecisionItems({ code: "FJ-T-004", departmentId: dep(GULOU, "health"), disputeId: "dsp_01ARZ3NDEKTSV4RRFFQ69G5FAV" });
      await commit({ action: "dispute.decide", target: { type: "dispute", id: "dsp_01ARZ3NDEKTSV4RRFFQ69G5FAV" }, state: {}, items: () => items });
    });
    expect(await asUser(GULOU, () => Assignment.get("FJ-T-004"))).toMatchObject({ leadDepartmentId: dep(GULOU, "health"), disputeId: "dsp_01ARZ3NDEKTSV4RRFFQ69G5FAV" });
    expect(await asUser(GULOU, () => Assignment.responsibleDepartment("FJ-T-004"))).toEqual({ departmentId: dep(GULOU, "health"), source: "assignment" });
    await expect(asUser(GULOU, () => Assignment.leadDecisionItems({ code: "FJ-T-004", departmentId: dep(TAIJIANG, "health"), disputeId: "dsp_01ARZ3NDEKTSV4RRFFQ69G5FAV" }))).rejects.toBeTruthy();
  });
});
