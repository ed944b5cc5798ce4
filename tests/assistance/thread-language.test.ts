import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { AssistanceRequest } from "../../packages/core/src/assistance/index";
import { PostEntity } from "../../packages/core/src/assistance/assistance.entity";
import { Clock } from "../../packages/core/src/clock";
import { Department } from "../../packages/core/src/department/index";
import { Policy } from "../../packages/core/src/policy/index";
import { createId } from "../../packages/core/src/util/id";
import { runEscalator } from "../../packages/functions/src/jobs/assistance-escalator";
import { asSystem } from "../support/context";
import { as, asIn, CODE, deliver, FUZHOU, GULOU, purge, SIMING, TAIJIANG } from "./support";

/** The posts the platform writes in a thread are stored as a code and params
 * (tenant codes, not names, not sentences) and read in the reader's language;
 * people's own words, and posts stored before codes, read as they were written. */

const DAY = 86_400_000;

beforeAll(async () => {
  for (const t of [GULOU, TAIJIANG, SIMING, FUZHOU]) await asSystem(() => Department.seedStandard(), t);
});
afterEach(async () => {
  Clock.reset();
  await purge();
});

const stored = async (tenantId: string, requestId: string) => (await PostEntity.query.byRequest({ tenantId, requestId }).go({ pages: "all" })).data;

describe("system posts in the reader's language", () => {
  test("the routing note and a wordless acceptance: stored as codes, read in zh-CN and in en", async () => {
    const sent = await as(GULOU, () => AssistanceRequest.send({ toTenant: SIMING, type: "investigation", creditCode: CODE, facts: "请协助调查取证。" }));
    await deliver();

    const [routed] = await stored(GULOU, sent.id);
    expect(routed).toMatchObject({ kind: "routed", body: "", code: "assistance.post.routed", params: { tenant: SIMING, department: Department.standardId(SIMING, "market") } });

    const zh = await asIn("zh-CN", GULOU, () => AssistanceRequest.fromID(sent.id));
    const en = await asIn("en", GULOU, () => AssistanceRequest.fromID(sent.id));
    expect(zh.thread[0]).toMatchObject({ id: routed!.id, kind: "routed", body: "思明区已收到，分派至思明区市场监督管理局", by: { id: "system", name: "系统自动分派" } });
    expect(en.thread[0]).toMatchObject({ id: routed!.id, kind: "routed", body: "思明区 received the request and routed it to 思明区 Administration for Market Regulation", by: { id: "system", name: "Automatic routing" } });
    // The department's name follows the reader's language; nothing else about the request does.
    expect([zh.departmentName, en.departmentName]).toEqual(["思明区市场监督管理局", "思明区 Administration for Market Regulation"]);
    expect({ ...en, thread: [], departmentName: "" }).toEqual({ ...zh, thread: [], departmentName: "" });

    await as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: 1 }));
    await deliver();
    const accept = (l: "zh-CN" | "en") => asIn(l, GULOU, async () => (await AssistanceRequest.fromID(sent.id)).thread.find((p) => p.kind === "accept")!);
    expect((await accept("zh-CN")).body).toBe("已受理");
    expect((await accept("en")).body).toBe("Accepted");
    // The receiver's own copy of the post renders alike.
    expect((await asIn("en", SIMING, () => AssistanceRequest.fromID(sent.id))).thread.map((p) => p.body)).toEqual(["思明区 received the request and routed it to 思明区 Administration for Market Regulation", "Accepted"]);

    // A person's words stay as written, in any language.
    const mine = await as(SIMING, () => AssistanceRequest.fromID(sent.id));
    await as(SIMING, () => AssistanceRequest.post({ id: sent.id, version: mine.version, text: "请提供涉案批次号。" }));
    const question = (await asIn("en", SIMING, () => AssistanceRequest.fromID(sent.id))).thread.find((p) => p.kind === "question")!;
    expect(question.body).toBe("请提供涉案批次号。");
    const storedQuestion = (await stored(SIMING, sent.id)).find((p) => p.kind === "question")!;
    expect(storedQuestion.body).toBe("请提供涉案批次号。");
    expect(storedQuestion.code).toBeUndefined();
  });

  test("a post stored before posts had codes still reads, as its body, in either language", async () => {
    const sent = await as(GULOU, () => AssistanceRequest.send({ toTenant: SIMING, type: "information", creditCode: CODE, facts: "请提供该主体的许可信息。" }));
    await PostEntity.put({ tenantId: GULOU, requestId: sent.id, id: createId("pst"), kind: "routed", body: "思明区已收到，分派至思明区综合监管办公室", byTenant: SIMING, by: { id: "system", name: "系统自动分派" }, at: sent.sentAt }).go();
    for (const locale of ["zh-CN", "en"] as const) {
      const [post] = (await asIn(locale, GULOU, () => AssistanceRequest.fromID(sent.id))).thread;
      expect(post).toMatchObject({ kind: "routed", body: "思明区已收到，分派至思明区综合监管办公室", by: { name: "系统自动分派" } });
    }
  });

  test("an update of the previous message version (its post a sentence, no code) is still accepted, and read as its body", () => {
    const at = new Date().toISOString();
    const v1 = {
      requestId: createId("asr"),
      event: "routed",
      seq: 1,
      status: "received",
      at,
      post: { id: createId("pst"), kind: "routed", body: "思明区已收到，分派至思明区市场监督管理局", byTenant: SIMING, by: { id: "system", name: "系统自动分派" }, at },
    };
    const { Updated } = AssistanceRequest;
    expect(Updated.version).toBe(2);
    const upgraded = Updated.upgrade!(1, Updated.versions[1]!.parse(v1));
    expect(Updated.versions[2]!.parse(upgraded)).toMatchObject({ post: { body: v1.post.body } });
    expect(upgraded.post!.code).toBeUndefined();
  });

  test("escalated and reassigned posts name the superior, the stage, the new deadline and department in the reader's language", async () => {
    const sent = await as(GULOU, () => AssistanceRequest.send({ toTenant: TAIJIANG, type: "investigation", creditCode: CODE, facts: "请协助调查取证。" }));
    await deliver();
    Clock.advance(8 * DAY);
    await runEscalator();
    await deliver();
    const [esc] = (await as(FUZHOU, () => AssistanceRequest.escalations({ limit: 200 }), "tenant-admin")).items.filter((e) => e.requestId === sent.id);
    const reassigned = await as(FUZHOU, () => AssistanceRequest.reassign({ id: esc!.id, version: 1, departmentType: "commerce" }), "tenant-admin");
    await deliver();
    const due = Policy.shanghaiDate(reassigned.resolution!.dueAt as string);

    const escalated = (await stored(GULOU, sent.id)).find((p) => p.kind === "escalated")!;
    expect(escalated).toMatchObject({ body: "", code: "assistance.post.escalated", params: { stage: "acknowledge", tenant: FUZHOU, escalation: esc!.id } });

    const bodies = async (locale: "zh-CN" | "en") => (await asIn(locale, GULOU, () => AssistanceRequest.fromID(sent.id))).thread.map((p) => [p.kind, p.body, p.by.name]);
    expect((await bodies("zh-CN")).slice(1)).toEqual([
      ["escalated", `受理逾期，已提请福州市协调督办（${esc!.id}）`, "逾期督办"],
      ["reassigned", `福州市协调督办：限${due}前办结，改由台江区商务局承办`, "测试 350100 tenant-admin"],
    ]);
    expect((await bodies("en")).slice(1)).toEqual([
      ["escalated", `Acknowledgement overdue; referred to 福州市 for coordination (${esc!.id})`, "Overdue escalation"],
      ["reassigned", `Coordinated by 福州市: to be completed by ${due}, handled by 台江区 Commerce Bureau instead`, "测试 350100 tenant-admin"],
    ]);
  });
});
