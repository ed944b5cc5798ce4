import { beforeAll, describe, expect, test } from "vitest";
import { AssistanceRequest } from "../../packages/core/src/assistance/index";
import { Department } from "../../packages/core/src/department/index";
import { asSystem } from "../support/context";
import { as, CODE, deliver, GULOU, SIMING } from "./support";

/** An answer with evidence, as the portal sends it: the files are both on the
 * answer's thread entry and on the answer itself. */

beforeAll(async () => {
  for (const t of [GULOU, SIMING]) await asSystem(() => Department.seedStandard(), t);
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
});
