import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Business } from "../../packages/core/src/business/index";
import { Dishonesty } from "../../packages/core/src/dishonesty/index";
import { Outbox } from "../../packages/core/src/outbox/index";
import { Queue } from "../../packages/core/src/queue/index";
import { withContext } from "../../packages/core/src/context";
import { runDishonestyExpiry } from "../../packages/functions/src/jobs/dishonesty-expiry";
import { startPoller } from "../../packages/functions/src/local/poller";
import { asSystem } from "../support/context";
import { waitFor } from "../support/sqs";
import { A, asAt, B, consumer, DAY, deliverTo, fine, listBusiness, platformMessages, purge, RARE_NAME, seedBusinesses, startStandin } from "./support";

let standin: Awaited<ReturnType<typeof startStandin>>;
let codes: string[];
const T0 = Date.now();

beforeAll(async () => {
  standin = await startStandin();
  codes = await seedBusinesses(A, 13, 10);
});
afterAll(() => standin?.stop());
beforeEach(async () => {
  standin.setUp();
  await purge();
});

describe("credit records regrade the business", () => {
  test("a penalty becomes a credit record and regrades the business (B → C)", async () => {
    const code = codes[1]!;
    expect((await asAt(A, undefined, () => Business.fromCode(code))).grade).toBe("B");
    const penalty = await asAt(A, undefined, () => fine(code));
    const after = await asAt(A, undefined, () => Business.fromCode(code));
    expect(after.grade).toBe("C");
    expect(after.gradeReasons.join("\n")).toContain(penalty.decisionNo);
  });
});

describe("listing, the credit platform and repair", () => {
  test("a listing reaches the credit platform's queue; delivered twice, the receiver has it once, 𠮷 intact; the grade is D; repaired later → a second message", async () => {
    const code = codes[0]!;
    const penalty = await asAt(A, undefined, () => fine(code));
    const listAt = T0 + 10 * DAY;
    const listed = await listBusiness(A, code, penalty.id, listAt);
    expect(listed).toMatchObject({ state: "listed", entityName: RARE_NAME, category: { code: "samr-food-safety" } });
    expect(listed.steps.map((s) => s.step)).toEqual(["propose", "notify", "list"]);
    expect(listed.measures.map((m) => m.code)).toContain("procurement-restriction");
    // The grade follows the list.
    expect((await asAt(A, listAt, () => Business.fromCode(code))).grade).toBe("D");

    // On its own queue, committed with the listing (the outbox), 𠮷 escaped for the queue.
    const [message, ...more] = await platformMessages(true);
    expect(more).toHaveLength(0);
    expect(message!.Body).not.toContain("𠮷");
    const envelope = JSON.parse(message!.Body!);
    expect(envelope).toMatchObject({ type: "dishonesty.platform_notified", fromTenant: A, toTenant: A, payload: { version: "1", event: "listed", sequence: 1 } });
    expect(envelope.payload.listing.entityName).toBe(RARE_NAME);

    // Delivered twice (SQS at-least-once): the stand-in keeps one, and the duplicate is not even POSTed again.
    expect(await deliverTo([message!])).toEqual({ batchItemFailures: [] });
    expect(await deliverTo([message!])).toEqual({ batchItemFailures: [] });
    expect(standin.received()).toHaveLength(1);
    // The handler does not delete what it consumed (the event source does): clear the queue before looking for the next message.
    await purge();
    const [got] = standin.received();
    expect(got).toMatchObject({ messageId: envelope.id, deliveries: 1, message: { version: "1", event: "listed", listing: { id: listed.id, entityName: RARE_NAME, creditCode: code } } });
    expect(Dishonesty.CreditPlatformMessage.safeParse(got!.message).success).toBe(true);
    // The receipt is on the listing.
    const detail = await asAt(A, listAt, () => Dishonesty.fromID(listed.id));
    expect(detail.deliveries).toEqual([expect.objectContaining({ messageId: envelope.id, event: "listed", sequence: 1, status: 201 })]);

    // Too early for repair.
    await expect(asAt(A, listAt + 30 * DAY, () => Dishonesty.applyRepair(listed.id, { version: listed.version, reason: "已整改", evidence: [{ name: "凭证.pdf", sha256: "a".repeat(64) }] }))).rejects.toMatchObject({
      code: "dishonesty.repair_too_early",
      status: 409,
    });
    // After a year: application with evidence, then the decision.
    const applyAt = listAt + 400 * DAY;
    const applied = await asAt(A, applyAt, () =>
      Dishonesty.applyRepair(listed.id, { version: listed.version, reason: "已履行处罚决定并消除影响", evidence: [{ name: "罚款缴纳凭证.pdf", sha256: "b".repeat(64) }] }),
    );
    expect(applied.state).toBe("repair-applied");
    expect(await platformMessages()).toHaveLength(0);
    const repaired = await asAt(A, applyAt + DAY, () => Dishonesty.decideRepair(listed.id, { version: applied.version, approve: true, reason: "符合提前移出条件" }));
    expect(repaired).toMatchObject({ state: "repaired", removalReason: "repaired" });
    expect((await asAt(A, applyAt + DAY, () => Business.fromCode(code))).grade).not.toBe("D");

    const second = await platformMessages(true);
    expect(second).toHaveLength(1);
    expect(JSON.parse(second[0]!.Body!).payload).toMatchObject({ event: "repaired", sequence: 2, listing: { removalReason: "repaired" } });
    expect(await deliverTo(second)).toEqual({ batchItemFailures: [] });
    expect(standin.received().map((r) => r.message.event).sort()).toEqual(["listed", "repaired"]);

    // Each step is in the tenant's audit trail, and the chain verifies.
    const trail = await asAt(A, undefined, () => Audit.list({ limit: 50 }));
    const actions = trail.items.map((e: { action: string }) => e.action);
    for (const a of ["dishonesty.propose", "dishonesty.notify", "dishonesty.list", "dishonesty.delivered", "dishonesty.apply_repair", "dishonesty.decide_repair"]) expect(actions).toContain(a);
    expect(await asAt(A, undefined, () => Audit.verify())).toMatchObject({ ok: true });
  });

  test("the receiver keeps one copy per idempotency key even when the same message is POSTed twice", async () => {
    const message = { ...standin.received()[0]!.message };
    const before = standin.received().length;
    await Dishonesty.deliver(message);
    await Dishonesty.deliver(message);
    expect(standin.received()).toHaveLength(before);
    expect(standin.received().find((r) => r.messageId === message.messageId)!.deliveries).toBe(3);
  });
});

describe("refusals", () => {
  test("a category outside the statute is refused, naming the field", async () => {
    const penalty = await asAt(A, undefined, () => fine(codes[2]!));
    const err = await asAt(A, undefined, () => Dishonesty.propose({ creditCode: codes[2]!, category: "tax-evasion", facts: "偷税", basis: [penalty.id] })).catch((e) => e);
    expect(err).toMatchObject({ status: 400, code: "dishonesty.category_not_statutory", details: [{ field: "category", rule: "dishonesty.category_not_statutory" }] });
  });

  test("a listing needs a heavier penalty of the business's own records", async () => {
    const warning = await asAt(A, undefined, () => fine(codes[6]!, "warning"));
    await expect(asAt(A, undefined, () => Dishonesty.propose({ creditCode: codes[6]!, category: "samr-food-safety", facts: "警告", basis: [warning.id] }))).rejects.toMatchObject({
      status: 400,
      details: [{ field: "basis" }],
    });
    await expect(asAt(A, undefined, () => Dishonesty.propose({ creditCode: codes[6]!, category: "samr-food-safety", facts: "无据", basis: ["pen_01KBDW1T2B3C4D5E6F7G8H9J0K"] }))).rejects.toMatchObject({
      status: 400,
      details: [{ field: "basis.0" }],
    });
  });

  test("listing before the notice window ends is refused; a statement must be answered", async () => {
    const code = codes[5]!;
    const penalty = await asAt(A, undefined, () => fine(code));
    const proposed = await asAt(A, undefined, () => Dishonesty.propose({ creditCode: code, category: "samr-food-safety", facts: "情节严重", basis: [penalty.id] }));
    // Not before the notice.
    await expect(asAt(A, undefined, () => Dishonesty.enter(proposed.id, { version: 1 }))).rejects.toMatchObject({ status: 409, code: "dishonesty.step_not_allowed" });
    const notified = await asAt(A, undefined, () => Dishonesty.notify(proposed.id, { version: 1, text: "告知书" }));
    const due = Date.parse(notified.notice!.dueAt);
    await expect(asAt(A, due - 60_000, () => Dishonesty.enter(proposed.id, { version: notified.version }))).rejects.toMatchObject({
      status: 409,
      code: "dishonesty.notice_window_open",
    });
    const stated = await asAt(A, due - 60_000, () => Dishonesty.statement(proposed.id, { version: notified.version, text: "已召回全部产品" }));
    await expect(asAt(A, due + 60_000, () => Dishonesty.statement(proposed.id, { version: stated.version, text: "迟到的陈述" }))).rejects.toMatchObject({ status: 409 });
    await expect(asAt(A, due + 60_000, () => Dishonesty.enter(proposed.id, { version: stated.version }))).rejects.toMatchObject({ status: 400, details: [{ field: "reply" }] });
    const listed = await asAt(A, due + 60_000, () => Dishonesty.enter(proposed.id, { version: stated.version, reply: "召回不影响违法事实的认定" }));
    expect(listed.state).toBe("listed");
    await purge();
  });
});

describe("expiry", () => {
  test("a listing past its window reads as expired at once, and the job removes it and tells the platform", async () => {
    const code = codes[4]!;
    const penalty = await asAt(A, undefined, () => fine(code));
    const listAt = T0 + 10 * DAY;
    const listed = await listBusiness(A, code, penalty.id, listAt);
    await purge();
    const end = Date.parse(listed.expiresAt!);
    // The day before: still listed; the job does nothing.
    expect((await asAt(A, end - DAY, () => Dishonesty.fromID(listed.id))).effectiveState).toBe("listed");
    expect((await runDishonestyExpiry({ now: () => new Date(end - DAY), tenants: [A] })).failures).toEqual([]);
    expect((await asAt(A, end - DAY, () => Dishonesty.fromID(listed.id))).state).toBe("listed");
    // After the end: expired at read time, before any job ran.
    const read = await asAt(A, end + DAY, () => Dishonesty.fromID(listed.id));
    expect(read).toMatchObject({ state: "listed", effectiveState: "expired", next: ["expire"] });
    const page = await asAt(A, end + DAY, () => Dishonesty.list({ state: "expired" }));
    expect(page.items.map((i) => i.id)).toContain(listed.id);
    // The job removes it (and any other listing of A that ended by then), once.
    expect(await runDishonestyExpiry({ now: () => new Date(end + DAY), tenants: [A] })).toMatchObject({ expired: expect.any(Number), failures: [] });
    expect(await runDishonestyExpiry({ now: () => new Date(end + DAY), tenants: [A] })).toEqual({ expired: 0, failures: [] });
    expect(await asAt(A, end + DAY, () => Dishonesty.fromID(listed.id))).toMatchObject({ state: "expired", removalReason: "expired", removedAt: listed.expiresAt });
    const removed = (await platformMessages()).map((m) => JSON.parse(m.Body!).payload).find((p) => p.listing.id === listed.id);
    expect(removed).toMatchObject({ event: "removed", sequence: 2, listing: { removalReason: "expired" } });
    expect((await asAt(A, end + DAY, () => Business.fromCode(code))).grade).not.toBe("D");
    await purge();
  });
});

describe("the receiver is down", () => {
  test("a failed delivery is retried, dead-lettered, and never dropped: the tenant's admins see it stalled; once back, a retry delivers it", { timeout: 240_000 }, async () => {
    standin.setDown(503);
    const code = codes[7]!;
    const penalty = await asAt(A, undefined, () => fine(code));
    const listed = await listBusiness(A, code, penalty.id, T0 + 10 * DAY);
    // SQS retries it (the local event source, as the Lambda's), then moves it to the dead-letter queue.
    const poller = startPoller("credit-platform", consumer(), { waitSeconds: 1, retryDelaySeconds: 0 });
    const dead = await waitFor(
      () => asSystem(() => Queue.listDeadLetters(["credit-platform"])),
      (l) => l.some((d) => d.type === "dishonesty.platform_notified"),
      60_000,
    ).finally(() => poller.stop());
    expect(dead[0]!.receiveCount).toBeGreaterThanOrEqual(1);
    expect(standin.received().some((r) => r.message.listing.id === listed.id)).toBe(false);

    // Unconsumed, the outbox resends it until it stalls: shown to the tenant's admins and on the listing.
    const sweepAt = (ms: number) => withContext({ actor: { type: "system", reason: "test" }, requestId: "test", locale: "zh-CN", now: () => new Date(ms) }, () => Outbox.sweep());
    // The change was committed at the listing's (test) time: the resends follow from there.
    let now = T0 + 10 * DAY;
    for (let i = 0; i < 10; i++) {
      now += 10 * 60_000;
      await sweepAt(now);
      if ((await asAt(A, undefined, () => Outbox.stalled())).items.some((s) => s.target?.id === listed.id)) break;
    }
    const stalled = (await asAt(A, undefined, () => Outbox.stalled())).items.find((s) => s.target?.id === listed.id);
    expect(stalled).toMatchObject({ type: "dishonesty.platform_notified", queue: "credit-platform", target: { type: "dishonestListing", id: listed.id } });
    expect((await asAt(A, undefined, () => Dishonesty.fromID(listed.id))).stalled.map((s) => s.id)).toEqual([stalled!.id]);
    // Another tenant sees none of it.
    expect((await asAt(B, undefined, () => Outbox.stalled())).items).toEqual([]);

    // The platform is back: the admin retries, the sweeper sends, the consumer delivers.
    standin.setUp();
    await purge();
    await asAt(A, undefined, () => Outbox.retry(stalled!.id));
    await asSystem(() => Outbox.sweep());
    const [again] = await platformMessages(true);
    expect(await deliverTo([again!])).toEqual({ batchItemFailures: [] });
    expect(standin.received().filter((r) => r.message.listing.id === listed.id)).toHaveLength(1);
    expect((await asAt(A, undefined, () => Dishonesty.fromID(listed.id))).stalled).toEqual([]);
  });
});

describe("another tenant", () => {
  test("cannot see or act on a listing", async () => {
    const mine = (await asAt(A, undefined, () => Dishonesty.list())).items[0]!;
    await expect(asAt(B, undefined, () => Dishonesty.fromID(mine.id))).rejects.toMatchObject({ status: 404 });
    await expect(asAt(B, undefined, () => Dishonesty.notify(mine.id, { version: mine.version, text: "越权" }))).rejects.toMatchObject({ status: 404 });
    await expect(asAt(B, undefined, () => Dishonesty.decideRepair(mine.id, { version: mine.version, approve: true, reason: "越权" }))).rejects.toMatchObject({ status: 404 });
    expect((await asAt(B, undefined, () => Dishonesty.list())).items).toEqual([]);
  });
});
