import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { Alert } from "../../packages/core/src/alert/index";
import { AssistanceRequest } from "../../packages/core/src/assistance/index";
import { Clock } from "../../packages/core/src/clock";
import { Dashboard } from "../../packages/core/src/dashboard/index";
import { MAX_FILE_BYTES } from "../../packages/core/src/evidence/limits";
import { Department } from "../../packages/core/src/department/index";
import { Policy } from "../../packages/core/src/policy/index";
import { Tenant } from "../../packages/core/src/tenant/index";
import { runEscalator } from "../../packages/functions/src/jobs/assistance-escalator";
import { asSystem } from "../support/context";
import { as, asIn, CODE, deadLetters, deliver, FUZHOU, GULOU, PROVINCE, purge, SIMING, TAIJIANG, XIAMEN } from "./support";

const DAY = 86_400_000;

beforeAll(async () => {
  for (const t of [GULOU, TAIJIANG, SIMING, FUZHOU, XIAMEN, PROVINCE, "350104", "350205"]) await asSystem(() => Department.seedStandard(), t);
});
afterEach(async () => {
  Clock.reset();
  await purge();
});

async function sendFrom(from: string, to: string, extra: Partial<Parameters<typeof AssistanceRequest.send>[0]> = {}) {
  return as(from, () =>
    AssistanceRequest.send({ toTenant: to, type: "investigation", creditCode: CODE, facts: "涉嫌销售无检疫证明冷冻肉品，请协助调查取证。", ...extra }),
  );
}

describe("a request between two counties of different cities", () => {
  test("goes to the receiver's inbox, routed by type; accept, question, reply and answer travel back; only the parties see it", async () => {
    const sent = await sendFrom(GULOU, SIMING, { entityName: "厦门某食品贸易有限公司" });
    expect(sent).toMatchObject({ box: "sent", status: "received", toTenant: SIMING });
    expect(await deliver()).toEqual(["processed", "processed"]); // the request, and the routing note back

    const [inbox] = (await as(SIMING, () => AssistanceRequest.list({ box: "inbox" }))).items;
    expect(inbox).toMatchObject({ id: sent.id, fromTenant: GULOU, status: "received", departmentId: Department.standardId(SIMING, "market"), departmentSource: "type" });
    // Receivers never see the sender's box, and nobody else sees either copy.
    expect(await as(SIMING, () => AssistanceRequest.list({ box: "sent" }))).toEqual({ items: [], cursor: null });
    expect(await as(TAIJIANG, () => AssistanceRequest.list({ box: "inbox" }))).toEqual({ items: [], cursor: null });
    await expect(as(TAIJIANG, () => AssistanceRequest.fromID(sent.id))).rejects.toMatchObject({ status: 404 });
    const senderView = await as(GULOU, () => AssistanceRequest.fromID(sent.id));
    expect(senderView.thread.map((p) => p.kind)).toEqual(["routed"]);
    expect(senderView.departmentId).toBe(Department.standardId(SIMING, "market"));

    const accepted = await as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: inbox!.version }));
    await as(SIMING, () => AssistanceRequest.post({ id: sent.id, version: accepted.version, text: "请提供涉案批次号。" }));
    await deliver();
    const afterQuestion = await as(GULOU, () => AssistanceRequest.fromID(sent.id));
    expect(afterQuestion.status).toBe("accepted");
    await as(GULOU, () => AssistanceRequest.post({ id: sent.id, version: afterQuestion.version, text: "批次号 20261120。" }));
    await deliver();
    const mine = await as(SIMING, () => AssistanceRequest.fromID(sent.id));
    await as(SIMING, () => AssistanceRequest.answer({ id: sent.id, version: mine.version, text: "已现场核查，附检疫证明。", findings: "抽查 12 批次" }));
    await deliver();

    const done = await as(GULOU, () => AssistanceRequest.fromID(sent.id));
    expect(done.status).toBe("answered");
    expect(done.answer).toMatchObject({ result: "已现场核查，附检疫证明。", findings: "抽查 12 批次" });
    expect(done.thread.map((p) => p.kind)).toEqual(["routed", "accept", "question", "reply", "answer"]);
    // Both copies carry the same thread.
    expect((await as(SIMING, () => AssistanceRequest.fromID(sent.id))).thread.map((p) => p.id)).toEqual(done.thread.map((p) => p.id));
  });

  test("decline with reasons reaches the sender; a wrong state is 409; an officer of another department is refused", async () => {
    const sent = await sendFrom(GULOU, SIMING);
    await deliver();
    await expect(as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: 1 }), "officer", "housing")).rejects.toMatchObject({ code: "assistance.not_your_department", status: 403 });
    await expect(as(SIMING, () => AssistanceRequest.decline({ id: sent.id, version: 1 }))).rejects.toMatchObject({ code: "assistance.text_required" });
    await as(SIMING, () => AssistanceRequest.decline({ id: sent.id, version: 1, text: "不在本辖区" }));
    await expect(as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: 2 }))).rejects.toMatchObject({ status: 409 });
    await deliver();
    expect(await as(GULOU, () => AssistanceRequest.fromID(sent.id))).toMatchObject({ status: "declined", declineReason: "不在本辖区" });
  });

  test("deadlines: default by type, shorter allowed, longer refused", async () => {
    const a = await sendFrom(GULOU, SIMING, { type: "enforcement" });
    expect(Date.parse(a.dueAt) - Date.parse(a.sentAt)).toBeGreaterThan(180 * DAY);
    await expect(sendFrom(GULOU, SIMING, { dueAt: new Date(Date.now() + 40 * DAY).toISOString() })).rejects.toMatchObject({ code: "assistance.deadline_too_late" });
    const short = await sendFrom(GULOU, SIMING, { dueAt: new Date(Date.now() + 3 * DAY).toISOString() });
    expect(Date.parse(short.dueAt)).toBeLessThan(Date.parse(short.sentAt) + 4 * DAY);
    await expect(sendFrom(GULOU, GULOU)).rejects.toMatchObject({ code: "assistance.same_tenant" });
    await expect(sendFrom(GULOU, SIMING, { creditCode: "91350100M000100Y44" })).rejects.toThrow();
  });

  test("attachments: stored by content hash, reach the receiver through its own copy, refused when too large or not held", async () => {
    const bytes = Buffer.from("现场检查笔录 第1页");
    const ref = await as(GULOU, () => AssistanceRequest.upload({ name: "笔录.txt", contentType: "text/plain", data: bytes.toString("base64") }));
    expect(ref.hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(as(SIMING, () => AssistanceRequest.download({ hash: ref.hash }))).rejects.toMatchObject({ status: 404 });
    await expect(as(GULOU, () => AssistanceRequest.upload({ name: "big.bin", data: Buffer.alloc(MAX_FILE_BYTES + 1).toString("base64") }))).rejects.toMatchObject({ status: 413 });
    await expect(as(TAIJIANG, () => sendFrom(TAIJIANG, SIMING, { attachments: [ref] }))).rejects.toMatchObject({ code: "assistance.attachment_unknown" });
    const sent = await sendFrom(GULOU, SIMING, { attachments: [ref] });
    await deliver();
    const got = await as(SIMING, () => AssistanceRequest.download({ hash: ref.hash }));
    expect(got.bytes.equals(bytes)).toBe(true);
    expect((await as(SIMING, () => AssistanceRequest.fromID(sent.id))).attachments).toEqual([{ ...ref }]);
    await expect(as(TAIJIANG, () => AssistanceRequest.download({ hash: ref.hash }))).rejects.toMatchObject({ status: 404 });
  });

  test("a confidential request hides its entity in lists, not on the detail page", async () => {
    const sent = await sendFrom(GULOU, SIMING, { confidentiality: "confidential", entityName: "某涉密单位" });
    await deliver();
    const [listed] = (await as(SIMING, () => AssistanceRequest.list({ box: "inbox" }))).items;
    expect(listed?.creditCode).toBeUndefined();
    expect(listed?.entityName).toBeUndefined();
    expect((await as(SIMING, () => AssistanceRequest.fromID(sent.id))).creditCode).toBe(CODE);
  });
});

describe("departments own their requests (issue 11 §3)", () => {
  test("only the sending department's officers withdraw or reply on a sent request; the admin may", async () => {
    const sent = await sendFrom(GULOU, SIMING);
    expect(sent.senderDepartmentId).toBe(Department.standardId(GULOU, "market"));
    await deliver();
    const housing = <T>(fn: () => Promise<T>) => as(GULOU, fn, "officer", "housing");
    await expect(housing(() => AssistanceRequest.withdraw({ id: sent.id, version: sent.version, text: "越权撤回" }))).rejects.toMatchObject({
      code: "assistance.not_your_department",
      status: 403,
    });
    const received = await as(SIMING, () => AssistanceRequest.fromID(sent.id));
    const asked = await as(SIMING, () => AssistanceRequest.post({ id: sent.id, version: received.version, text: "请补充批次信息" }));
    expect(asked.status).toBe("received");
    await deliver();
    const mine = await as(GULOU, () => AssistanceRequest.fromID(sent.id));
    await expect(housing(() => AssistanceRequest.post({ id: sent.id, version: mine.version, text: "越权答复" }))).rejects.toMatchObject({ status: 403 });
    // Nothing changed by the refusals.
    expect((await as(GULOU, () => AssistanceRequest.fromID(sent.id))).version).toBe(mine.version);
    const withdrawn = await as(GULOU, () => AssistanceRequest.withdraw({ id: sent.id, version: mine.version, text: "已自行查清" }), "tenant-admin", "supervision-office");
    expect(withdrawn.status).toBe("withdrawn");
  });

  test("a confidential request's details reach only the sending and handling departments and the admins; others get the redacted row", async () => {
    const facts = "涉密线索：某单位涉嫌伪造检疫证明，请协助秘密核查。";
    const sent = await sendFrom(GULOU, SIMING, { confidentiality: "confidential", entityName: "某涉密单位", facts });
    await deliver();
    const read = (tenant: string, role: "officer" | "inspector" | "tenant-admin" | "auditor", dep: string) => as(tenant, () => AssistanceRequest.fromID(sent.id), role, dep);
    for (const [tenant, role, dep] of [
      [SIMING, "officer", "housing"],
      [SIMING, "inspector", "housing"],
      [GULOU, "officer", "housing"],
    ] as const) {
      const other = await read(tenant, role, dep);
      expect(other, `${tenant} ${role} ${dep}`).toMatchObject({ id: sent.id, redacted: true, thread: [] });
      expect(JSON.stringify(other)).not.toContain(facts);
      expect(other.creditCode).toBeUndefined();
      expect(other.entityName).toBeUndefined();
    }
    for (const [tenant, role, dep] of [
      [SIMING, "officer", "market"],
      [GULOU, "officer", "market"],
      [SIMING, "tenant-admin", "supervision-office"],
    ] as const) {
      const full = await read(tenant, role, dep);
      expect(full.facts, `${tenant} ${role} ${dep}`).toBe(facts);
      expect(full.redacted).toBeUndefined();
    }
    // A request that is not confidential is readable by the tenant's other departments (rows never carry facts in lists).
    const open = await sendFrom(GULOU, SIMING);
    expect((await as(GULOU, () => AssistanceRequest.fromID(open.id), "officer", "housing")).facts).toBeDefined();
  });

  test("lists are pages with a cursor and a status filter", async () => {
    const a = await sendFrom(GULOU, SIMING);
    await sendFrom(GULOU, SIMING);
    await as(GULOU, () => AssistanceRequest.withdraw({ id: a.id, version: a.version, text: "重复发送" }));
    const first = await as(GULOU, () => AssistanceRequest.list({ box: "sent", limit: 1 }));
    expect(first.items).toHaveLength(1);
    expect(first.cursor).toEqual(expect.any(String));
    const next = await as(GULOU, () => AssistanceRequest.list({ box: "sent", limit: 1, cursor: first.cursor! }));
    expect(next.items[0]!.id).not.toBe(first.items[0]!.id);
    const withdrawn = await as(GULOU, () => AssistanceRequest.list({ box: "sent", status: "withdrawn", limit: 200 }));
    expect(withdrawn.items.map((r) => r.id)).toContain(a.id);
    expect(withdrawn.items.every((r) => r.status === "withdrawn")).toBe(true);
    await expect(as(GULOU, async () => AssistanceRequest.list({ box: "sent", limit: 201 }))).rejects.toMatchObject({ name: "ZodError" });
    // The inbox's cursor does not page the sent box.
    await expect(as(GULOU, () => AssistanceRequest.list({ box: "inbox", cursor: first.cursor! }))).rejects.toMatchObject({ status: 400 });
  });
});

describe("concurrency", () => {
  test("two officers accept at once: one succeeds, the other gets a conflict, nothing is lost", async () => {
    const sent = await sendFrom(GULOU, SIMING);
    await deliver();
    const results = await Promise.allSettled([
      as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: 1 })),
      as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: 1 })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason.status).toBe(409);
    const copy = await as(SIMING, () => AssistanceRequest.fromID(sent.id));
    expect(copy).toMatchObject({ status: "accepted", version: 2 });
    expect(copy.thread.filter((p) => p.kind === "accept")).toHaveLength(1);
    await deliver();
    expect((await as(GULOU, () => AssistanceRequest.fromID(sent.id))).status).toBe("accepted");
  });
});

describe("escalation", () => {
  test("overdue between two counties of one city escalates once to that city, which reassigns it", async () => {
    const sent = await sendFrom(GULOU, TAIJIANG);
    await deliver();
    const forThis = async (tenant: string, role: "tenant-admin" | "province-admin" = "tenant-admin") =>
      (await as(tenant, () => AssistanceRequest.escalations({ limit: 200 }), role)).items.filter((e) => e.requestId === sent.id);
    await runEscalator();
    await deliver();
    expect(await forThis(FUZHOU)).toEqual([]);
    Clock.advance(8 * DAY);
    expect((await runEscalator()).escalated).toBeGreaterThanOrEqual(1);
    await runEscalator(); // each stage once
    await deliver();
    expect(await forThis(FUZHOU)).toHaveLength(1);
    const [esc] = await forThis(FUZHOU);
    expect(esc).toMatchObject({ requestId: sent.id, stage: "acknowledge", fromTenant: GULOU, toTenant: TAIJIANG, status: "open" });
    expect(await forThis(PROVINCE, "province-admin")).toEqual([]);

    await as(FUZHOU, () => AssistanceRequest.reassign({ id: esc!.id, version: 1, departmentType: "commerce" }), "tenant-admin");
    await deliver();
    const receiver = await as(TAIJIANG, () => AssistanceRequest.fromID(sent.id), "tenant-admin");
    expect(receiver.departmentId).toBe(Department.standardId(TAIJIANG, "commerce"));
    expect(Date.parse(receiver.ackDueAt)).toBeGreaterThan(Clock.nowMs());
    const sender = await as(GULOU, () => AssistanceRequest.fromID(sent.id));
    expect(sender.escalatedStages).toEqual([]);
    expect(sender.thread.map((p) => p.kind)).toEqual(["routed", "escalated", "reassigned"]);
    // The re-armed clock escalates again when it runs out.
    Clock.advance(8 * DAY);
    await runEscalator();
    await deliver();
    expect(await forThis(FUZHOU)).toHaveLength(2);
  });

  test("overdue between counties of different cities escalates to the province, which designates another county", async () => {
    const sent = await sendFrom(GULOU, SIMING);
    await deliver();
    const now = new Date(Date.now() + 8 * DAY);
    const run = await runEscalator({ now: () => now });
    expect(run.failures).toEqual([]);
    expect(run.escalated).toBeGreaterThanOrEqual(1);
    await deliver();
    expect((await as(XIAMEN, () => AssistanceRequest.escalations({ limit: 200 }), "tenant-admin")).items.filter((e) => e.requestId === sent.id)).toEqual([]);
    const [esc] = (await as(PROVINCE, () => AssistanceRequest.escalations({ limit: 200 }), "province-admin")).items.filter((e) => e.requestId === sent.id);
    expect(esc).toMatchObject({ requestId: sent.id, toTenant: SIMING });
    expect(Tenant.lowestCommonSuperior(GULOU, SIMING).id).toBe(PROVINCE);

    await expect(as(PROVINCE, () => AssistanceRequest.designate({ id: esc!.id, version: 1, tenantId: GULOU }), "province-admin")).rejects.toMatchObject({ code: "assistance.designate_target" });
    await as(PROVINCE, () => AssistanceRequest.designate({ id: esc!.id, version: 1, tenantId: "350205" }), "province-admin");
    await deliver();
    expect(await as(SIMING, () => AssistanceRequest.fromID(sent.id))).toMatchObject({ status: "withdrawn" });
    const designated = await as("350205", () => AssistanceRequest.fromID(sent.id), "tenant-admin");
    expect(designated).toMatchObject({ status: "received", fromTenant: GULOU, designatedBy: PROVINCE });
    const sender = await as(GULOU, () => AssistanceRequest.fromID(sent.id));
    expect(sender).toMatchObject({ toTenant: "350205", status: "received" });
    // The coordinator's posts read as sentences naming the tenants (stored as codes).
    const due = Policy.shanghaiDate(sender.dueAt);
    expect(sender.thread.filter((p) => p.kind === "designated").map((p) => p.body)).toEqual([`福建省指定${Tenant.get("350205")!.name}承办，限${due}前办结`]);
    expect((await as(SIMING, () => AssistanceRequest.fromID(sent.id))).thread.filter((p) => p.kind === "designated").map((p) => p.body)).toEqual([`福建省已指定${Tenant.get("350205")!.name}承办，本级不再承办`]);
    // The withdrawn county's copy says why, in the reader's language (stored as a code, not a sentence).
    const name = Tenant.get("350205")!.name;
    expect((await as(SIMING, () => AssistanceRequest.fromID(sent.id))).withdrawReason).toBe(`福建省已指定${name}承办，本级不再承办`);
    expect((await asIn("en", SIMING, () => AssistanceRequest.fromID(sent.id))).withdrawReason).toBe(`福建省 designated ${name} to handle it; this tenant no longer handles it`);
    // The designated county's answer reaches the sender; the withdrawn one can no longer act.
    const withdrawn = await as(SIMING, () => AssistanceRequest.fromID(sent.id));
    await expect(as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: withdrawn.version }))).rejects.toMatchObject({ status: 409 });
    const d1 = await as("350205", () => AssistanceRequest.accept({ id: sent.id, version: designated.version }), "tenant-admin");
    await as("350205", () => AssistanceRequest.answer({ id: sent.id, version: d1.version, text: "已协助执行" }), "tenant-admin");
    await deliver();
    expect(await as(GULOU, () => AssistanceRequest.fromID(sent.id))).toMatchObject({ status: "answered", answer: { result: "已协助执行" } });
  });
});

describe("alerts", () => {
  test("to every tenant: fanned out over several commits, each tenant follows up, the sender sees the counts", async () => {
    expect(Tenant.all().length).toBe(94);
    const alert = await as(GULOU, () => Alert.send({ scope: "all", level: "red", title: "问题冷冻肉品预警", body: "请排查", productName: "冷冻猪肉 20261120" }), "tenant-admin");
    expect(alert).toMatchObject({ recipients: 93, delivered: 93 });
    const out = await deliver({ rounds: 100 });
    expect(out.filter((o) => o === "processed")).toHaveLength(93);
    const [inSiming] = (await as(SIMING, () => Alert.list({ box: "inbox" }))).items;
    expect(inSiming).toMatchObject({ id: alert.id, fromTenant: GULOU });
    await as(SIMING, () => Alert.followUp({ id: alert.id, version: 1, status: "found", note: "下架 3 箱" }));
    await as(TAIJIANG, () => Alert.followUp({ id: alert.id, version: 1, status: "not-found" }));
    await as(TAIJIANG, () => Alert.followUp({ id: alert.id, version: 2, status: "found" }));
    await deliver();
    const detail = await as(GULOU, () => Alert.fromID(alert.id), "tenant-admin");
    expect(detail.counts).toEqual({ followed: 2, found: 2, notFound: 0, handling: 0 });
    expect(detail.followUps?.map((f) => f.tenantId).sort()).toEqual([TAIJIANG, SIMING].sort());
  });

  test("to one city's tenants only", async () => {
    const alert = await as(TAIJIANG, () => Alert.send({ scope: "city", cityId: FUZHOU, title: "福州范围预警", body: "请排查", creditCode: CODE }), "tenant-admin");
    expect(alert.recipients).toBe(1 + Tenant.descendants(FUZHOU).length - 1);
    await deliver({ rounds: 100 });
    expect((await as(SIMING, () => Alert.list({ box: "inbox" }))).items.map((a) => a.id)).not.toContain(alert.id);
    expect((await as(GULOU, () => Alert.list({ box: "inbox" }))).items.map((a) => a.id)).toContain(alert.id);
    await expect(as(TAIJIANG, () => Alert.send({ scope: "city", cityId: GULOU, title: "错误范围", body: "x", creditCode: CODE }), "tenant-admin")).rejects.toMatchObject({ code: "assistance.alert_city" });
  });
});

describe("dashboards", () => {
  test("own figures from cheap counters; superiors see each tenant's report, sent by message", async () => {
    const before = await as(SIMING, () => Dashboard.mine(), "tenant-admin");
    const sent = await sendFrom(GULOU, SIMING);
    await deliver();
    await as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: 1 }));
    Clock.advance(2 * DAY);
    await as(SIMING, () => AssistanceRequest.answer({ id: sent.id, version: 2, text: "已答复" }));
    await deliver();
    const after = await as(SIMING, () => Dashboard.mine(), "tenant-admin");
    expect(after.received - before.received).toBe(1);
    expect(after.answered - before.answered).toBe(1);
    const mean = after.figures.find((f) => f.key === "meanDaysToAnswer")!;
    expect(mean.target).toBe(16);
    expect(mean.value).toBeGreaterThan(0);

    // The scheduled roll-up (run here as if later than every earlier test's clock).
    const later = new Date(Date.now() + 400 * DAY);
    await runEscalator({ now: () => later });
    await deliver({ rounds: 100 });
    const xiamen = await as(XIAMEN, () => Dashboard.below(), "tenant-admin");
    const row = xiamen.tenants.find((t) => t.tenantId === SIMING)!;
    expect(row.received).toBe(after.received);
    expect(row.asOf).not.toBeNull();
    const province = await as(PROVINCE, () => Dashboard.below(), "province-admin");
    expect(province.tenants.find((t) => t.tenantId === GULOU)!.sent).toBeGreaterThan(0);
    // Unchanged figures are not reported again.
    const again = await runEscalator({ now: () => later });
    expect(again.reported).toBe(0);
  });
});

describe("reliability", () => {
  test("dead letters: a forged update from a tenant that is not a party is rejected and nothing is written", async () => {
    const sent = await sendFrom(GULOU, SIMING);
    await deliver();
    // 台江区 pretends to answer a request it never received: its own outbox proves it sent it, but it is not a party.
    await as(TAIJIANG, async () => {
      const { commit } = await import("../../packages/core/src/outbox/commit");
      await commit({
        action: "test.forge",
        target: { type: "assistance", id: sent.id },
        state: {},
        items: () => [],
        messages: [AssistanceRequest.Updated.create(GULOU, { requestId: sent.id, event: "answer", seq: 9, status: "answered", at: new Date().toISOString(), answer: { result: "伪造", attachments: [] } })],
      });
    });
    const out = await deliver();
    expect(out[0]).toMatch(/^poison: forged: 350103 is not the receiver/);
    expect((await deadLetters()).some((d) => d.reason.includes("not the receiver"))).toBe(true);
    expect((await as(GULOU, () => AssistanceRequest.fromID(sent.id))).status).toBe("received");
  });
});
