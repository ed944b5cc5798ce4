import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { expect, test } from "vitest";
import { Message } from "../../packages/core/src/message/index";
import { dlqUrl, queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import { Queue } from "../../packages/core/src/queue/index";

const run = promisify(execFile);
const cli = (args: string[]) =>
  run("npx", ["tsx", "packages/functions/src/cli/dead-letters.ts", ...args], { env: { ...process.env }, encoding: "utf8" });

test("the dead-letter command lists dead letters with their reason and redrives them", async () => {
  await Queue.deadLetter("recognition", JSON.stringify({ id: "msg_01ARZ3NDEKTSV4RRFFQ69G5FAV", type: "recognition.test" }), "unknown message type recognition.test");
  const listed = await cli(["list", "--queue", "recognition"]);
  expect(listed.stdout).toContain("共 1 条死信");
  expect(listed.stdout).toContain("msg_01ARZ3NDEKTSV4RRFFQ69G5FAV");
  expect(listed.stdout).toContain("unknown message type recognition.test");
  const json = JSON.parse((await cli(["list", "--queue", "recognition", "--json"])).stdout);
  expect(json).toHaveLength(1);

  const redriven = await cli(["redrive", "--queue", "recognition", "--id", "msg_01ARZ3NDEKTSV4RRFFQ69G5FAV"]);
  expect(redriven.stdout).toContain("redrove 1 message(s)");
  const back = await (await useSqs()).send(new ReceiveMessageCommand({ QueueUrl: queueUrl("recognition"), WaitTimeSeconds: 1 }));
  expect(JSON.parse(back.Messages![0]!.Body!).id).toBe("msg_01ARZ3NDEKTSV4RRFFQ69G5FAV");
  const empty = await (await useSqs()).send(new ReceiveMessageCommand({ QueueUrl: dlqUrl("recognition"), WaitTimeSeconds: 0 }));
  expect(empty.Messages ?? []).toHaveLength(0);
});

test("bad arguments print the usage and exit 2", async () => {
  await expect(cli(["redrive"])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("用法 / usage") });
  await expect(cli(["list", "--queue", "nope"])).rejects.toMatchObject({ code: 2 });
});
