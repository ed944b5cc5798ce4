import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { AssistanceRequest } from "../../packages/core/src/assistance/index";
import { Audit } from "../../packages/core/src/audit/index";
import { canonicalJson } from "../../packages/core/src/util/hash";
import { Department } from "../../packages/core/src/department/index";
import { Message } from "../../packages/core/src/message/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";
import { as, CODE, deadLetters, deliver, GULOU, purge, SIMING, TAIJIANG, takeAll } from "./support";
import { registries } from "../../packages/functions/src/consumers/registries";
import { Queue } from "../../packages/core/src/queue/index";
import { MAX_FILE_BYTES } from "../../packages/core/src/evidence/limits";

let api: TestApi;
beforeAll(async () => {
  for (const t of [GULOU, SIMING, TAIJIANG]) await asSystem(() => Department.seedStandard(), t);
  api = await startTestApi();
});
afterAll(() => api.stop());
afterEach(() => purge());

const send = (type: "information" | "investigation" = "information") =>
  as(GULOU, () => AssistanceRequest.send({ toTenant: SIMING, type, creditCode: CODE, facts: "请提供该主体的许可信息。" }));
const inboxIds = async (tenant: string) => (await as(tenant, () => AssistanceRequest.list({ box: "inbox", limit: 200 }))).items.map((r) => r.id);

describe("state change and message commit together", () => {
  test("a failed commit (conflict) writes nothing and sends nothing", async () => {
    const sent = await send();
    await deliver();
    const trail = (await as(SIMING, () => Audit.list({}), "tenant-admin")).items.length;
    // As the admin, who oversees every department: the stale version is what fails.
    await expect(as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: 7 }), "tenant-admin")).rejects.toMatchObject({ status: 409 });
    expect(await takeAll()).toEqual([]);
    expect((await as(SIMING, () => Audit.list({}), "tenant-admin")).items.length).toBe(trail);
    expect((await as(SIMING, () => AssistanceRequest.fromID(sent.id))).status).toBe("received");
  });
});

describe("consumers", () => {
  test("a message received twice acts once", async () => {
    const sent = await send();
    const bodies = await takeAll();
    expect(bodies).toHaveLength(1);
    expect(await Message.consume(registries["assistance"], bodies[0]!)).toBe("processed");
    expect(await Message.consume(registries["assistance"], bodies[0]!)).toBe("duplicate");
    expect((await inboxIds(SIMING)).filter((id) => id === sent.id)).toHaveLength(1);
    expect((await as(SIMING, () => AssistanceRequest.fromID(sent.id))).thread).toHaveLength(1);
  });

  test("wrong schema, unknown tenant and a fromTenant that is not the sending side are dead-lettered with the reason; nothing is written", async () => {
    const sent = await send();
    const [body] = await takeAll();
    const env = JSON.parse(body!);
    const cases: [string, unknown, RegExp][] = [
      ["wrong schema", { ...env, payload: { ...env.payload, request: { ...env.payload.request, creditCode: "91350100M000100Y44" } } }, /payload: request.creditCode/],
      ["unknown tenant", { ...env, toTenant: "359999" }, /unknown tenant 359999/],
      ["forged sender", { ...env, fromTenant: TAIJIANG }, /forged: no message/],
    ];
    for (const [, forged, reason] of cases) {
      await expect(Message.consume(registries["assistance"], canonicalJson(forged))).rejects.toSatisfy((e: any) => e instanceof Message.PoisonMessage && reason.test(e.reason));
      await Queue.deadLetter("assistance", canonicalJson(forged), "test");
    }
    expect(await inboxIds(SIMING)).not.toContain(sent.id);
    expect(await inboxIds(TAIJIANG)).not.toContain(sent.id);
    expect((await deadLetters()).length).toBeGreaterThanOrEqual(3);
    // The genuine message still applies.
    expect(await Message.consume(registries["assistance"], body!)).toBe("processed");
  });
});

describe("HTTP", () => {
  test("two officers accept at once over HTTP: one 200, one 409", async () => {
    const sent = await send("investigation");
    await deliver();
    const token = await api.tokenFor(SIMING, "officer");
    const [a, b] = await Promise.all([
      api.call("POST", `/assistance/${sent.id}/accept`, { token, body: { version: 1 } }),
      api.call("POST", `/assistance/${sent.id}/accept`, { token, body: { version: 1 } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  test("bad input: 400 naming the field (zh and en); too large an attachment: 413", async () => {
    const token = await api.tokenFor(GULOU, "officer");
    const bad = await api.call("POST", "/assistance", { token, body: { toTenant: SIMING, type: "investigation", creditCode: "91350100M000100Y44", facts: "事实描述足够长" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0]).toMatchObject({ field: "creditCode" });
    expect(bad.json.error.details[0].message).toContain("统一社会信用代码");
    const en = await api.call("POST", "/assistance", { token, body: { toTenant: SIMING, type: "nope", creditCode: CODE, facts: "long enough" }, headers: { "accept-language": "en" } });
    expect(en.status).toBe(400);
    expect(en.json.error.details.map((d: any) => d.field)).toContain("type");
    const tooLate = await api.call("POST", "/assistance", { token, body: { toTenant: SIMING, type: "information", creditCode: CODE, facts: "long enough", dueAt: "2099-01-01T00:00:00Z" } });
    expect(tooLate.status).toBe(400);
    expect(tooLate.json.error.code).toBe("assistance.deadline_too_late");
    const big = await api.call("POST", "/assistance/attachments", { token, body: { name: "big.bin", data: Buffer.alloc(MAX_FILE_BYTES + 1).toString("base64") } });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe("evidence.too_large");
    const up = await api.call("POST", "/assistance/attachments", { token, body: { name: "a.txt", contentType: "text/plain", data: Buffer.from("hello").toString("base64") } });
    expect(up.status).toBe(201);
    const down = await api.call("GET", `/assistance/attachments?hash=${up.json.hash}`, { token });
    expect(down.status).toBe(200);
    expect(down.text).toBe("hello");
  });
});
