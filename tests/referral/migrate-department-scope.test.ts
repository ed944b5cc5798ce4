import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { useConfig } from "../../packages/core/src/config";
import { Department } from "../../packages/core/src/department/index";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { Inspection } from "../../packages/core/src/inspection/index";
import { InspectionEntity } from "../../packages/core/src/inspection/inspection.entity";
import { JudicialRequest } from "../../packages/core/src/referral/judicial-request";
import { Referral } from "../../packages/core/src/referral/index";
import { ClockEntity, JudicialRequestEntity, ReferralEntity } from "../../packages/core/src/referral/referral.entity";
import { createId } from "../../packages/core/src/util/id";
import { migrateTenant, runDepartmentScopeMigration } from "../../packages/functions/src/jobs/migrate-department-scope";
import { asSystem } from "../support/context";
import { as } from "../recognition/support";

const GULOU = "350102";
const market = Department.standardId(GULOU, "market");
const police = Department.standardId(GULOU, "public-security");
const asOfficer = <T>(fn: () => Promise<T>) => as(GULOU, "officer", fn, market);
const asPolice = <T>(fn: () => Promise<T>) => as(GULOU, "judicial", fn, police);
const asHead = <T>(fn: () => Promise<T>) => as(GULOU, "tenant-admin", fn, Department.standardId(GULOU, "supervision-office"));

/** Write an item as the code before department scoping did: ElectroDB's item
 * without the keys (and attributes) of the department lists, by raw PutItem. */
async function putOldShape(op: { params(): Record<string, unknown> }, drop: string[]) {
  const item = { ...((op.params() as { Item: Record<string, unknown> }).Item) };
  for (const k of ["gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", ...drop]) delete item[k];
  await asSystem(() => useDynamo().send(new PutCommand({ TableName: useConfig().TABLE_NAME, Item: item })), GULOU);
  return item;
}

const past = "2026-01-05T02:00:00.000Z";
const actor = { type: "system" as const, id: "usr_old", name: "迁移前的用户" };

async function seedOld(title: string) {
  const referralId = createId("crf");
  await putOldShape(
    ReferralEntity.put({
      tenantId: GULOU,
      id: referralId,
      title,
      suspectedOffence: "生产、销售不符合安全标准的食品罪",
      facts: "迁移前写入的案件。",
      team: [{ name: "陈静", badgeNo: "FJ35010201" }],
      evidence: [{ name: "检验报告", kind: "document", sha256: "a".repeat(64) }],
      departmentId: market,
      state: "reported",
      steps: [{ step: "headDecision", by: "head", startedAt: "2026-01-02T02:00:00.000Z", dueAt: past }],
      createdBy: actor,
      createdAt: "2026-01-02T02:00:00.000Z",
      updatedAt: "2026-01-02T02:00:00.000Z",
      version: 1,
    }),
    [],
  );
  await putOldShape(
    ClockEntity.put({ tenantId: GULOU, dueAt: past, targetId: referralId, step: "headDecision", kind: "referral", referralId, title, by: "head", startedAt: "2026-01-02T02:00:00.000Z", ownerDepartmentId: "-", owingDepartmentId: "-" }),
    ["ownerDepartmentId", "owingDepartmentId"],
  );
  return referralId;
}

beforeAll(async () => {
  await asSystem(() => Department.seedStandard(), GULOU);
});

describe("migrate:department-scope (issue 11 §3)", () => {
  test("records written before scoping are missing from officers' lists until the migration, which adds their keys once", async () => {
    const referralId = await seedOld("迁移前的移送案");
    const requestId = createId("jrq");
    await putOldShape(
      JudicialRequestEntity.put({
        tenantId: GULOU,
        id: requestId,
        kind: "appraisal",
        organ: "police",
        fromDepartmentId: police,
        toDepartmentId: market,
        subject: "迁移前的鉴定请求",
        details: "请出具检验意见",
        status: "open",
        dueAt: past,
        createdBy: actor,
        createdAt: "2026-01-02T02:00:00.000Z",
        version: 1,
      }),
      [],
    );
    const inspectionId = createId("ist");
    await putOldShape(
      InspectionEntity.put({
        tenantId: GULOU,
        id: inspectionId,
        creditCode: "91350100M000100Y43",
        entityName: "福州𠮷祥餐饮管理有限公司",
        itemCodes: ["FJ-FOOD-001"],
        plannedDate: "2026-01-10",
        departmentIds: [market],
        status: "scheduled",
        scheduledBy: actor,
        scheduledAt: "2026-01-02T02:00:00.000Z",
        version: 1,
      }),
      [],
    );

    const officerSees = async () => ({
      referrals: (await asOfficer(() => Referral.list({ limit: 200 }))).items.map((r) => r.id),
      overdue: (await asOfficer(() => Referral.overdueSteps())).items.map((i) => i.requestId ?? i.referralId),
      requests: (await asOfficer(() => JudicialRequest.list({ limit: 200 }))).items.map((r) => r.id),
      asked: (await asPolice(() => JudicialRequest.list({ limit: 200 }))).items.map((r) => r.id),
      inspections: (await asOfficer(() => Inspection.list({ limit: 200 }))).items.map((r) => r.id),
    });

    // Before: the overseers see them through the tenant's index, the officers do not.
    expect((await asHead(() => Referral.list({ limit: 200 }))).items.map((r) => r.id)).toContain(referralId);
    const before = await officerSees();
    expect(before.referrals).not.toContain(referralId);
    expect(before.overdue).not.toContain(referralId);
    expect(before.requests).not.toContain(requestId);
    expect(before.asked).not.toContain(requestId);
    expect(before.inspections).not.toContain(inspectionId);

    const headBefore = (await asSystem(() => Audit.head(), GULOU))!;
    const [first] = await runDepartmentScopeMigration({ tenants: [GULOU] });
    expect(first!.byEntity).toMatchObject({
      referral: { changed: 1 },
      "judicial-request": { changed: 1 },
      // The old referral's clock and the request's (written whole above, so it already has its keys: not counted).
      "referral-clock": { changed: 1 },
      inspection: { changed: 1 },
    });
    // One audit event per batch that changed records, naming the entity and covering its records by a Merkle root.
    const headAfter = (await asSystem(() => Audit.head(), GULOU))!;
    expect(headAfter.seq - headBefore.seq).toBe(first!.events);
    expect(first!.events).toBe(4);
    const trail = (await asHead(() => Audit.list({ limit: first!.events }))).items;
    expect(trail.every((e) => e.action === "department.migrate")).toBe(true);
    expect(trail.map((e) => e.summary?.entity).sort()).toEqual(["inspection", "judicial-request", "referral", "referral-clock"]);
    expect(trail[0]!.summary).toMatchObject({ migration: "department-scope", count: 1, root: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const after = await officerSees();
    expect(after.referrals).toContain(referralId);
    expect(after.overdue).toContain(referralId);
    expect(after.requests).toContain(requestId);
    expect(after.asked).toContain(requestId);
    expect(after.inspections).toContain(inspectionId);
    // The referral's open step is still owed and shown as it was.
    expect((await asOfficer(() => Referral.fromID(referralId))).openStep).toMatchObject({ step: "headDecision", overdue: true });

    // Run twice = no change: nothing completed, no event, the chain head where it was.
    const [second] = await runDepartmentScopeMigration({ tenants: [GULOU] });
    expect(second).toMatchObject({ changed: 0, events: 0 });
    expect(second!.scanned).toBeGreaterThan(0);
    expect(await asSystem(() => Audit.head(), GULOU)).toEqual(headAfter);
    // And the chain, with the migrated records stamped by their batch's event, still verifies.
    expect(await asSystem(() => Audit.verify(), GULOU)).toMatchObject({ ok: true });
  });

  test("a run cut short resumes from its checkpoint and completes each record once", async () => {
    const ids = [await seedOld("中断迁移案一"), await seedOld("中断迁移案二"), await seedOld("中断迁移案三")];
    const batches: Department.MigrationBatch[] = [];
    // Pages of one record, stopped after two batches (the process "dies").
    const cut = await migrateTenant(GULOU, { pageSize: 1, onBatch: (_, b) => batches.push(b) }, { batches: 2 });
    expect(batches).toHaveLength(2);
    expect(batches.every((b) => b.entity === "referral" && b.cursor)).toBe(true);
    expect(await asSystem(() => Department.migrationCheckpoint("referral"), GULOU)).toEqual(batches[1]!.cursor);
    const seen = new Set((await asOfficer(() => Referral.list({ limit: 200 }))).items.map((r) => r.id));
    const done = ids.filter((id) => seen.has(id)).length;
    expect(done).toBe(cut.changed);

    const rest = await migrateTenant(GULOU, { pageSize: 1 });
    expect(cut.byEntity.referral!.changed + rest.byEntity.referral!.changed).toBe(3);
    expect(rest.byEntity["referral-clock"]!.changed).toBe(3);
    const listed = (await asOfficer(() => Referral.list({ limit: 200 }))).items.map((r) => r.id);
    for (const id of ids) expect(listed).toContain(id);
    // Finished: the checkpoint is gone, so the next run starts over and finds nothing.
    expect(await asSystem(() => Department.migrationCheckpoint("referral"), GULOU)).toBeNull();
    expect(await migrateTenant(GULOU, { pageSize: 1 })).toMatchObject({ changed: 0, events: 0 });
  });
});
