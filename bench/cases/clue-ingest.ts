/**
 * clue.ingest — ingest clues about a directory's businesses from five sources
 * through `Clue.intake` (the machine API's core: validation, matching by
 * credit code or by name and address, routing, warning rules, correlation
 * into one joint task per business within the window, one audit event per
 * commit) against raw PutItem of the same items on the same engine in the
 * same run: every item the ingest's transactions wrote (captured with
 * `observeCommits`, moved to another tenant's keys) put one by one, 16 at a
 * time. Ratio = raw time / ingest time; target ≥ 0.5. The case asserts that
 * the tasks created equal the distinct businesses with clues inside the window.
 *
 * Size: BENCH_CLUES (default 100,000; --quick 5,000) about BENCH_CLUES / 5
 * businesses; BENCH_CLUE_CONCURRENCY batches of 100 in flight (default 4).
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { startRuntime } from "../../packages/functions/src/local/runtime";
import type { TxItem } from "../../packages/core/src/dynamo/tx";
import { defineCase, type Row } from "../lib/types";

const CASE = "clue.ingest";
const SOURCES = ["hotline-12345", "association", "media", "department", "sensor"] as const;

export default defineCase({
  name: CASE,
  description: "ingest clues from five sources (matching + correlation on ingest) vs raw PutItem of the same items",
  async run(ctx) {
    const n = Number(process.env.BENCH_CLUES ?? (ctx.quick ? 5000 : 100_000));
    const nBusinesses = Math.max(1, Math.floor(n / 5));
    const concurrency = Number(process.env.BENCH_CLUE_CONCURRENCY ?? 4);
    ctx.log("starting the local runtime…");
    const rt = await startRuntime({ seed: false, consumers: false, log: (l) => ctx.log(l) });
    const unregister = ctx.onAbort(() => rt.dynamo.stop());
    try {
      const { withContext } = await import("../../packages/core/src/context");
      const { Business } = await import("../../packages/core/src/business/index");
      const { Clue } = await import("../../packages/core/src/clue/index");
      const { Department } = await import("../../packages/core/src/department/index");
      const { observeCommits } = await import("../../packages/core/src/outbox/commit");
      const { useDynamo } = await import("../../packages/core/src/dynamo/client");
      const { useConfig } = await import("../../packages/core/src/config");
      const OURS = "350104";
      const RAW = "350105";
      const admin = <T>(fn: () => Promise<T>) =>
        withContext({ actor: { type: "user", userId: "usr_bench", name: "bench", tenantId: OURS, role: "tenant-admin" }, tenantId: OURS, requestId: "bench", locale: "zh-CN" }, fn);
      // Each source system posts with its own client, bound to its source (clue-<source>-<tenant>).
      const machine = <T>(source: string, fn: () => Promise<T>) =>
        withContext({ actor: { type: "machine", clientId: `clue-${source}-${OURS}`, tenantId: OURS, role: "source-system" }, tenantId: OURS, requestId: "bench", locale: "zh-CN" }, fn);

      ctx.log(`directory: ${nBusinesses} businesses (untimed)…`);
      await withContext({ actor: { type: "system", reason: "bench" }, tenantId: OURS, requestId: "bench", locale: "zh-CN" }, () => Department.seedStandard());
      const rows = [...Business.generate({ count: nBusinesses, seed: 14, tenantId: OURS })] as { creditCode: string; name: string; address: string }[];
      await admin(() => Business.importRows(rows));

      // Clues: uniform over the businesses, five sources, received within the last 60 days (inside the 90-day window);
      // one in ten names its business only by name and address (matched when exact and unique).
      let seed = 1414;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const now = Date.now();
      const clues = Array.from({ length: n }, (_, i) => {
        const b = rows[Math.floor(random() * rows.length)]!;
        const byName = i % 10 === 9;
        return {
          externalId: `bench-${i}`,
          source: SOURCES[i % SOURCES.length]!,
          receivedAt: new Date(now - Math.floor(random() * 60 * 24 * 3600 * 1000)).toISOString(),
          business: byName ? { name: b.name, address: b.address } : { creditCode: b.creditCode },
          facts: `基准线索 ${i}：群众反映经营场所存在问题。`,
          itemCodes: ["FJ-SP-001"],
        };
      });

      const written: TxItem[] = [];
      observeCommits((info) => {
        if (info.tenantId === OURS) written.push(...info.items);
      });
      ctx.log(`ingest: ${n} clues in batches of 100, ${concurrency} in flight…`);
      // Batches of 100 of one source each (a source posts its own batch), the five sources interleaved.
      const perSource = SOURCES.map((s) => clues.filter((c) => c.source === s));
      const batches: (typeof clues)[] = [];
      for (let i = 0; perSource.some((l) => i < l.length); i += 100) for (const l of perSource) if (i < l.length) batches.push(l.slice(i, i + 100));
      const tasked = new Map<string, string>(); // clue externalId → taskId
      const codeOf = new Map(clues.map((c, i) => [c.externalId, i]));
      let unmatched = 0;
      let next = 0;
      let done = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < batches.length) {
            const batch = batches[next++]!;
            const res = await machine(batch[0]!.source, () => Clue.intake({ contractVersion: "1", clues: batch }));
            if (res.rejected.length) throw new Error(`rejected: ${JSON.stringify(res.rejected[0])}`);
            for (const a of res.accepted) {
              if (a.taskId) tasked.set(a.externalId!, a.taskId);
              else unmatched++;
            }
            done += batch.length;
            if (done % 5000 < 100) ctx.log(`  ${done} / ${n}`);
          }
        }),
      );
      const oursMs = performance.now() - t0;
      observeCommits(undefined);

      // Tasks created must equal the distinct businesses with (matched) clues inside the window.
      const businessOfTask = new Map<string, string>();
      const distinct = new Set<string>();
      for (const [ext, taskId] of tasked) {
        const c = clues[codeOf.get(ext)!]!;
        const code = c.business.creditCode ?? rows.find((r) => r.name === c.business.name && r.address === c.business.address)!.creditCode;
        distinct.add(code);
        const had = businessOfTask.get(taskId);
        if (had && had !== code) throw new Error(`task ${taskId} holds two businesses`);
        businessOfTask.set(taskId, code);
      }
      const tasks = businessOfTask.size;
      if (tasks !== distinct.size) throw new Error(`tasks created ${tasks} ≠ distinct businesses with clues in the window ${distinct.size}`);
      const byCode = clues.filter((c) => c.business.creditCode).length;
      const codeTasked = [...tasked.keys()].filter((e) => clues[codeOf.get(e)!]!.business.creditCode).length;
      if (codeTasked !== byCode) throw new Error(`${byCode - codeTasked} clues with a known credit code did not reach a task`);

      // Raw: the same items, PutItem one by one, into another tenant's keys.
      const table = useConfig().TABLE_NAME;
      const moved = written.map((item) => {
        const op = (item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck) as { Item?: Record<string, unknown>; Key?: Record<string, unknown>; ExpressionAttributeValues?: Record<string, unknown> };
        const base = op.Item ?? { ...op.Key, ...Object.fromEntries(Object.entries(op.ExpressionAttributeValues ?? {}).map(([k, v]) => [k.slice(1), v])) };
        const swap = (v: unknown) => (typeof v === "string" && v.startsWith(`${OURS}#`) ? RAW + v.slice(OURS.length) : v);
        return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, swap(v)]));
      });
      ctx.log(`raw: PutItem of the same ${moved.length} items, 16 in flight…`);
      let k = 0;
      const t1 = performance.now();
      await withContext({ actor: { type: "system", reason: "bench" }, tenantId: RAW, requestId: "bench", locale: "zh-CN" }, () =>
        Promise.all(
          Array.from({ length: 16 }, async () => {
            while (k < moved.length) {
              const Item = moved[k++]!;
              await useDynamo().send(new PutCommand({ TableName: table, Item }));
            }
          }),
        ),
      );
      const rawMs = performance.now() - t1;
      const ratio = rawMs / oursMs;
      const rowsOut: Row[] = [
        {
          case: CASE,
          metric: `ingest ${n} clues about ${nBusinesses} businesses (5 sources)`,
          value: (n / oursMs) * 1000,
          unit: "clues/s",
          baseline: (n / rawMs) * 1000,
          ratio,
          target: "ratio ≥ 0.5",
          pass: ratio >= 0.5,
          note: `${moved.length} items written (${(moved.length / n).toFixed(2)} per clue); ingest ${(oursMs / 1000).toFixed(1)} s, raw PutItem ${(rawMs / 1000).toFixed(1)} s`,
        },
        {
          case: CASE,
          metric: "tasks created = distinct businesses with clues in the window",
          value: tasks,
          unit: "tasks",
          baseline: distinct.size,
          pass: tasks === distinct.size,
          note: `${unmatched} name-only clues left for an officer (ambiguous names)`,
        },
      ];
      return { rows: rowsOut, details: { clues: n, businesses: nBusinesses, itemsWritten: moved.length, oursMs, rawMs, tasks, unmatched } };
    } finally {
      unregister();
      await rt.stop();
    }
  },
});
