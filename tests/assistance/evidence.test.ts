import { DeleteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { AssistanceRequest } from "../../packages/core/src/assistance/index";
import { useConfig } from "../../packages/core/src/config";
import { Department } from "../../packages/core/src/department/index";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { asSystem } from "../support/context";
import { as, CODE, deliver, GULOU, SIMING, TAIJIANG } from "./support";

/** An answer with evidence, as the portal sends it: the files are both on the
 * answer's thread entry and on the answer itself. */

beforeAll(async () => {
  for (const t of [GULOU, SIMING, TAIJIANG]) await asSystem(() => Department.seedStandard(), t);
});

describe("an answer with evidence attachments", () => {
  test("reaches the sender with the answer, the thread entry and the right to download the files", async () => {
    const sent = await as(GULOU, () => AssistanceRequest.send({ toTenant: SIMING, type: "inspection", creditCode: CODE, facts: "请协助现场核查冷库与进货台账。" }));
    await deliver();
    const accepted = await as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: 1 }));
    const file = await as(SIMING, () => AssistanceRequest.upload({ name: "现场核查记录.txt", contentType: "text/plain", data: Buffer.from("冷库 3 间，抽查 12 批次。").toString("base64") }));
    const other = await as(SIMING, () => AssistanceRequest.upload({ name: "照片说明.txt", contentType: "text/plain", data: Buffer.from("照片 5 张。").toString("base64") }));
    await as(SIMING, () => AssistanceRequest.answer({ id: sent.id, version: accepted.version, text: "已核查，均附检疫证明。", findings: "未发现问题", attachments: [file, other] }));
    const outcomes = await deliver();
    expect(outcomes.filter((o) => o.startsWith("error") || o.startsWith("poison"))).toEqual([]);

    const done = await as(GULOU, () => AssistanceRequest.fromID(sent.id));
    expect(done.status).toBe("answered");
    expect(done.answer?.attachments.map((a) => a.name)).toEqual(["现场核查记录.txt", "照片说明.txt"]);
    expect(done.thread.at(-1)).toMatchObject({ kind: "answer", attachments: [{ hash: file.hash }, { hash: other.hash }] });
    const got = await as(GULOU, () => AssistanceRequest.download({ hash: file.hash }));
    expect(got.bytes.toString("utf8")).toBe("冷库 3 间，抽查 12 批次。");
  });

  test("each tenant reads the bytes from its own partition: the request's flow copies them there, with the right", async () => {
    const stored = async (pk: string) => (await useDynamo().send(new GetCommand({ TableName: useConfig().TABLE_NAME, Key: { pk, sk: "blob" } }))).Item;
    const text = "执法记录仪视频截图说明：仓库 B 区。";
    const file = await as(GULOU, () => AssistanceRequest.upload({ name: "截图说明.txt", contentType: "text/plain", data: Buffer.from(text).toString("base64") }));
    expect(file.holder).toBe(GULOU);
    // The tenant ID is the first part of the blob's partition key, as of every key.
    expect(await stored(`${GULOU}#blob#${file.hash}`)).toMatchObject({ tenantId: GULOU, hash: file.hash });
    expect(await stored(`blob#${file.hash}`)).toBeUndefined();

    // Knowing the hash is not a right: 思明区 and 台江区 hold none yet.
    for (const t of [SIMING, TAIJIANG]) {
      await expect(as(t, () => AssistanceRequest.download({ hash: file.hash }))).rejects.toMatchObject({ status: 404, code: "assistance.attachment_not_found" });
    }
    // Nor can a sender name a file it holds no right to, or claim another holder for one it does.
    await expect(as(TAIJIANG, () => AssistanceRequest.send({ toTenant: SIMING, type: "information", creditCode: CODE, facts: "请提供该主体的许可信息。", attachments: [{ ...file, holder: GULOU }] }))).rejects.toMatchObject({
      code: "assistance.attachment_unknown",
    });
    const sent = await as(GULOU, () =>
      AssistanceRequest.send({ toTenant: SIMING, type: "investigation", creditCode: CODE, facts: "请协助核查仓库 B 区的进货台账。", attachments: [{ ...file, holder: TAIJIANG }] }),
    );
    expect(sent.attachments).toEqual([{ ...file, holder: GULOU }]);
    expect(await stored(`${SIMING}#blob#${file.hash}`)).toBeUndefined();
    await deliver();
    // Receiving the request gave 思明区 its right and its own copy, in the same transaction.
    expect(await stored(`${SIMING}#blob#${file.hash}`)).toMatchObject({ tenantId: SIMING, hash: file.hash, size: file.size });
    // Its download reads only its own partition: it still works with 鼓楼区's bytes gone.
    await useDynamo().send(new DeleteCommand({ TableName: useConfig().TABLE_NAME, Key: { pk: `${GULOU}#blob#${file.hash}`, sk: "blob" } }));
    const got = await as(SIMING, () => AssistanceRequest.download({ hash: file.hash }));
    expect(got.bytes.toString("utf8")).toBe(text);
    await expect(as(TAIJIANG, () => AssistanceRequest.download({ hash: file.hash }))).rejects.toMatchObject({ status: 404 });

    // 思明区 answers with the same file: 鼓楼区 gets its copy back from 思明区's partition.
    const accepted = await as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: 1 }));
    await as(SIMING, () => AssistanceRequest.answer({ id: sent.id, version: accepted.version, text: "已核查。", attachments: [file] }));
    expect((await deliver()).filter((o) => o.startsWith("error") || o.startsWith("poison"))).toEqual([]);
    expect(await stored(`${GULOU}#blob#${file.hash}`)).toMatchObject({ tenantId: GULOU });
    expect((await as(GULOU, () => AssistanceRequest.download({ hash: file.hash }))).bytes.toString("utf8")).toBe(text);
  });
});
