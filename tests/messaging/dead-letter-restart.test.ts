import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, expect, test } from "vitest";
import { ensureQueues, LOCAL_REGION, startLocalSqs, type LocalSqs } from "../../packages/functions/src/local/services";

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), "supervision-dlq-"));
let sqs: LocalSqs | undefined;
afterAll(async () => {
  await sqs?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (endpoint: string) => new SQSClient({ endpoint, region: LOCAL_REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" } });

/** `npm run dlq` against the local emulator on `port`, as a user runs it beside `npm start`. */
function dlq(port: number, args: string[]) {
  const { QUEUE_URLS: _, SQS_ENDPOINT: __, ...env } = process.env;
  return run("npx", ["tsx", "packages/functions/src/cli/dead-letters.ts", ...args], { env: { ...env, SQS_PORT: String(port) }, encoding: "utf8" });
}

test("dead letters survive a restart of the local services, and npm run dlq lists and redrives them", { timeout: 120_000 }, async () => {
  sqs = await startLocalSqs({ dataDir });
  let urls = await ensureQueues(sqs.endpoint, { visibilityTimeoutSeconds: 1 });
  let c = client(sqs.endpoint);
  // One sent to the dead-letter queue with its reason (a forged message)…
  await c.send(
    new SendMessageCommand({
      QueueUrl: urls["assistance-dlq"],
      // As the relay encodes it: 𠮷 as a JSON escape.
      MessageBody: '{"id":"msg_01ARZ3NDEKTSV4RRFFQ69G5FAV","type":"notice.sent","name":"福州\\ud842\\udfb7祥"}',
      MessageAttributes: { reason: { DataType: "String", StringValue: "forged: no message" } },
    }),
  );
  // …and one moved there by the queue itself after its last failed receive.
  await c.send(new SendMessageCommand({ QueueUrl: urls.recognition, MessageBody: JSON.stringify({ id: "msg_01ARZ3NDEKTSV4RRFFQ69G5FAW", type: "recognition.recorded" }) }));
  for (let i = 0; i < 8; i++) {
    await c.send(new ReceiveMessageCommand({ QueueUrl: urls.recognition, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
  }
  const listed = await dlq(sqs.port, ["list", "--json"]);
  expect(JSON.parse(listed.stdout).map((l: { envelopeId: string }) => l.envelopeId).sort()).toEqual(["msg_01ARZ3NDEKTSV4RRFFQ69G5FAV", "msg_01ARZ3NDEKTSV4RRFFQ69G5FAW"]);
  c.destroy();
  await sqs.stop();

  // A new emulator on the same data folder: its queues start empty, the dead letters come back.
  sqs = await startLocalSqs({ dataDir });
  urls = await ensureQueues(sqs.endpoint);
  c = client(sqs.endpoint);
  const after = JSON.parse((await dlq(sqs.port, ["list", "--json"])).stdout) as { queue: string; envelopeId: string; reason: string; body: string }[];
  expect(after.map((l) => [l.queue, l.envelopeId]).sort()).toEqual([
    ["assistance", "msg_01ARZ3NDEKTSV4RRFFQ69G5FAV"],
    ["recognition", "msg_01ARZ3NDEKTSV4RRFFQ69G5FAW"],
  ]);
  const forged = after.find((l) => l.queue === "assistance")!;
  expect(forged.reason).toBe("forged: no message");
  expect(JSON.parse(forged.body).name).toBe("福州𠮷祥");

  // Redriven after the restart: back on its queue, and gone from the file for the next restart.
  const redriven = await dlq(sqs.port, ["redrive", "--queue", "recognition"]);
  expect(redriven.stdout).toContain("redrove 1 message(s)");
  const back = await c.send(new ReceiveMessageCommand({ QueueUrl: urls.recognition, WaitTimeSeconds: 1 }));
  expect(JSON.parse(back.Messages![0]!.Body!).id).toBe("msg_01ARZ3NDEKTSV4RRFFQ69G5FAW");
  c.destroy();
  await sqs.stop();
  sqs = await startLocalSqs({ dataDir });
  await ensureQueues(sqs.endpoint);
  const third = JSON.parse((await dlq(sqs.port, ["list", "--json"])).stdout) as { envelopeId: string }[];
  expect(third.map((l) => l.envelopeId)).toEqual(["msg_01ARZ3NDEKTSV4RRFFQ69G5FAV"]);
});
