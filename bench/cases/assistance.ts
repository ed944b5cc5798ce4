/**
 * assistance.flow — 2,000 cross-region assistance requests between random
 * pairs of county tenants, through the assistance queue and the real consumer
 * handler (`packages/functions/src/consumers/assistance.ts`, polled exactly as
 * `local/poller.ts` polls it under `npm start`: batches of 10, several pollers).
 *
 * 1. Latency: the pollers run while 2,000 requests are sent (16 at a time);
 *    for each request, the time from the start of `AssistanceRequest.send`
 *    until its copy is committed in the receiver's inbox (median, p99).
 * 2. Throughput: 500 more requests are sent with the pollers stopped, then
 *    the pollers drain the queue: every request and the routing note it sends
 *    back (1,000 messages) — messages/s processed. (500, not 2,000: on DynamoDB
 *    Local every request costs about three transactions, and the whole case
 *    must stay under three minutes on a shared 2-core machine; a rate needs
 *    no more.)
 *    Baseline, same emulators, same run, same pollers and batch size: a raw
 *    queue pre-filled with 500 messages; for each message received one
 *    DynamoDB PutItem and one SQS SendMessage of a follow-on message (as the
 *    routing note), the follow-ons received in turn with one PutItem each;
 *    batches deleted after — also 1,000 messages.
 *    ratio = consumer throughput / raw throughput; target ≥ 0.7.
 *    Context, same run: the same raw loop writing as many items per message
 *    as the consumer does (measured in phase 2), (a) as one TransactWriteItems
 *    per message, and (b) as one TransactWriteItems per received batch, the
 *    shape the consumer commits in (Message.ConsumeGroup): what DynamoDB Local
 *    allows for the consumer's writes with no application code at all; and
 *    (c) that per-batch loop with 1, 2, … items per message, which shows
 *    how many items a message can write before raw code alone misses 0.7
 *    (DynamoDB Local applies every item on one SQLite thread).
 */
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { DescribeTableCommand, DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { startRuntime } from "../../packages/functions/src/local/runtime";
import { LOCAL_REGION } from "../../packages/functions/src/local/services";
import { round, summarize } from "../lib/stats";
import { defineCase, type Row } from "../lib/types";

const CASE = "assistance.flow";
const TARGET_RATIO = 0.7;
const SEND_CONCURRENCY = 16;
const POLLERS = 4;
const BATCH = 10;

/** A valid unified social credit code for entity n (GB 32100-2015 check character). */
async function creditCodeFor(n: number) {
  const { withCheckChar } = await import("../../packages/core/src/entity/credit-code");
  return withCheckChar(`913502${String(n % 1_000_000).padStart(6, "0")}MA00B0`.slice(0, 17));
}

/** Run `fn` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < items.length; i = next++) await fn(items[i]!, i);
    }),
  );
}

async function until(check: () => boolean, timeoutMs: number, what: () => string) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export default defineCase({
  name: CASE,
  description: "2,000 requests between random counties: send → receiver's inbox latency; consumer throughput vs raw SQS+PutItem",
  async run(ctx) {
    const N = ctx.quick ? 300 : 2000;
    const M = ctx.quick ? 150 : 500;
    ctx.log("starting DynamoDB Local and the SQS emulator (no background consumers: this case runs its own pollers)…");
    const rt = await startRuntime({ seed: false, consumers: false, log: (l) => ctx.log(l) });
    const unregister = ctx.onAbort(() => rt.dynamo.stop());
    const pollers: { stop(): Promise<void>; processed: number }[] = [];
    try {
      const { withContext } = await import("../../packages/core/src/context");
      const { AssistanceRequest } = await import("../../packages/core/src/assistance/index");
      const { Department } = await import("../../packages/core/src/department/index");
      const { Tenant } = await import("../../packages/core/src/tenant/index");
      const { observeCommits } = await import("../../packages/core/src/outbox/commit");
      const { useSqs } = await import("../../packages/core/src/queue/sqs");
      const { startPoller } = await import("../../packages/functions/src/local/poller");
      const { handler } = await import("../../packages/functions/src/consumers/assistance");

      const counties = Tenant.all().filter((t) => t.level === "county");
      ctx.log(`${counties.length} county tenants`);
      // A fixed pseudo-random sequence (xorshift), so every run sends the same pairs.
      let seed = 0x2545f491;
      const rand = (n: number) => {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        return (seed >>> 0) % n;
      };
      const codes = await Promise.all(Array.from({ length: 50 }, (_, i) => creditCodeFor(i + 1)));
      const pairs = (count: number) =>
        Array.from({ length: count }, () => {
          const from = counties[rand(counties.length)]!.id;
          let to = from;
          while (to === from) to = counties[rand(counties.length)]!.id;
          return { from, to, code: codes[rand(codes.length)]! };
        });
      const sendOne = (p: { from: string; to: string; code: string }) =>
        withContext(
          {
            actor: { type: "user", userId: `usr_bench_${p.from}`, name: "基准测试", tenantId: p.from, role: "officer", departmentId: Department.standardId(p.from, "market") },
            tenantId: p.from,
            requestId: "bench",
            locale: "zh-CN",
          },
          () => AssistanceRequest.send({ toTenant: p.to, type: "investigation", creditCode: p.code, facts: "基准测试：请协助核查该主体的仓储与进货台账。" }),
        );

      // Inbox copies committed (the request is visible in the receiver's inbox), by request ID.
      const visibleAt = new Map<string, number>();
      let receives = 0;
      // Consumer commits (receiving side) while draining: items and transactions.
      let draining = false;
      let drainItems = 0;
      let drainChanges = 0;
      const drainTransactions = new Set<number>();
      observeCommits((c) => {
        if (draining && c.action.endsWith("receive")) {
          drainItems += c.items.length;
          drainChanges++;
          drainTransactions.add(c.transaction);
        }
        if (c.action !== "assistance.receive") return;
        receives++;
        for (const item of c.items as { Put?: { Item?: Record<string, unknown> } }[]) {
          const it = item.Put?.Item;
          if (it && it.box === "inbox" && typeof it.id === "string" && it.id.startsWith("asr_")) visibleAt.set(it.id, performance.now());
        }
      });
      const startPollers = () => {
        for (let i = 0; i < POLLERS; i++) pollers.push(startPoller("assistance", handler, { batchSize: BATCH, waitSeconds: 1, retryDelaySeconds: 1 }));
      };
      const stopPollers = async () => {
        await Promise.all(pollers.map((p) => p.stop()));
        const processed = pollers.reduce((s, p) => s + p.processed, 0);
        pollers.length = 0;
        return processed;
      };

      // Warm-up: code paths, connections, and each tenant's audit head.
      ctx.log("warm-up: 50 requests…");
      startPollers();
      const warm = pairs(50);
      const warmIds: string[] = [];
      await pool(warm, SEND_CONCURRENCY, async (p) => void warmIds.push((await sendOne(p)).id));
      await until(() => warmIds.every((id) => visibleAt.has(id)), 60_000, () => `warm-up: ${warmIds.filter((id) => visibleAt.has(id)).length}/${warmIds.length} visible`);

      // 1. Latency with the pipeline running.
      ctx.log(`latency: ${N} requests, ${SEND_CONCURRENCY} senders, ${POLLERS} pollers running…`);
      const sentAt = new Map<string, number>();
      const t1 = performance.now();
      await pool(pairs(N), SEND_CONCURRENCY, async (p) => {
        const t = performance.now();
        const r = await sendOne(p);
        sentAt.set(r.id, t);
      });
      const sendMs = performance.now() - t1;
      const ids = [...sentAt.keys()];
      await until(() => ids.every((id) => visibleAt.has(id)), 180_000, () => `${ids.filter((id) => visibleAt.has(id)).length}/${ids.length} visible`);
      const allVisibleMs = performance.now() - t1;
      const latencies = ids.map((id) => visibleAt.get(id)! - sentAt.get(id)!);
      const lat = summarize(latencies);
      ctx.log(`sent ${N} in ${(sendMs / 1000).toFixed(1)} s (${round(N / (sendMs / 1000), 0)}/s); all visible after ${(allVisibleMs / 1000).toFixed(1)} s; latency median ${lat.median.toFixed(0)} ms, p99 ${lat.p99.toFixed(0)} ms`);
      // The routing notes of the warm-up and phase 1 (one per request) are consumed too before the pollers stop.
      const phase1Messages = 2 * (warm.length + N);
      await until(() => pollers.reduce((s, p) => s + p.processed, 0) >= phase1Messages, 120_000, () => `${pollers.reduce((s, p) => s + p.processed, 0)}/${phase1Messages} messages of phase 1`);
      await stopPollers();

      // 2. Consumer throughput: fill the queue with the pollers stopped, then drain.
      ctx.log(`throughput: sending ${M} more requests with the pollers stopped…`);
      await pool(pairs(M), SEND_CONCURRENCY, async (p) => void (await sendOne(p)));
      const receivesBefore = receives;
      draining = true;
      const t2 = performance.now();
      startPollers();
      // Every request visible, and every routing note it sent back consumed (2 messages per request).
      await until(() => receives - receivesBefore >= M && pollers.reduce((s, p) => s + p.processed, 0) >= 2 * M, 300_000, () => `${receives - receivesBefore}/${M} received, ${pollers.reduce((s, p) => s + p.processed, 0)}/${2 * M} messages`);
      const drainMs = performance.now() - t2;
      const processed = await stopPollers();
      draining = false;
      const consumerRate = processed / (drainMs / 1000);
      const itemsPerMessage = drainItems / drainChanges;
      const messagesPerTransaction = drainChanges / drainTransactions.size;
      ctx.log(
        `consumer: ${processed} messages in ${(drainMs / 1000).toFixed(1)} s → ${consumerRate.toFixed(0)} messages/s; ${itemsPerMessage.toFixed(1)} items per message, ${messagesPerTransaction.toFixed(1)} messages per transaction`,
      );
      observeCommits(undefined);

      // Baseline: the same shape with raw SDK calls on the same emulators.
      const sqs = await useSqs();
      const rawQueue = (await sqs.send(new CreateQueueCommand({ QueueName: "bench-raw", Attributes: { VisibilityTimeout: "30" } }))).QueueUrl!;
      const raw = new DynamoDBClient({ endpoint: rt.dynamo.endpoint, region: LOCAL_REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
      const tableName = process.env.TABLE_NAME!;
      const keys = ((await raw.send(new DescribeTableCommand({ TableName: tableName }))).Table?.KeySchema ?? []).map((k) => k.AttributeName!);
      const body = (i: number, followOn: boolean) => JSON.stringify({ i, followOn, payload: "x".repeat(900) });
      const fill = async (queueUrl: string) =>
        pool(
          Array.from({ length: Math.ceil(M / 10) }, (_, b) => b),
          SEND_CONCURRENCY,
          async (b) => {
            const entries = Array.from({ length: Math.min(10, M - b * 10) }, (_, k) => ({ Id: String(k), MessageBody: body(b * 10 + k, false) }));
            await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
          },
        );
      ctx.log(`baseline: pre-filling a raw queue with ${M} messages…`);
      await fill(rawQueue);
      const itemFor = (key: string, b: string): Record<string, { S: string }> => ({ ...Object.fromEntries(keys.map((k) => [k, { S: key }])), body: { S: b } });
      const rawRate = await rawDrain(sqs, rawQueue, 2 * M, body, { perMessage: (key, b) => raw.send(new PutItemCommand({ TableName: tableName, Item: itemFor(key, b) })) });
      const ratio = consumerRate / rawRate;
      ctx.log(`raw: ${rawRate.toFixed(0)} messages/s; ratio ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? "met" : "NOT met"})`);
      // Context: the same raw loop writing the consumer's items per message,
      // as one transaction per message, then as one per received batch.
      const txItems = Math.max(1, Math.round(itemsPerMessage));
      const txPuts = (key: string, b: string, count = txItems) =>
        Array.from({ length: count }, (_, k) => ({ Put: { TableName: tableName, Item: itemFor(`${key}#${k}`, k === 0 ? b : "x") } }));
      const txQueue = (await sqs.send(new CreateQueueCommand({ QueueName: "bench-raw-tx", Attributes: { VisibilityTimeout: "30" } }))).QueueUrl!;
      await fill(txQueue);
      const txRate = await rawDrain(sqs, txQueue, 2 * M, body, {
        perMessage: (key, b) => raw.send(new TransactWriteItemsCommand({ TransactItems: txPuts(key, b) })),
      });
      ctx.log(`raw with a ${txItems}-item transaction per message: ${txRate.toFixed(0)} messages/s; consumer / that = ${(consumerRate / txRate).toFixed(2)}`);
      const batchQueue = (await sqs.send(new CreateQueueCommand({ QueueName: "bench-raw-tx-batch", Attributes: { VisibilityTimeout: "30" } }))).QueueUrl!;
      await fill(batchQueue);
      const batchRate = await rawDrain(sqs, batchQueue, 2 * M, body, {
        perBatch: (writes) => raw.send(new TransactWriteItemsCommand({ TransactItems: writes.flatMap((w) => txPuts(w.key, w.body)) })),
      });
      ctx.log(`raw with one transaction per batch (${txItems} items per message): ${batchRate.toFixed(0)} messages/s; consumer / that = ${(consumerRate / batchRate).toFixed(2)}`);
      // The same per-batch loop with fewer items per message: how many items
      // a message may write before even raw code falls below 0.7 of the baseline.
      const curve: { items: number; rate: number }[] = [];
      for (let count = 1; count < txItems; count++) {
        const q = (await sqs.send(new CreateQueueCommand({ QueueName: `bench-raw-tx-batch-${count}`, Attributes: { VisibilityTimeout: "30" } }))).QueueUrl!;
        await fill(q);
        const rate = await rawDrain(sqs, q, 2 * M, body, {
          perBatch: (writes) => raw.send(new TransactWriteItemsCommand({ TransactItems: writes.flatMap((w) => txPuts(w.key, w.body, count)) })),
        });
        curve.push({ items: count, rate });
      }
      curve.push({ items: txItems, rate: batchRate });
      const affordable = Math.max(0, ...curve.filter((c) => c.rate >= TARGET_RATIO * rawRate).map((c) => c.items));
      ctx.log(`raw, one transaction per batch, by items per message: ${curve.map((c) => `${c.items} → ${c.rate.toFixed(0)}/s (${(c.rate / rawRate).toFixed(2)})`).join(", ")}`);

      const rows: Row[] = [
        { case: CASE, metric: `send → visible in receiver's inbox, median (${N} requests, ${SEND_CONCURRENCY} senders)`, value: lat.median, unit: "ms" },
        { case: CASE, metric: "send → visible in receiver's inbox, p99", value: lat.p99, unit: "ms" },
        { case: CASE, metric: "send rate (AssistanceRequest.send, context)", value: N / (sendMs / 1000), unit: "req/s" },
        {
          case: CASE,
          metric: `consumer throughput (${2 * M} messages: ${M} requests + their routing notes, ${POLLERS} pollers × ${BATCH})`,
          value: consumerRate,
          unit: "msg/s",
          baseline: rawRate,
          ratio,
          target: `ratio ≥ ${TARGET_RATIO}`,
          pass: ratio >= TARGET_RATIO,
          note:
            ratio >= TARGET_RATIO
              ? "target met"
              : `target NOT met: each message writes ${itemsPerMessage.toFixed(1)} items (its change, thread entry, counters, outgoing message, audit event, chain head, consumed marker that proves origin), ${messagesPerTransaction.toFixed(1)} messages per transaction, against one PutItem per message in the baseline; DynamoDB Local writes each item for about as long as a whole PutItem, so the rows below compare against raw loops writing the same items`,
        },
        {
          case: CASE,
          metric: `items written per message / messages per transaction (consumer, phase 2)`,
          value: itemsPerMessage,
          unit: "items",
          note: `${messagesPerTransaction.toFixed(1)} messages per transaction`,
        },
        {
          case: CASE,
          metric: `context: consumer vs the raw loop with one ${txItems}-item TransactWriteItems per message`,
          value: consumerRate,
          unit: "msg/s",
          baseline: txRate,
          ratio: consumerRate / txRate,
        },
        {
          case: CASE,
          metric: `context: consumer vs the raw loop with one TransactWriteItems per batch (${txItems} items per message; no application code)`,
          value: consumerRate,
          unit: "msg/s",
          baseline: batchRate,
          ratio: consumerRate / batchRate,
        },
        ...curve.map(
          (c): Row => ({
            case: CASE,
            metric: `context: the raw per-batch loop itself with ${c.items} item(s) per message, vs the PutItem baseline`,
            value: c.rate,
            unit: "msg/s",
            baseline: rawRate,
            ratio: c.rate / rawRate,
          }),
        ),
        {
          case: CASE,
          metric: `context: most items per message at which even the raw per-batch loop reaches ${TARGET_RATIO} of the baseline`,
          value: affordable,
          unit: "items",
          note: `the consumer writes ${itemsPerMessage.toFixed(1)}`,
        },
      ];
      return {
        rows,
        details: {
          requests: N,
          throughputRequests: M,
          counties: counties.length,
          sendConcurrency: SEND_CONCURRENCY,
          pollers: POLLERS,
          batch: BATCH,
          latencyMs: { ...lat },
          sendSeconds: sendMs / 1000,
          allVisibleSeconds: allVisibleMs / 1000,
          drainSeconds: drainMs / 1000,
          consumerMessages: processed,
          consumerPerSecond: consumerRate,
          rawPerSecond: rawRate,
          rawTransactionalPerSecond: txRate,
          rawTransactionPerBatchPerSecond: batchRate,
          rawPerBatchByItems: curve,
          affordableItemsPerMessage: affordable,
          itemsPerMessage,
          messagesPerTransaction,
          ratio,
        },
      };
    } finally {
      await Promise.all(pollers.map((p) => p.stop())).catch(() => undefined);
      unregister();
      await rt.stop();
    }
  },
});

/** POLLERS workers, batches of BATCH: for each message one write (`perMessage`,
 * in parallel) or one write for the whole batch (`perBatch`), plus a SendMessage
 * of a follow-on for a first message; then DeleteMessageBatch. */
async function rawDrain(
  sqs: SQSClient,
  queue: string,
  total: number,
  body: (i: number, followOn: boolean) => string,
  write: { perMessage?: (key: string, body: string) => Promise<unknown>; perBatch?: (writes: { key: string; body: string }[]) => Promise<unknown> },
): Promise<number> {
  let done = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: POLLERS }, async () => {
      while (done < total) {
        const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: BATCH, WaitTimeSeconds: 1 }));
        const ms = res.Messages ?? [];
        if (!ms.length) continue;
        const writes = ms.map((m) => {
          const msg = JSON.parse(m.Body!) as { i: number; followOn: boolean };
          return { key: `bench#raw#${msg.i}#${msg.followOn ? "b" : "a"}`, body: m.Body!, msg };
        });
        const followOn = (w: (typeof writes)[number]) =>
          w.msg.followOn ? undefined : sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: body(w.msg.i, true) }));
        if (write.perBatch) {
          await write.perBatch(writes);
          await Promise.all(writes.map(followOn));
        } else {
          await Promise.all(
            writes.map(async (w) => {
              await write.perMessage!(w.key, w.body);
              await followOn(w);
            }),
          );
        }
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queue, Entries: ms.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
        done += ms.length;
      }
    }),
  );
  return total / ((performance.now() - t0) / 1000);
}
