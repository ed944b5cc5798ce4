import { beforeAll, expect, test } from "vitest";
import { Assignment } from "../../packages/core/src/assignment/index";
import { Audit } from "../../packages/core/src/audit/index";
import { Catalogue } from "../../packages/core/src/catalogue/index";
import { CatalogueSync } from "../../packages/core/src/catalogue-sync/index";
import { withContext } from "../../packages/core/src/context";
import { Department } from "../../packages/core/src/department/index";
import { PROVINCE_ID } from "../../packages/core/src/tenant/index";
import { hashState, merkleRoot } from "../../packages/core/src/util/hash";
import { amend, enact } from "../support/catalogue";
import { asSystem, asUser } from "../support/context";
import { consumeAll, deliverSync, drainSync } from "../support/sync";

/** Issue 11 §6: a sync that marks more assignments than fit its transaction
 * wrote them before its commit; when that commit never landed, the marks had
 * no audit event. Now each chunk of marks commits with its own bulk event. */
const GULOU = "350102";
const N = 95; // more than one transaction's room (Assignment.SYNC_ROOM = 90)
const codes = Array.from({ length: N }, (_, i) => `FJ-M-${String(i + 1).padStart(3, "0")}`);
/** Every assignment of the tenant (the list is paged: read every page). */
async function allAssignments() {
  const out: Assignment.Info[] = [];
  let cursor: string | undefined;
  do {
    const page = await asUser(GULOU, () => Assignment.list({ limit: 200, ...(cursor ? { cursor } : {}) }));
    out.push(...page.items);
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return out;
}
const focus = (e: { toTenant: string }) => e.toTenant === GULOU || e.toTenant === PROVINCE_ID;

beforeAll(async () => {
  for (const t of [PROVINCE_ID, GULOU]) await asSystem(() => Department.seedStandard(), t);
});

test("marks written ahead of a sync whose commit never lands carry their own audit events; the redelivered sync completes without marking twice", { timeout: 240_000 }, async () => {
  expect(N).toBeGreaterThan(Assignment.SYNC_ROOM);
  await asUser(PROVINCE_ID, () => CatalogueSync.publish({ version: 1, title: "第一版", changes: codes.map((c) => enact(c)) }), "province-admin");
  await deliverSync(focus);
  for (const code of codes) {
    await asUser(GULOU, () =>
      Assignment.assign({ code, leadDepartmentId: Department.standardId(GULOU, "market"), cooperatingDepartmentIds: [Department.standardId(GULOU, "health")], office: "食品经营监管科", person: "陈静" }),
    );
  }
  await asUser(PROVINCE_ID, () => CatalogueSync.publish({ version: 2, title: "第二版", changes: codes.map((c) => amend(c)) }), "province-admin");
  const mine = (await drainSync()).filter((m) => m.envelope.toTenant === GULOU);
  expect(mine).toHaveLength(1);
  const message = mine[0]!;

  // The consumer runs the handler, which marks the assignments ahead of the sync's commit, then dies.
  await withContext({ actor: { type: "system", reason: "test" }, tenantId: GULOU, requestId: "crash", locale: "zh-CN" }, () =>
    CatalogueSync.VersionPublished.handle(message.envelope.payload as never, message.envelope),
  );
  expect(await asUser(GULOU, () => Catalogue.syncState())).toMatchObject({ version: 1 });
  const marked = (await allAssignments()).filter((a) => a.changedInVersion === 2);
  expect(marked).toHaveLength(N);

  // Every mark is covered by a bulk event whose Merkle root is over exactly its rows.
  const trail = async () => (await asUser(GULOU, () => Audit.list({ limit: 200 }))).items;
  const events = (await trail()).filter((e) => e.action === "assignment.mark-changed");
  expect(events.map((e) => e.summary?.count).sort()).toEqual([5, 90]);
  const leaves = marked
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((a) => ({ tenantId: GULOU, code: a.code, status: a.status, changeBasis: a.changeBasis, changedInVersion: 2 }));
  const roots = events.map((e) => e.summary?.merkleRoot).sort();
  expect(roots).toEqual([merkleRoot(leaves.slice(0, 90).map(hashState)), merkleRoot(leaves.slice(90).map(hashState))].sort());
  expect(await asUser(GULOU, () => Audit.verify())).toMatchObject({ ok: true });

  // SQS delivers the message again: the sync commits, and no row is marked (or audited) twice.
  expect(await consumeAll([message])).toEqual(["processed"]);
  expect(await asUser(GULOU, () => Catalogue.syncState())).toMatchObject({ version: 2 });
  const after = await trail();
  expect(after.filter((e) => e.action === "assignment.mark-changed")).toHaveLength(2);
  expect(after.find((e) => e.action === "catalogue.sync" && e.summary?.version === 2)?.summary).toMatchObject({ affectedAssignments: N });
  expect(await asUser(GULOU, () => Audit.verify())).toMatchObject({ ok: true });
});
