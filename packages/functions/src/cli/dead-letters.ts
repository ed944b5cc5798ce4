import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { parseArgs } from "node:util";
import { formatShanghai } from "@supervision/core/clock";
import { resetConfig } from "@supervision/core/config";
import { withContext } from "@supervision/core/context";
import { dlqName, QueueNames, type QueueName } from "@supervision/core/queue/definitions";

/** `npm run dlq -- list` / `npm run dlq -- redrive --queue assistance [--id msg_…]`
 * Lists dead letters with their reasons, and moves them back to their queue.
 * Against `npm start` by default (SQS on 127.0.0.1:9324); in the cloud set
 * QUEUE_URLS (from the stack outputs) and AWS credentials. */
const USAGE = `用法 / usage:
  npm run dlq -- list    [--queue <${QueueNames.join("|")}>]
  npm run dlq -- redrive --queue <name> [--id <SQS message id or envelope id> ...]`;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { queue: { type: "string" }, id: { type: "string", multiple: true }, json: { type: "boolean" } },
});
const command = positionals[0];
const queue = values.queue as QueueName | undefined;
if ((command !== "list" && command !== "redrive") || (queue && !QueueNames.includes(queue)) || (command === "redrive" && !queue)) {
  console.error(USAGE);
  process.exit(2);
}

if (!process.env.QUEUE_URLS) {
  // Local mode: find the queues by name on the emulator.
  process.env.SQS_ENDPOINT ??= `http://127.0.0.1:${process.env.SQS_PORT ?? 9324}`;
  process.env.AWS_REGION ??= "cn-north-1";
  resetConfig();
  const { useSqs, resetSqs } = await import("@supervision/core/queue/sqs");
  resetSqs();
  const urls: Record<string, string> = {};
  for (const name of QueueNames.flatMap((q) => [q, dlqName(q)])) {
    try {
      urls[name] = (await (await useSqs()).send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
    } catch (err) {
      console.error(`找不到队列 ${name}（本地系统是否已用 npm start 启动？）/ queue ${name} not found (is npm start running?)`);
      process.exit(1);
    }
  }
  process.env.QUEUE_URLS = JSON.stringify(urls);
  resetConfig();
  resetSqs();
}

const { Queue } = await import("@supervision/core/queue/index");
await withContext({ actor: { type: "system", reason: "dead-letter command" }, requestId: "cli", locale: "zh-CN" }, async () => {
  if (command === "list") {
    const letters = await Queue.listDeadLetters(queue ? [queue] : QueueNames);
    if (values.json) {
      console.log(JSON.stringify(letters.map(({ receiptHandle, ...l }) => l), null, 2));
      return;
    }
    if (letters.length === 0) {
      console.log("死信队列为空 / no dead letters");
      return;
    }
    console.log(`共 ${letters.length} 条死信 / ${letters.length} dead letter(s) — ${formatShanghai(new Date())}`);
    for (const l of letters) {
      console.log(`- [${l.queue}] ${l.envelopeId ?? l.messageId}  ${l.type ?? "(unparsable)"}  receives=${l.receiveCount}\n    原因 reason: ${l.reason}`);
    }
  } else {
    const { moved } = await Queue.redrive(queue!, values.id);
    console.log(`已重新投递 ${moved} 条 / redrove ${moved} message(s) to ${queue}`);
  }
});
