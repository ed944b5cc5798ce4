import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Clock } from "../../packages/core/src/clock";
import { Department } from "../../packages/core/src/department/index";
import { JudicialRequest } from "../../packages/core/src/referral/judicial-request";
import { Referral } from "../../packages/core/src/referral/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";
import { as } from "../recognition/support";

const GULOU = "350102";
const SIMING = "350203";
const DAY = 86_400_000;

const police = Department.standardId(GULOU, "public-security");
const market = Department.standardId(GULOU, "market");
const housing = Department.standardId(GULOU, "housing");
let procuratorate: string;
let otherPolice: string;

const asOfficer = <T>(fn: () => Promise<T>) => as(GULOU, "officer", fn, market);
const asHead = <T>(fn: () => Promise<T>) => as(GULOU, "tenant-admin", fn, Department.standardId(GULOU, "supervision-office"));
const asPolice = <T>(fn: () => Promise<T>) => as(GULOU, "judicial", fn, police);
const asProcurator = <T>(fn: () => Promise<T>) => as(GULOU, "judicial", fn, procuratorate);
const asOtherPolice = <T>(fn: () => Promise<T>) => as(GULOU, "judicial", fn, otherPolice);

const hash = (c: string) => c.repeat(64);
const input = (title = "某食品公司涉嫌生产销售不符合安全标准的食品案") => ({
  title,
  suspectedOffence: "生产、销售不符合安全标准的食品罪",
  facts: "抽检发现熟肉制品菌落总数严重超标。",
  team: [
    { name: "陈静", badgeNo: "FJ35010201" },
    { name: "林强", badgeNo: "FJ35010202" },
  ],
  evidence: [
    { name: "检验报告", kind: "document" as const, sha256: hash("a") },
    { name: "现场照片", kind: "photo" as const, sha256: hash("b") },
  ],
});

let api: TestApi;
beforeAll(async () => {
  for (const t of [GULOU, SIMING]) await asSystem(() => Department.seedStandard(), t);
  // Organs are set up by the province's configuration (the platform itself), never by a tenant admin.
  procuratorate = (await asSystem(() => Department.create({ name: "鼓楼区人民检察院", type: "procuratorate" }), GULOU)).id;
  otherPolice = (await asSystem(() => Department.create({ name: "鼓楼公安分局经侦大队", type: "public-security" }), GULOU)).id;
  api = await startTestApi();
});
afterAll(() => api.stop());
afterEach(() => Clock.reset());

async function toPolice(title?: string) {
  let r = await asOfficer(() => Referral.open(input(title)));
  r = await asHead(() => Referral.decide({ id: r.id, version: r.version, approve: true, reason: "涉嫌犯罪，同意移送" }));
  return asOfficer(() => Referral.transfer({ id: r.id, version: r.version, note: "移送书已送达" }));
}

describe("opening a transfer", () => {
  test("needs a team of at least 2 officers and evidence with content hashes", async () => {
    const opened = await asOfficer(() => Referral.open(input()));
    expect(opened).toMatchObject({ state: "reported", openStep: { step: "headDecision", by: "head", overdue: false }, version: 1 });
    expect(opened.evidence.map((e) => e.sha256)).toEqual([hash("a"), hash("b")]);
    await expect(asOfficer(() => Referral.open({ ...input(), team: [input().team[0]!] }))).rejects.toMatchObject({ code: "referral.team_too_small", status: 400, params: { min: 2 } });
    // The same officer twice is one officer.
    await expect(asOfficer(() => Referral.open({ ...input(), team: [input().team[0]!, { ...input().team[0]!, name: "陈静（重复）" }] }))).rejects.toMatchObject({
      code: "referral.team_too_small",
    });
    await expect(asOfficer(() => Referral.open({ ...input(), evidence: [{ name: "照片", kind: "photo", sha256: "not-a-hash" }] }))).rejects.toMatchObject({ name: "ZodError" });
    await expect(asOfficer(() => Referral.open({ ...input(), evidence: [] }))).rejects.toMatchObject({ name: "ZodError" });
  });
});

describe("the whole path, each step by whom it is owed", () => {
  test("officer opens, head decides, officer transfers, police refuse, procuratorate asks, police explain", async () => {
    let r = await asOfficer(() => Referral.open(input("完整流程案")));
    // An officer is not the head; the police have nothing yet.
    await expect(asOfficer(() => Referral.decide({ id: r.id, version: r.version, approve: true, reason: "同意移送" }))).rejects.toMatchObject({ code: "referral.not_allowed", status: 403 });
    await expect(asPolice(() => Referral.fromID(r.id))).rejects.toMatchObject({ status: 404 });
    expect((await asPolice(() => Referral.list())).items.map((x) => x.id)).not.toContain(r.id);
    // Not yet approved: no transfer.
    await expect(asOfficer(() => Referral.transfer({ id: r.id, version: r.version, note: "提前移送" }))).rejects.toMatchObject({ code: "referral.invalid_transition", status: 409 });

    r = await asHead(() => Referral.decide({ id: r.id, version: r.version, approve: true, reason: "涉嫌犯罪，同意移送" }));
    expect(r).toMatchObject({ state: "approved", openStep: { step: "transfer", by: "officer" } });
    expect(Date.parse(r.openStep!.dueAt!) - Date.parse(r.openStep!.startedAt)).toBe(DAY);
    // Only a police department receives a transfer.
    await expect(asOfficer(() => Referral.transfer({ id: r.id, version: r.version, policeDepartmentId: market, note: "误送" }))).rejects.toMatchObject({ code: "referral.not_police" });
    r = await asOfficer(() => Referral.transfer({ id: r.id, version: r.version, note: "移送书及证据材料已送达" }));
    expect(r).toMatchObject({ state: "transferred", policeDepartmentId: police, openStep: { step: "policeDecision", by: "police" } });

    // Addressed to this police department: it sees it; another police department and the procuratorate do not.
    expect((await asPolice(() => Referral.list())).items.map((x) => x.id)).toContain(r.id);
    expect((await asOtherPolice(() => Referral.list())).items.map((x) => x.id)).not.toContain(r.id);
    await expect(asOtherPolice(() => Referral.policeDecision({ id: r.id, version: r.version, openCase: true, reason: "立案" }))).rejects.toMatchObject({ status: 404 });
    await expect(asProcurator(() => Referral.fromID(r.id))).rejects.toMatchObject({ status: 404 });

    r = await asPolice(() => Referral.policeDecision({ id: r.id, version: r.version, openCase: false, reason: "证据不足，不予立案" }));
    expect(r).toMatchObject({ state: "refused", openStep: undefined });
    await expect(asOfficer(() => Referral.requestSupervision({ id: r.id, version: r.version, procuratorateDepartmentId: police, note: "提请监督" }))).rejects.toMatchObject({
      code: "referral.not_procuratorate",
    });
    r = await asOfficer(() => Referral.requestSupervision({ id: r.id, version: r.version, procuratorateDepartmentId: procuratorate, note: "不立案理由不成立，提请立案监督" }));
    expect(r).toMatchObject({ state: "supervision-requested", openStep: { step: "procuratorateReview", by: "procuratorate" } });
    expect(r.openStep!.dueAt).toBeUndefined();
    // The police cannot ask themselves to explain.
    await expect(asPolice(() => Referral.requestExplanation({ id: r.id, version: r.version, note: "请说明" }))).rejects.toMatchObject({ code: "referral.not_allowed" });
    expect((await asProcurator(() => Referral.list())).items.map((x) => x.id)).toEqual([r.id]);
    r = await asProcurator(() => Referral.requestExplanation({ id: r.id, version: r.version, note: "请于7日内书面说明不立案理由" }));
    expect(r).toMatchObject({ state: "explanation-requested", openStep: { step: "explanation", by: "police" } });
    r = await asPolice(() => Referral.explain({ id: r.id, version: r.version, explanation: "涉案金额未达立案标准" }));
    expect(r.state).toBe("explained");
    expect(r.openStep).toBeUndefined();
    expect(r.steps.map((s) => [s.step, s.action])).toEqual([
      ["headDecision", "approve"],
      ["transfer", "transfer"],
      ["policeDecision", "refuse"],
      ["procuratorateReview", "request-explanation"],
      ["explanation", "explain"],
    ]);
    // Terminal.
    await expect(asPolice(() => Referral.explain({ id: r.id, version: r.version, explanation: "再次说明" }))).rejects.toMatchObject({ code: "referral.invalid_transition" });
    const trail = await asHead(async () => (await Audit.list({ limit: 100 })).items.filter((e) => e.target.id === r.id).map((e) => e.action));
    expect(trail.reverse()).toEqual(["referral.open", "referral.approve", "referral.transfer", "referral.refuse", "referral.request-supervision", "referral.request-explanation", "referral.explain"]);
  });

  test("the head may decide not to transfer: the case ends there", async () => {
    const r = await asOfficer(() => Referral.open(input("不移送案")));
    const decided = await asHead(() => Referral.decide({ id: r.id, version: 1, approve: false, reason: "情节显著轻微，不构成犯罪" }));
    expect(decided).toMatchObject({ state: "not-transferred", openStep: undefined });
    expect((await asHead(() => Referral.overdueSteps())).items.map((i) => i.referralId)).not.toContain(r.id);
  });

  test("another tenant sees nothing of it", async () => {
    const r = await asOfficer(() => Referral.open(input("隔离案")));
    await expect(as(SIMING, "tenant-admin", () => Referral.fromID(r.id))).rejects.toMatchObject({ status: 404 });
    await expect(as(SIMING, "tenant-admin", () => Referral.decide({ id: r.id, version: 1, approve: true, reason: "越权决定" }))).rejects.toMatchObject({ status: 404 });
    expect((await as(SIMING, "tenant-admin", () => Referral.list())).items.map((x) => x.id)).not.toContain(r.id);
  });
});

describe("optimistic versioning", () => {
  test("two concurrent decisions on one version: one succeeds, the other gets 409", async () => {
    const r = await asOfficer(() => Referral.open(input("并发决定案")));
    const results = await Promise.allSettled([
      asHead(() => Referral.decide({ id: r.id, version: 1, approve: true, reason: "同意移送" })),
      asHead(() => Referral.decide({ id: r.id, version: 1, approve: false, reason: "不予移送" })),
    ]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((x): x is PromiseRejectedResult => x.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ status: 409 });
    const now = await asHead(() => Referral.fromID(r.id));
    expect(now.version).toBe(2);
    expect(now.steps[0]!.doneAt).toBeDefined();
    // A stale version is refused too.
    await expect(asOfficer(() => Referral.transfer({ id: r.id, version: 1, note: "过期版本" }))).rejects.toMatchObject({ status: 409 });
  });
});

describe("overdue steps", () => {
  test("found after the clock runs out, in the tenant's due-time index; gone once the step is taken", async () => {
    const late = await asOfficer(() => Referral.open(input("逾期未决定案")));
    const onTime = await asOfficer(() => Referral.open(input("按时决定案")));
    await asHead(() => Referral.decide({ id: onTime.id, version: 1, approve: true, reason: "同意移送" }));
    const before = await asHead(() => Referral.overdueSteps());
    expect(before.items.map((i) => i.referralId)).not.toContain(late.id);

    Clock.advance(4 * DAY);
    const after = await asHead(() => Referral.overdueSteps());
    const item = after.items.find((i) => i.referralId === late.id);
    expect(item).toMatchObject({ kind: "referral", step: "headDecision", by: "head", title: "逾期未决定案", dueAt: late.openStep!.dueAt });
    expect(item!.overdueMs).toBeGreaterThan(0);
    // The approved one's 24-hour transfer clock ran out too.
    expect(after.items.find((i) => i.referralId === onTime.id)).toMatchObject({ step: "transfer", by: "officer" });
    expect(after.count).toBe(after.items.length);
    expect((await asHead(() => Referral.fromID(late.id))).openStep).toMatchObject({ overdue: true });
    // Another tenant's overdue steps are its own.
    expect((await as(SIMING, "tenant-admin", () => Referral.overdueSteps())).items.map((i) => i.referralId)).not.toContain(late.id);

    // Decided late: the clock stops, the step stays marked late.
    const decided = await asHead(() => Referral.decide({ id: late.id, version: 1, approve: true, reason: "同意移送（逾期）" }));
    expect(decided.steps[0]).toMatchObject({ step: "headDecision", overdue: true });
    expect(decided.openStep).toMatchObject({ step: "transfer", overdue: false });
    const later = await asHead(() => Referral.overdueSteps());
    expect(later.items.filter((i) => i.referralId === late.id)).toEqual([]);
  });

  test("the police decision clock: 3 days from receipt", async () => {
    const r = await toPolice("公安逾期案");
    expect(r.openStep!.step).toBe("policeDecision");
    Clock.advance(2 * DAY);
    expect((await asHead(() => Referral.overdueSteps())).items.map((i) => i.referralId)).not.toContain(r.id);
    Clock.advance(2 * DAY);
    const overdue = (await asHead(() => Referral.overdueSteps())).items.find((i) => i.referralId === r.id);
    expect(overdue).toMatchObject({ step: "policeDecision", by: "police", departmentId: police });
  });
});

describe("requests from judicial organs (反向衔接)", () => {
  test("created by a judicial user, seen by its department and the addressed one only, answered, on a clock", async () => {
    const r = await toPolice("反向请求关联案");
    const request = await asPolice(() =>
      JudicialRequest.create({ kind: "appraisal", toDepartmentId: market, referralId: r.id, subject: "涉案熟肉制品 120 公斤", details: "请出具检验鉴定意见" }),
    );
    expect(request).toMatchObject({ organ: "police", fromDepartmentId: police, toDepartmentId: market, status: "open", overdue: false });
    // The procuratorate may not attach a request to a referral never addressed to it.
    await expect(asProcurator(() => JudicialRequest.create({ kind: "custody", toDepartmentId: market, referralId: r.id, subject: "扣押物品", details: "请保管" }))).rejects.toMatchObject({
      status: 404,
    });
    // Only judicial organs create them.
    await expect(as(GULOU, "judicial", () => JudicialRequest.create({ kind: "custody", toDepartmentId: market, subject: "扣押物品", details: "请保管" }), housing)).rejects.toMatchObject({
      code: "referral.not_judicial_organ",
      status: 403,
    });
    const ids = async (fn: () => Promise<{ items: JudicialRequest.Info[] }>) => (await fn()).items.map((x) => x.id);
    expect(await asOfficer(() => ids(JudicialRequest.list))).toContain(request.id);
    expect(await as(GULOU, "officer", () => ids(JudicialRequest.list), housing)).not.toContain(request.id);
    expect(await asProcurator(() => ids(JudicialRequest.list))).not.toContain(request.id);
    expect(await asPolice(() => ids(JudicialRequest.list))).toContain(request.id);
    await expect(as(GULOU, "officer", () => JudicialRequest.fromID(request.id), housing)).rejects.toMatchObject({ status: 404 });

    Clock.advance(8 * DAY);
    const overdue = (await asHead(() => Referral.overdueSteps())).items.find((i) => i.requestId === request.id);
    expect(overdue).toMatchObject({ kind: "judicial-request", referralId: r.id, step: "judicialRequest", departmentId: market });
    // The police ask; they do not answer their own request.
    await expect(asPolice(() => JudicialRequest.answer({ id: request.id, version: 1, answer: "自行答复" }))).rejects.toMatchObject({ status: 403 });
    const answered = await asOfficer(() => JudicialRequest.answer({ id: request.id, version: 1, answer: "已委托省食品检验所检验，报告随附" }));
    expect(answered).toMatchObject({ status: "answered", overdue: true });
    expect((await asHead(() => Referral.overdueSteps())).items.find((i) => i.requestId === request.id)).toBeUndefined();
    await expect(asOfficer(() => JudicialRequest.answer({ id: request.id, version: 2, answer: "再次答复" }))).rejects.toMatchObject({ code: "referral.request_answered" });
  });
});

describe("over HTTP", () => {
  test("a judicial user's token names their department; they see and answer only what is addressed to them", async () => {
    const r = await toPolice("接口案");
    const policeToken = await api.tokenFor(GULOU, "judicial", { department_id: police });
    const procToken = await api.tokenFor(GULOU, "judicial", { department_id: procuratorate });
    const list = await api.call("GET", "/referrals", { token: policeToken });
    expect(list.status).toBe(200);
    expect(list.json.items.map((x: any) => x.id)).toContain(r.id);
    expect((await api.call("GET", "/referrals", { token: procToken })).json.items.map((x: any) => x.id)).not.toContain(r.id);
    expect((await api.call("GET", `/referrals/${r.id}`, { token: procToken })).status).toBe(404);
    const stale = await api.call("POST", `/referrals/${r.id}/police-decision`, { token: policeToken, body: { version: 1, openCase: true, reason: "决定立案侦查" } });
    expect(stale.status).toBe(409);
    const ok = await api.call("POST", `/referrals/${r.id}/police-decision`, { token: policeToken, body: { version: r.version, openCase: true, reason: "决定立案侦查" } });
    expect(ok.status).toBe(200);
    expect(ok.json.state).toBe("case-opened");
    const officer = await api.tokenFor(GULOU, "officer");
    const small = await api.call("POST", "/referrals", { token: officer, body: { ...input(), team: [input().team[0]] }, headers: { "accept-language": "en" } });
    expect(small.status).toBe(400);
    expect(small.json.error.details[0]).toMatchObject({ field: "team", rule: "too_small" });
    expect(small.json.error.message).toContain("at least 2 officers");
  });
});

describe("departments own their cases (issue 11 §3)", () => {
  const asHousing = <T>(fn: () => Promise<T>) => as(GULOU, "officer", fn, housing);
  test("an officer of another department neither lists, reads nor acts on a case; the head and auditors oversee", async () => {
    const r = await asOfficer(() => Referral.open(input("部门隔离案")));
    expect(r.departmentId).toBe(market);
    expect((await asHousing(() => Referral.list({ limit: 200 }))).items.map((x) => x.id)).not.toContain(r.id);
    await expect(asHousing(() => Referral.fromID(r.id))).rejects.toMatchObject({ status: 404 });
    const approved = await asHead(() => Referral.decide({ id: r.id, version: 1, approve: true, reason: "同意移送" }));
    await expect(asHousing(() => Referral.transfer({ id: r.id, version: approved.version, note: "越权移送" }))).rejects.toMatchObject({ status: 404 });
    // An officer with no department in the token owns nothing.
    await expect(as(GULOU, "officer", () => Referral.fromID(r.id), "")).rejects.toMatchObject({ status: 404 });
    expect((await asOfficer(() => Referral.list({ limit: 200 }))).items.map((x) => x.id)).toContain(r.id);
    expect((await asHead(() => Referral.list({ limit: 200 }))).items.map((x) => x.id)).toContain(r.id);
    expect((await as(GULOU, "auditor", () => Referral.list({ limit: 200 }))).items.map((x) => x.id)).toContain(r.id);
    expect((await as(GULOU, "auditor", () => Referral.fromID(r.id))).facts).toBe(input().facts);
    const moved = await asOfficer(() => Referral.transfer({ id: r.id, version: approved.version, note: "移送书已送达" }));
    expect(moved.state).toBe("transferred");
  });

  test("over HTTP: another department's officer gets 404 and its list shows nothing of the case", async () => {
    const r = await asOfficer(() => Referral.open(input("接口部门隔离案")));
    const other = await api.tokenFor(GULOU, "officer", { department_id: housing });
    const list = await api.call("GET", "/referrals?limit=200", { token: other });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(r.id);
    expect(list.text).not.toContain(input().facts);
    const one = await api.call("GET", `/referrals/${r.id}`, { token: other });
    expect(one.status).toBe(404);
    expect(one.text).not.toContain(input().facts);
  });
});

describe("overdue lists are department-scoped (issue 11 §3)", () => {
  const asHousing = <T>(fn: () => Promise<T>) => as(GULOU, "officer", fn, housing);
  const overdueIds = async (fn: () => Promise<{ items: Referral.OverdueItem[] }>) => (await fn()).items.map((i) => i.requestId ?? i.referralId);
  test("an officer sees the overdue steps of their department's referrals and of the requests addressed to it; a liaison what its organ owes; the head everything", async () => {
    const mine = await asOfficer(() => Referral.open(input("本部门逾期案")));
    const atPolice = await toPolice("公安逾期未决定案");
    const request = await asPolice(() => JudicialRequest.create({ kind: "appraisal", toDepartmentId: housing, subject: "涉案样品", details: "请出具检验意见" }));
    Clock.advance(8 * DAY);
    const market = await overdueIds(() => asOfficer(() => Referral.overdueSteps()));
    expect(market).toEqual(expect.arrayContaining([mine.id, atPolice.id]));
    expect(market).not.toContain(request.id);
    const other = await overdueIds(() => asHousing(() => Referral.overdueSteps()));
    expect(other).toContain(request.id);
    expect(other).not.toContain(mine.id);
    expect(other).not.toContain(atPolice.id);
    // The police see the step they owe, not the head's decision still open on another case.
    const owed = await asPolice(() => Referral.overdueSteps());
    expect(owed.items.find((i) => i.referralId === atPolice.id)).toMatchObject({ step: "policeDecision" });
    expect(owed.items.map((i) => i.referralId)).not.toContain(mine.id);
    expect(await overdueIds(() => asProcurator(() => Referral.overdueSteps()))).not.toContain(atPolice.id);
    const head = await overdueIds(() => asHead(() => Referral.overdueSteps()));
    expect(head).toEqual(expect.arrayContaining([mine.id, atPolice.id, request.id]));
    // An officer with no department owns nothing; `all` is the whole tenant whoever asks (the roll-up).
    expect((await as(GULOU, "officer", () => Referral.overdueSteps(), "")).count).toBe(0);
    expect(await overdueIds(() => asHousing(() => Referral.overdueSteps({ all: true })))).toEqual(expect.arrayContaining([mine.id, atPolice.id, request.id]));
  });
});

describe("bounded lists (issue 11 §5)", () => {
  test("pages of at most `limit`, a cursor to the next, no repeats; limit and cursor checked", async () => {
    for (let i = 0; i < 3; i++) await asOfficer(() => Referral.open(input(`分页案${i}`)));
    const first = await asHead(() => Referral.list({ limit: 2 }));
    expect(first.items).toHaveLength(2);
    expect(first.cursor).toEqual(expect.any(String));
    const second = await asHead(() => Referral.list({ limit: 2, cursor: first.cursor! }));
    expect(second.items.map((x) => x.id)).not.toContain(first.items[0]!.id);
    // Newest first across pages (IDs are time-ordered).
    expect(first.items[1]!.id > second.items[0]!.id).toBe(true);
    const token = await api.tokenFor(GULOU, "tenant-admin");
    const big = await api.call("GET", "/referrals?limit=201", { token });
    expect(big.status).toBe(400);
    expect(big.json.error.details[0]).toMatchObject({ field: "limit", rule: "too_big" });
    const bad = await api.call("GET", "/referrals?cursor=not-a-cursor!", { token });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].field).toBe("cursor");
    // A well-formed cursor of another list (or tenant) is refused, never read.
    const foreign = Buffer.from(JSON.stringify({ pk: "350203#referral", sk: "crf_0" })).toString("base64url");
    const other = await api.call("GET", `/referrals?cursor=${foreign}`, { token });
    expect(other.status).toBe(400);
    expect(other.json.error.details[0].field).toBe("cursor");
    const page = await api.call("GET", "/referrals?limit=1", { token });
    expect(page.json).toMatchObject({ items: [expect.any(Object)], cursor: expect.any(String) });
  });
});
