import { randomBytes, createHash } from "node:crypto";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { useConfig } from "../../packages/core/src/config";
import { Department } from "../../packages/core/src/department/index";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { MAX_FILE_BYTES, PART_BYTES } from "../../packages/core/src/evidence/limits";
import { Referral } from "../../packages/core/src/referral/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";
import { as } from "../recognition/support";
import { CODE, deliver, GULOU, SIMING } from "../assistance/support";

/** Evidence people can open (issue 15 Found 6): a 1.2 MB scan is accepted
 * under the same limit the portal shows, stored in parts outside the item
 * limit, copied across tenants by the request's flow, checked against its
 * hash on the way out, and a referral's evidence opens for the police the
 * case was transferred to. */

const police = Department.standardId(GULOU, "public-security");
const market = Department.standardId(GULOU, "market");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const get = async (pk: string, sk: string) => (await useDynamo().send(new GetCommand({ TableName: useConfig().TABLE_NAME, Key: { pk, sk } }))).Item;

let api: TestApi;
beforeAll(async () => {
  for (const t of [GULOU, SIMING]) await asSystem(() => Department.seedStandard(), t);
  api = await startTestApi();
});
afterAll(() => api.stop());

describe("large files", () => {
  test("a 1.2 MB scan uploads through the API, is stored in parts, reaches the receiver and downloads byte for byte", async () => {
    const scan = randomBytes(1_200_000);
    const officer = await api.tokenFor(GULOU, "officer");
    const up = await api.call("POST", "/assistance/attachments", { token: officer, body: { name: "扫描件𠮷.pdf", contentType: "application/pdf", data: scan.toString("base64") } });
    expect(up.status).toBe(201);
    expect(up.json).toMatchObject({ hash: sha(scan), size: scan.length, name: "扫描件𠮷.pdf", holder: GULOU });
    // The manifest names the parts; no item holds more than one part of bytes.
    const head = await get(`${GULOU}#blob#${sha(scan)}`, "blob");
    expect(head).toMatchObject({ size: scan.length, parts: Math.ceil(scan.length / PART_BYTES) });
    expect(head!.data).toBeUndefined();
    const part = await get(`${GULOU}#blob#${sha(scan)}`, "part#0");
    expect(Buffer.from(part!.data, "base64").length).toBe(PART_BYTES);

    const down = await api.app.request(`/api/assistance/attachments?hash=${sha(scan)}`, { headers: { authorization: `Bearer ${officer}` } });
    expect(down.status).toBe(200);
    expect(down.headers.get("x-content-sha256")).toBe(sha(scan));
    expect(Buffer.from(await down.arrayBuffer()).equals(scan)).toBe(true);

    // Sent with a request, the receiver's flow copies every part into its own partition.
    const sent = await api.call("POST", "/assistance", {
      token: officer,
      body: { toTenant: SIMING, type: "investigation", creditCode: CODE, facts: "请协助核查扫描件所示的进货单据。", attachments: [up.json] },
    });
    expect(sent.status).toBe(201);
    expect((await deliver()).filter((o) => o.startsWith("error") || o.startsWith("poison"))).toEqual([]);
    expect(await get(`${SIMING}#blob#${sha(scan)}`, "blob")).toMatchObject({ size: scan.length });
    const received = await api.app.request(`/api/assistance/attachments?hash=${sha(scan)}`, { headers: { authorization: `Bearer ${await api.tokenFor(SIMING, "officer")}` } });
    expect(Buffer.from(await received.arrayBuffer()).equals(scan)).toBe(true);
  });

  test("the server refuses a file over the limit the portal shows, naming the limit", async () => {
    const officer = await api.tokenFor(GULOU, "officer");
    const big = Buffer.alloc(MAX_FILE_BYTES + 1, 1);
    const res = await api.call("POST", "/assistance/attachments", { token: officer, body: { name: "过大.pdf", contentType: "application/pdf", data: big.toString("base64") } });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("evidence.too_large");
    expect(res.json.error.message).toContain("4 MB");
    // Exactly at the limit is accepted.
    const max = Buffer.alloc(MAX_FILE_BYTES, 2);
    expect((await api.call("POST", "/assistance/attachments", { token: officer, body: { name: "刚好.pdf", contentType: "application/pdf", data: max.toString("base64") } })).status).toBe(201);
  });

  test("bytes that no longer match their hash are refused, never served", async () => {
    const officer = await api.tokenFor(GULOU, "officer");
    const file = randomBytes(600_000);
    const up = await api.call("POST", "/assistance/attachments", { token: officer, body: { name: "被改动.pdf", contentType: "application/pdf", data: file.toString("base64") } });
    const other = randomBytes(PART_BYTES).toString("base64");
    await useDynamo().send(
      new UpdateCommand({ TableName: useConfig().TABLE_NAME, Key: { pk: `${GULOU}#blob#${up.json.hash}`, sk: "part#1" }, UpdateExpression: "SET #d = :d", ExpressionAttributeNames: { "#d": "data" }, ExpressionAttributeValues: { ":d": other } }),
    );
    const res = await api.call("GET", `/assistance/attachments?hash=${up.json.hash}`, { token: officer });
    expect(res.status).toBe(500);
    expect(res.json.error.code).toBe("evidence.hash_mismatch");
  });
});

describe("referral evidence the police can open", () => {
  test("uploaded with the case, opened by the police it was transferred to, by no one for a hash the case does not list", async () => {
    const officer = await api.tokenFor(GULOU, "officer", { department_id: market });
    const report = Buffer.from("检验报告：菌落总数 2.3×10⁶ CFU/g，超出标准限值。𠮷");
    const up = await api.call("POST", "/evidence", { token: officer, body: { name: "检验报告.txt", contentType: "text/plain", data: report.toString("base64") } });
    expect([up.status, up.json?.error?.code]).toEqual([201, undefined]);
    expect(up.json).toEqual({ hash: sha(report), name: "检验报告.txt", size: report.length, contentType: "text/plain" });

    const stray = Buffer.from("另一份未列入证据清单的文件");
    await api.call("POST", "/evidence", { token: officer, body: { name: "其他.txt", contentType: "text/plain", data: stray.toString("base64") } });

    let r = await as(GULOU, "officer", () =>
      Referral.open({
        title: "某食品公司涉嫌生产销售不符合安全标准的食品案",
        suspectedOffence: "生产、销售不符合安全标准的食品罪",
        facts: "抽检发现熟肉制品菌落总数严重超标。",
        team: [
          { name: "陈静", badgeNo: "FJ35010201" },
          { name: "林强", badgeNo: "FJ35010202" },
        ],
        evidence: [
          { name: "检验报告", kind: "document", sha256: sha(report) },
          { name: "现场照片（仅登记哈希）", kind: "photo", sha256: "c".repeat(64) },
        ],
      }),
      market,
    );
    const policeToken = await api.tokenFor(GULOU, "judicial", { department_id: police });
    const path = (h: string) => `/evidence/referrals/${r.id}/${h}`;
    // Not yet transferred: the police do not see the case, nor its files.
    expect((await api.call("GET", path(sha(report)), { token: policeToken })).status).toBe(404);

    r = await as(GULOU, "tenant-admin", () => Referral.decide({ id: r.id, version: r.version, approve: true, reason: "涉嫌犯罪，同意移送" }), Department.standardId(GULOU, "supervision-office"));
    r = await as(GULOU, "officer", () => Referral.transfer({ id: r.id, version: r.version, note: "移送书已送达" }), market);

    const opened = await api.app.request(`/api${path(sha(report))}`, { headers: { authorization: `Bearer ${policeToken}` } });
    expect(opened.status).toBe(200);
    expect(opened.headers.get("x-content-sha256")).toBe(sha(report));
    expect(opened.headers.get("content-type")).toContain("text/plain");
    expect(Buffer.from(await opened.arrayBuffer()).equals(report)).toBe(true);

    // A file stored here but not on this case's list: not found, though its hash is known.
    expect((await api.call("GET", path(sha(stray)), { token: policeToken })).json.error.code).toBe("evidence.not_found");
    // Listed but only as a hash: says so.
    expect((await api.call("GET", path("c".repeat(64)), { token: policeToken })).json.error.code).toBe("evidence.not_uploaded");
    // Another tenant's police never reach it.
    const otherPolice = await api.tokenFor(SIMING, "judicial", { department_id: Department.standardId(SIMING, "public-security") });
    expect((await api.call("GET", path(sha(report)), { token: otherPolice })).status).toBe(404);
  });
});
