import { createHash } from "node:crypto";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { Disclosure } from "../../packages/core/src/disclosure/index";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { runDisclosureExpiry } from "../../packages/functions/src/jobs/disclosure-expiry";
import { asSystem } from "../support/context";
import { as, asPublic, closeVisit, code, GULOU, SIMING, TAIJIANG } from "./support";

/** 一公开 (issue 13): a closed visit's results are pending with a due date 20
 * working days on; officers of the department publish them (masked); late
 * ones show as late; records leave the public pages when their window ends;
 * another tenant's records are invisible except on the public pages. */

const DUE = "2026-11-30T16:00:00.000Z"; // 2026-11-02 + 20 working days, 24:00 Beijing time
const find = async (id: string, view: "all" | "due-soon" | "late", at: string, opts: Parameters<typeof as>[2] = {}) =>
  (await as(GULOU, () => Disclosure.pending({ view, limit: 200 }), { ...opts, at })).items.find((r) => r.id === id);

beforeAll(async () => {
  for (const t of [GULOU, TAIJIANG, SIMING]) await asSystem(() => Department.seedStandard(), t);
});
afterEach(() => vi.restoreAllMocks());

async function pendingOf(creditCode: string, extra: Partial<Disclosure.PendingInput> = {}) {
  const sourceId = await as(GULOU, () => closeVisit({ creditCode, ...extra }), { at: "2026-11-02T09:00:00Z" });
  const [record] = await as(GULOU, () => Disclosure.forSource(extra.kind ?? "inspection", sourceId), { role: "tenant-admin", at: "2026-11-02T09:00:00Z" });
  return record!;
}

describe("pending publication and its window", () => {
  test("a closed visit is pending, due 20 working days after it on the working-day calendar", async () => {
    const record = await pendingOf(code());
    expect(record).toMatchObject({ status: "pending", dueAt: DUE, beyondCalendar: false, late: false, publicName: "福州𠮷祥食品销售有限公司" });
  });

  test("the dashboard warns before the window closes (due soon) and lists a late one as late", async () => {
    const record = await pendingOf(code());
    expect(await find(record.id, "due-soon", "2026-11-20T02:00:00Z")).toBeUndefined();
    expect(await find(record.id, "due-soon", "2026-11-26T02:00:00Z")).toMatchObject({ dueSoon: true, late: false });
    expect(await find(record.id, "late", "2026-11-26T02:00:00Z")).toBeUndefined();
    expect(await find(record.id, "late", "2026-12-01T02:00:00Z")).toMatchObject({ late: true, dueSoon: false });
    expect(await find(record.id, "due-soon", "2026-12-01T02:00:00Z")).toBeUndefined();
  });

  test("a late publication shows as late and counts against the on-time share; an on-time one counts for it", async () => {
    const before = await as(GULOU, () => Disclosure.yearCounts(2026));
    const late = await pendingOf(code());
    const onTime = await pendingOf(code());
    const published = await as(GULOU, () => Disclosure.publish({ id: late.id, version: 1 }), { at: "2026-12-03T02:00:00Z" });
    expect(published).toMatchObject({ status: "published", late: true });
    await as(GULOU, () => Disclosure.publish({ id: onTime.id, version: 1 }), { at: "2026-11-20T02:00:00Z" });
    const after = await as(GULOU, () => Disclosure.yearCounts(2026));
    expect(after.published - before.published).toBe(2);
    expect(after.publishedOnTime - before.publishedOnTime).toBe(1);
    // Published: off the due lists.
    expect(await find(late.id, "late", "2026-12-04T02:00:00Z")).toBeUndefined();
    // Twice: 409.
    await expect(as(GULOU, () => Disclosure.publish({ id: late.id, version: 2 }))).rejects.toMatchObject({ status: 409, code: "disclosure.already_published" });
  });

  test("an officer sees and publishes only their department's; another department's is not found", async () => {
    const record = await pendingOf(code());
    expect(await find(record.id, "all", "2026-11-03T00:00:00Z", { dept: "health" })).toBeUndefined();
    expect(await find(record.id, "all", "2026-11-03T00:00:00Z")).toBeDefined();
    await expect(as(GULOU, () => Disclosure.publish({ id: record.id, version: 1 }), { dept: "health" })).rejects.toMatchObject({ status: 404 });
    const list = await as(GULOU, () => Disclosure.list({ limit: 200 }), { dept: "health" });
    expect(list.items.some((r) => r.id === record.id)).toBe(false);
  });
});

describe("masking and public search", () => {
  test("a sole trader's name and an ID number are masked on the public pages; the business is found by its credit code, not by the person's name", async () => {
    const cc = code();
    const record = await pendingOf(cc, {
      entityName: "王小明（个体工商户）",
      entityType: "sole-trader",
      results: [{ itemCode: "FJ-SP-003", itemName: "经营者 350102199003071234 健康证明", outcome: "rectify" }],
    });
    expect(record.publicName).toBe("王**（个体工商户）");
    await as(GULOU, () => Disclosure.publish({ id: record.id, version: 1 }), { at: "2026-11-20T02:00:00Z" });
    const at = "2026-11-21T02:00:00Z";
    const byCode = await asPublic(GULOU, () => Disclosure.search({ q: cc.toLowerCase() }), at);
    expect(byCode.items.map((r) => r.id)).toEqual([record.id]);
    expect(byCode.items[0]!.publicName).toBe("王**（个体工商户）");
    const byName = await asPublic(GULOU, () => Disclosure.search({ q: "王小明", limit: 200 }), at);
    expect(byName.items.some((r) => r.id === record.id)).toBe(false);
    const detail = await asPublic(GULOU, () => Disclosure.publicInfo(record.id), at);
    expect(JSON.stringify(detail)).not.toContain("王小明");
    expect(JSON.stringify(detail)).not.toContain("19900307");
    expect(detail.results[0]!.itemName).toContain("350102************");
  });

  test("a sole trader known only to the directory (a penalty names no type, the name has no suffix) is masked when published", async () => {
    const { Business } = await import("../../packages/core/src/business/index");
    const [row] = [...Business.generate({ count: 1, seed: 1313, tenantId: GULOU })];
    const cc = row!.creditCode;
    await as(GULOU, () => Business.importRows([{ ...row!, name: "林𠮷海鲜排档", type: "sole-trader" }]), { role: "tenant-admin" });
    const record = await pendingOf(cc, { kind: "penalty", entityName: "林𠮷海鲜排档", penalty: { decisionNo: "鼓市监罚〔2026〕131号", measure: "fine", amount: 2000, procedure: "ordinary" } });
    const published = await as(GULOU, () => Disclosure.publish({ id: record.id, version: 1 }), { at: "2026-11-20T02:00:00Z" });
    expect(published.publicName).not.toContain("𠮷海鲜");
    expect(published.publicName.startsWith("林")).toBe(true);
    const at = "2026-11-21T02:00:00Z";
    expect((await asPublic(GULOU, () => Disclosure.search({ q: cc }), at)).items.map((r) => r.publicName)).toEqual([published.publicName]);
    expect((await asPublic(GULOU, () => Disclosure.search({ q: "𠮷海鲜", limit: 200 }), at)).items.some((r) => r.id === record.id)).toBe(false);
    expect(JSON.stringify(await asPublic(GULOU, () => Disclosure.publicInfo(record.id), at))).not.toContain("𠮷海鲜");
  });

  test("search by a name with a character beyond U+FFFF reads one token's partition (a Query on its key, never a Scan)", async () => {
    const record = await pendingOf(code(), { entityName: "鼓楼𠮷𪚥茶叶商行有限公司" });
    await as(GULOU, () => Disclosure.publish({ id: record.id, version: 1 }), { at: "2026-11-20T02:00:00Z" });
    const send = vi.spyOn(useDynamo(), "send");
    const found = await asPublic(GULOU, () => Disclosure.search({ q: "𠮷𪚥茶叶" }), "2026-11-21T02:00:00Z");
    expect(found.items.map((r) => r.id)).toContain(record.id);
    const inputs = send.mock.calls.map((c) => (c[0] as { input: Record<string, unknown>; constructor: { name: string } }));
    expect(inputs.map((c) => c.constructor.name)).toEqual(["QueryCommand"]);
    expect(Object.values(inputs[0]!.input.ExpressionAttributeValues as Record<string, unknown>)).toContain(`${GULOU}#disclosure-q#n:𠮷𪚥`);
    await expect(asPublic(GULOU, () => Disclosure.search({ q: "𠮷" }))).rejects.toMatchObject({ status: 400, details: [{ field: "q", rule: "disclosure.query_short" }] });
  });

  test("another tenant's records are invisible to its officers and admins, but on that tenant's public pages for anyone", async () => {
    const cc = code();
    const record = await pendingOf(cc);
    await as(GULOU, () => Disclosure.publish({ id: record.id, version: 1 }), { at: "2026-11-20T02:00:00Z" });
    await expect(as(SIMING, () => Disclosure.fromID(record.id), { role: "tenant-admin" })).rejects.toMatchObject({ status: 404 });
    expect((await as(SIMING, () => Disclosure.list({ limit: 200 }), { role: "tenant-admin" })).items.some((r) => r.id === record.id)).toBe(false);
    expect((await asPublic(SIMING, () => Disclosure.search({ q: cc }))).items).toEqual([]);
    expect((await asPublic(GULOU, () => Disclosure.search({ q: cc }), "2026-11-21T00:00:00Z")).items.map((r) => r.id)).toEqual([record.id]);
  });
});

describe("penalties: published for their window, warnings never", () => {
  const penalty = (measure: string, procedure: "ordinary" | "summary" = "ordinary") => ({ kind: "penalty" as const, penalty: { decisionNo: "鼓市监罚〔2026〕88号", measure, amount: 5000, procedure } });

  test("a warning and a summary-procedure penalty make nothing pending", async () => {
    expect(await as(GULOU, async () => Disclosure.pendingFor({ sourceId: "pen_X", creditCode: code(), entityName: "某公司", bodies: [], occurredOn: "2026-11-02", ...penalty("warning") }))).toEqual([]);
    expect(await as(GULOU, async () => Disclosure.pendingFor({ sourceId: "pen_Y", creditCode: code(), entityName: "某公司", bodies: [], occurredOn: "2026-11-02", ...penalty("fine", "summary") }))).toEqual([]);
    expect(await as(GULOU, async () => Disclosure.pendingFor({ sourceId: "pen_Z", creditCode: code(), entityName: "某公司", bodies: [], occurredOn: "2026-11-02", ...penalty("fine") }))).toHaveLength(2);
  });

  test("the window is 3 months to 3 years, at least a year for special equipment, work safety and fire: outside it, a 400 naming windowMonths", async () => {
    const record = await pendingOf(code(), penalty("fine"));
    for (const [category, months] of [["general", 2], ["general", 37], ["special-equipment", 6], ["fire", 11]] as const) {
      await expect(as(GULOU, () => Disclosure.publish({ id: record.id, version: 1, category, windowMonths: months }))).rejects.toMatchObject({
        status: 400,
        details: [{ field: "windowMonths", rule: "disclosure.window_range" }],
      });
    }
    const inspection = await pendingOf(code());
    await expect(as(GULOU, () => Disclosure.publish({ id: inspection.id, version: 1, windowMonths: 12 }))).rejects.toMatchObject({ status: 400, details: [{ field: "windowMonths" }] });
    const published = await as(GULOU, () => Disclosure.publish({ id: record.id, version: 1, category: "work-safety", windowMonths: 12 }), { at: "2026-11-20T02:00:00Z" });
    expect(published).toMatchObject({ windowMonths: 12, visibleUntil: "2027-11-20T16:00:00.000Z", penalty: { category: "work-safety" } });
  });
});

describe("leaving the public pages when the window ends", () => {
  test("past visibleUntil the record is filtered out on read at once, and the job removes its rows and marks it expired", async () => {
    const cc = code();
    const record = await pendingOf(cc, { kind: "penalty", penalty: { decisionNo: "鼓市监罚〔2026〕99号", measure: "fine", amount: 1000, procedure: "ordinary" } });
    await as(GULOU, () => Disclosure.publish({ id: record.id, version: 1, windowMonths: 3 }), { at: "2026-11-20T02:00:00Z" });
    const inWindow = "2027-02-20T15:00:00Z";
    const after = "2027-02-21T01:00:00Z";
    expect((await asPublic(GULOU, () => Disclosure.search({ q: cc }), inWindow)).items).toHaveLength(1);
    // The read-time filter: gone from search and detail before any job ran.
    expect((await asPublic(GULOU, () => Disclosure.search({ q: cc }), after)).items).toEqual([]);
    await expect(asPublic(GULOU, () => Disclosure.publicInfo(record.id), after)).rejects.toMatchObject({ status: 404 });
    // The job: rows deleted (read without any filter) and the record expired, with one audit event.
    // Through the job's own entry (its Cron's policy answers for its requests: tests/security/iam.recorded).
    const job = await runDisclosureExpiry({ now: () => new Date(after), tenants: [GULOU] });
    expect(job).toMatchObject({ failures: [] });
    expect(job.expired).toBeGreaterThanOrEqual(1);
    const { DisclosureSearchEntity } = await import("../../packages/core/src/disclosure/disclosure.entity");
    const rows = await DisclosureSearchEntity.query.byToken({ tenantId: GULOU, token: `cc:${cc}` }).go();
    expect(rows.data).toEqual([]);
    expect(await as(GULOU, () => Disclosure.fromID(record.id), { role: "tenant-admin" })).toMatchObject({ status: "expired" });
    // The job leaves a record whose window has not ended alone.
    const live = await pendingOf(code());
    await as(GULOU, () => Disclosure.publish({ id: live.id, version: 1 }), { at: "2026-11-20T02:00:00Z" });
    await asPublic(GULOU, () => Disclosure.expire(), after);
    expect(await as(GULOU, () => Disclosure.fromID(live.id), { role: "tenant-admin" })).toMatchObject({ status: "published" });
  });
});

describe("right to reply (UK FHRS model, 21 days)", () => {
  const file = (text: string) => ({ name: "整改报告.txt", type: "text/plain", contentBase64: Buffer.from(text).toString("base64"), sha256: createHash("sha256").update(text).digest("hex") });

  async function published(cc = code()) {
    const record = await pendingOf(cc);
    await as(GULOU, () => Disclosure.publish({ id: record.id, version: 1 }), { at: "2026-11-20T02:00:00Z" });
    return { record, cc };
  }

  test("the business objects within the window with hashed evidence; the body answers in time; the correction is published with the record", async () => {
    const { record, cc } = await published();
    const before = await as(GULOU, () => Disclosure.yearCounts(2026));
    const made = await asPublic(GULOU, () => Disclosure.object({ id: record.id, creditCode: cc, text: "整改已于检查次日完成，公示未反映", evidence: [file("整改完成")] }), "2026-12-01T02:00:00Z");
    expect(made.answerDueAt).toBe("2026-12-15T16:00:00.000Z"); // 10 working days
    const inbox = await as(GULOU, () => Disclosure.objections({ status: "open", limit: 200 }));
    const objection = inbox.items.find((o) => o.id === made.id)!;
    expect(objection).toMatchObject({ disclosureId: record.id, evidence: [{ name: "整改报告.txt", size: 12 }], overdue: false });
    // Another department's officer does not see it.
    expect((await as(GULOU, () => Disclosure.objections({ limit: 200 }), { dept: "health" })).items.some((o) => o.id === made.id)).toBe(false);
    const f = await as(GULOU, () => Disclosure.objectionFile({ id: made.id, sha256: objection.evidence[0]!.sha256 }));
    expect(f.bytes.toString()).toBe("整改完成");
    await expect(as(GULOU, () => Disclosure.answer({ id: made.id, version: 1, upheld: true, text: "属实" }))).rejects.toMatchObject({ status: 400, details: [{ field: "correction" }] });
    const answered = await as(GULOU, () => Disclosure.answer({ id: made.id, version: 1, upheld: true, text: "经核实属实", correction: "该主体已于检查次日完成整改，复查合格" }), { at: "2026-12-05T02:00:00Z" });
    expect(answered).toMatchObject({ status: "answered", answer: { upheld: true, late: false } });
    const detail = await asPublic(GULOU, () => Disclosure.publicInfo(record.id), "2026-12-06T02:00:00Z");
    expect(detail.corrections).toEqual([{ objectionId: made.id, text: "该主体已于检查次日完成整改，复查合格", at: "2026-12-05T02:00:00.000Z" }]);
    expect((await asPublic(GULOU, () => Disclosure.search({ q: cc }), "2026-12-06T02:00:00Z")).items[0]).toMatchObject({ corrected: true });
    const after = await as(GULOU, () => Disclosure.yearCounts(2026));
    expect(after.objections - before.objections).toBe(1);
    expect(after.answeredOnTime - before.answeredOnTime).toBe(1);
    await expect(as(GULOU, () => Disclosure.answer({ id: made.id, version: 2, upheld: false, text: "再答" }))).rejects.toMatchObject({ status: 409, code: "disclosure.objection_answered" });
  });

  test("an objection past its window is refused with a 409 naming the window", async () => {
    const { record, cc } = await published();
    const err = await asPublic(GULOU, () => Disclosure.object({ id: record.id, creditCode: cc, text: "公示内容有误，请更正" }), "2026-12-12T02:00:00Z").catch((e) => e);
    expect(err).toMatchObject({ status: 409, code: "disclosure.objection_window_closed", params: { days: 21, until: "2026-12-11" }, details: [{ field: "objectionUntil" }] });
  });

  test("a file whose hash does not match, or a wrong credit code, is a 400 naming the field; a late answer counts as late", async () => {
    const { record, cc } = await published();
    const bad = { ...file("整改完成"), sha256: "0".repeat(64) };
    await expect(asPublic(GULOU, () => Disclosure.object({ id: record.id, creditCode: cc, text: "公示内容有误，请更正", evidence: [bad] }), "2026-11-25T02:00:00Z")).rejects.toMatchObject({
      status: 400,
      details: [{ field: "evidence.0.sha256", rule: "disclosure.evidence_hash" }],
    });
    await expect(asPublic(GULOU, () => Disclosure.object({ id: record.id, creditCode: code(), text: "公示内容有误，请更正" }), "2026-11-25T02:00:00Z")).rejects.toMatchObject({
      status: 400,
      details: [{ field: "creditCode" }],
    });
    const made = await asPublic(GULOU, () => Disclosure.object({ id: record.id, creditCode: cc, text: "公示内容有误，请更正" }), "2026-11-25T02:00:00Z");
    const before = await as(GULOU, () => Disclosure.yearCounts(2026));
    const overdue = (await as(GULOU, () => Disclosure.objections({ limit: 200 }), { at: "2027-01-05T02:00:00Z" })).items.find((o) => o.id === made.id);
    expect(overdue).toMatchObject({ overdue: true });
    const answered = await as(GULOU, () => Disclosure.answer({ id: made.id, version: 1, upheld: false, text: "经核实，公示内容无误" }), { at: "2027-01-05T02:00:00Z" });
    expect(answered.answer).toMatchObject({ late: true, upheld: false });
    const after = await as(GULOU, () => Disclosure.yearCounts(2026));
    expect([after.answered - before.answered, after.answeredOnTime - before.answeredOnTime]).toEqual([1, 0]);
  });
});
