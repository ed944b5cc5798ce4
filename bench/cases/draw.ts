/**
 * draw — a 双随机 draw over a tenant of BENCH_DRAW_BUSINESSES businesses
 * (default 200,000; --quick 20,000) in four credit grades, one plan at the
 * default ratios (RULES.md), two bodies' inspector pools. Reported: the draw
 * (commit + run: roster snapshot and hashes, cap buckets, recognition
 * checks, strata, inspectors, result chunks, counters, audit) and its peak
 * memory; the limit measured in the same run — BatchGetItem of exactly the
 * drawn businesses; and a naive baseline that loads every business record
 * and shuffles in memory.
 *
 * Set-up writes the business records (parallel BatchWriteItem, generating
 * the next 5,000 while the last are written) and then the per-grade roster
 * once, directly (untimed): importing 200,000 rows through the import takes
 * most of an hour on DynamoDB Local (see business.import).
 */
import { startRuntime } from "../../packages/functions/src/local/runtime";
import { defineCase, type Row } from "../lib/types";

const CASE = "draw";

export default defineCase({
  name: CASE,
  description: "a verifiable draw over 200,000 businesses vs BatchGetItem of the drawn ones",
  async run(ctx) {
    const n = Number(process.env.BENCH_DRAW_BUSINESSES ?? (ctx.quick ? 20_000 : 200_000));
    ctx.log("starting the local runtime…");
    const rt = await startRuntime({ seed: false, consumers: false, log: (l) => ctx.log(l) });
    const unregister = ctx.onAbort(() => rt.dynamo.stop());
    try {
      const { withContext } = await import("../../packages/core/src/context");
      const { Business } = await import("../../packages/core/src/business/index");
      const { BusinessEntity } = await import("../../packages/core/src/business/business.entity");
      const { batchWrite, batchGet } = await import("../../packages/core/src/business/store");
      const Roster = await import("../../packages/core/src/business/roster");
      const { Input } = await import("../../packages/core/src/business/input");
      const { Department } = await import("../../packages/core/src/department/index");
      const { Enforcement } = await import("../../packages/core/src/enforcement/index");
      const { Inspector } = await import("../../packages/core/src/inspector/index");
      const { Plan } = await import("../../packages/core/src/plan/index");
      const { Draw } = await import("../../packages/core/src/draw/index");
      const { townshipsOf } = await import("../../packages/core/src/tenant/townships");
      const { useDynamo } = await import("../../packages/core/src/dynamo/client");
      const { useConfig } = await import("../../packages/core/src/config");
      const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
      const tenantId = "350102";
      const as = <T>(fn: () => Promise<T>) =>
        withContext({ actor: { type: "user", userId: "usr_bench", name: "bench", tenantId, role: "tenant-admin" }, tenantId, requestId: "bench", locale: "zh-CN" }, fn);

      ctx.log(`writing ${n} business records and the roster (untimed)…`);
      const now = new Date().toISOString();
      const grades: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
      await as(async () => {
        await Department.seedStandard();
        let batch: Parameters<typeof batchWrite>[0][number][] = [];
        const moves: { creditCode: string; to: "A" | "B" | "C" | "D" }[] = [];
        // Records go out in parallel BatchWriteItems while the next ones are generated; the
        // roster is written once at the end (applying moves per batch rewrote it each time).
        let writing: Promise<void> = Promise.resolve();
        let written = 0;
        for (const r of Business.generate({ count: n, seed: 2026, tenantId })) {
          const p = Input.parse(r);
          const grade = p.grade ?? "B";
          grades[grade]!++;
          const record = {
            tenantId, creditCode: p.creditCode, name: p.name, type: p.type, address: p.address, township: p.township, industries: p.industries, licences: p.licences,
            itemCodes: p.itemCodes, registeredOn: p.registeredOn, grade, gradedAt: now, gradeSource: "import", gradeReasons: ["导入的信用风险分类结果"],
            contentHash: "x".repeat(64), importId: "imp_BENCH", createdAt: now, updatedAt: now, version: 1,
          } as const;
          batch.push({ PutRequest: { Item: BusinessEntity.put(record as never).params().Item as Record<string, unknown> } });
          moves.push({ creditCode: p.creditCode, to: grade });
          if (batch.length >= 5000) {
            const out = batch;
            await writing;
            writing = batchWrite(out, 24);
            batch = [];
            if ((written += out.length) % 50_000 === 0) ctx.log(`  ${written} records…`);
          }
        }
        await writing;
        await batchWrite(batch, 24);
        await Roster.applyMoves(tenantId, moves);
        const market = await Enforcement.publishBody({ departmentId: Department.standardId(tenantId, "market"), inspectionItems: ["FJ-SP-001", "FJ-SP-002"] });
        const health = await Enforcement.publishBody({ departmentId: Department.standardId(tenantId, "health"), inspectionItems: ["FJ-SP-001"] });
        const towns = townshipsOf(tenantId).map((t) => t.id);
        for (const [i, body] of [market, health].entries()) {
          for (let k = 0; k < 20; k++) {
            await Inspector.create({
              bodyId: body.id, name: `执法员${i}${k}`, certificateNo: `闽榕执${i}${String(k).padStart(4, "0")}`, certificateFrom: "2025-01-01", certificateUntil: "2030-12-31",
              qualifications: ["FJ-SP-001", "FJ-SP-002"], conflictTownships: [towns[k % towns.length]!],
            });
          }
        }
        await Plan.file({ title: "2026年度双随机抽查计划（基准）", year: 2026, bodyIds: [market.id], itemCodes: ["FJ-SP-001"], periodFrom: "2026-12-01", periodTo: "2026-12-31" });
      });
      const plans = await as(() => Plan.list({ year: 2026 }));
      ctx.log(`directory: ${JSON.stringify(grades)}`);

      // The draw, with its peak memory sampled.
      global.gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      const rss0 = process.memoryUsage().rss;
      let peakHeap = heap0;
      let peakRss = rss0;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakHeap = Math.max(peakHeap, m.heapUsed);
        peakRss = Math.max(peakRss, m.rss);
      }, 20);
      ctx.log("draw: commit + run…");
      let t = performance.now();
      const committed = await as(() => Draw.commitDraw({ planIds: plans.items.map((p) => p.id), drawDate: "2026-12-01" }));
      const commitMs = performance.now() - t;
      const drawn = await as(() => Draw.run(committed.id));
      const drawMs = performance.now() - t;
      clearInterval(sampler);
      ctx.log(`  ${drawn.taskCount} tasks in ${(drawMs / 1000).toFixed(1)} s (commit ${(commitMs / 1000).toFixed(1)} s)`);

      // The limit: BatchGetItem of exactly the drawn businesses.
      const codes: string[] = [];
      for (let c: number | null = 0; c !== null; ) {
        const page = await as(() => Draw.resultPage(tenantId, committed.id, c!));
        codes.push(...page.tasks.map((x) => x.c));
        c = page.next;
      }
      t = performance.now();
      const got = await as(() => batchGet(tenantId, codes));
      const limitMs = performance.now() - t;
      if (got.size !== codes.length) throw new Error(`BatchGet found ${got.size} of ${codes.length}`);

      // Baseline: load every record (by township, the directory's own index) and shuffle.
      ctx.log("baseline: load every business and shuffle…");
      global.gc?.();
      const bHeap0 = process.memoryUsage().heapUsed;
      let bPeak = bHeap0;
      const bSampler = setInterval(() => (bPeak = Math.max(bPeak, process.memoryUsage().heapUsed)), 20);
      t = performance.now();
      const all: Record<string, unknown>[] = [];
      for (const town of townshipsOf(tenantId)) {
        let start: Record<string, unknown> | undefined;
        do {
          const res = await useDynamo().send(
            new QueryCommand({ TableName: useConfig().TABLE_NAME, IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": `${tenantId}#business-town#${town.id}` }, ExclusiveStartKey: start }),
          );
          all.push(...(res.Items ?? []));
          start = res.LastEvaluatedKey;
        } while (start);
      }
      const ratios = Plan.SpotCheckDefaults.ratios.value;
      let picked = 0;
      for (const g of ["A", "B", "C", "D"] as const) {
        const list = all.filter((b) => b.grade === g);
        for (let i = list.length - 1; i > 0; i--) {
          const j = Math.floor(Math.random() * (i + 1));
          [list[i], list[j]] = [list[j]!, list[i]!];
        }
        picked += Math.round((list.length * ratios[g]) / 10000);
      }
      const baselineMs = performance.now() - t;
      clearInterval(bSampler);
      ctx.log(`  loaded ${all.length}, picked ${picked} in ${(baselineMs / 1000).toFixed(1)} s`);

      const mb = (b: number) => b / 1024 / 1024;
      const ratio = drawMs / limitMs;
      const rows: Row[] = [
        {
          case: CASE,
          metric: `draw ${n} businesses at the default ratios (commit + run), ${drawn.taskCount} tasks`,
          value: drawMs / 1000,
          unit: "s",
          baseline: limitMs / 1000,
          ratio,
          target: "ratio ≤ 3 (vs BatchGetItem of the drawn businesses)",
          pass: ratio <= 3,
          note: `commit ${(commitMs / 1000).toFixed(1)} s; BatchGetItem of ${codes.length} drawn ${(limitMs / 1000).toFixed(1)} s`,
        },
        { case: CASE, metric: "draw peak heap above its start", value: mb(peakHeap - heap0), unit: "MB", target: "≤ 256 MB", pass: mb(peakHeap - heap0) <= 256, note: `peak RSS ${mb(peakRss).toFixed(0)} MB (process)` },
        {
          case: CASE,
          metric: "baseline: load every record and shuffle",
          value: baselineMs / 1000,
          unit: "s",
          baseline: drawMs / 1000,
          ratio: baselineMs / drawMs,
          note: `peak heap +${mb(bPeak - bHeap0).toFixed(0)} MB; ${all.length} records read`,
        },
      ];
      return { rows, details: { businesses: n, grades, tasks: drawn.taskCount, drawMs, commitMs, limitMs, baselineMs, peakHeapMb: mb(peakHeap - heap0) } };
    } finally {
      unregister();
      await rt.stop();
    }
  },
});
