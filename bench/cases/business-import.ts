/**
 * business.import — import a generated directory (Business.importRows: rows
 * validated one by one, upserted by credit code with their search items,
 * the roster per grade, one audit event over the Merkle root of every row)
 * against a raw BatchWriteItem of the same items (the records and their
 * search items, built beforehand, untimed) on the same engine, with the same
 * concurrency. The two alternate, twice each, into fresh counties; the ratio
 * is raw time / import time (throughput of the import relative to raw).
 *
 * Size: BENCH_BUSINESSES (default 20,000; --quick 4,000). DynamoDB Local
 * writes a few thousand small items a second on a shared laptop, so 200,000
 * businesses (≈ 2.2 million items with their search items) take most of an
 * hour; the ratio does not depend on the size.
 */
import { startRuntime } from "../../packages/functions/src/local/runtime";
import type { BusinessItem } from "../../packages/core/src/business/business.entity";
import type { BusinessInput } from "../../packages/core/src/business/input";
import { defineCase, type Row } from "../lib/types";

const CASE = "business.import";

export default defineCase({
  name: CASE,
  description: "import a generated directory vs raw BatchWriteItem of the same items",
  async run(ctx) {
    const n = Number(process.env.BENCH_BUSINESSES ?? (ctx.quick ? 4000 : 20000));
    ctx.log("starting the local runtime…");
    const rt = await startRuntime({ seed: false, consumers: false, log: (l) => ctx.log(l) });
    const unregister = ctx.onAbort(() => rt.dynamo.stop());
    try {
      const { withContext } = await import("../../packages/core/src/context");
      const { Business } = await import("../../packages/core/src/business/index");
      const { BusinessEntity } = await import("../../packages/core/src/business/business.entity");
      const { batchWrite, searchItems } = await import("../../packages/core/src/business/store");
      const { Input } = await import("../../packages/core/src/business/input");
      const as = <T>(tenantId: string, fn: () => Promise<T>) =>
        withContext({ actor: { type: "user", userId: "usr_bench", name: "bench", tenantId, role: "tenant-admin" }, tenantId, requestId: "bench", locale: "zh-CN" }, fn);

      /** The items the import writes for these rows, as raw write requests. */
      function rawItems(tenantId: string, rows: BusinessInput[]) {
        const now = new Date().toISOString();
        return rows.flatMap((r) => {
          const p = Input.parse(r);
          const record: BusinessItem = {
            tenantId,
            creditCode: p.creditCode,
            name: p.name,
            type: p.type,
            address: p.address,
            township: p.township,
            industries: p.industries,
            licences: p.licences,
            itemCodes: p.itemCodes,
            registeredOn: p.registeredOn,
            grade: p.grade ?? "B",
            gradedAt: now,
            gradeSource: "import",
            gradeReasons: ["导入的信用风险分类结果"],
            contentHash: "x".repeat(64),
            importId: "imp_BENCH",
            createdAt: now,
            updatedAt: now,
            version: 1,
          };
          return [
            { PutRequest: { Item: BusinessEntity.put(record).params().Item as Record<string, unknown> } },
            ...searchItems(tenantId, record).map((i) => ({ PutRequest: { Item: i as unknown as Record<string, unknown> } })),
          ];
        });
      }

      const rounds = [
        { ours: "350102", raw: "350103" },
        { ours: "350104", raw: "350105" },
      ];
      const ours: number[] = [];
      const raw: number[] = [];
      let items = 0;
      for (const [i, r] of rounds.entries()) {
        const rowsRaw = [...Business.generate({ count: n, seed: 100 + i, tenantId: r.raw })];
        const requests = rawItems(r.raw, rowsRaw);
        items = requests.length;
        ctx.log(`round ${i + 1}: raw BatchWriteItem of ${requests.length} items (${n} businesses)…`);
        let t = performance.now();
        await as(r.raw, () => batchWrite(requests));
        raw.push(performance.now() - t);

        ctx.log(`round ${i + 1}: Business.importRows of ${n} rows…`);
        t = performance.now();
        const result = await as(r.ours, () => Business.importRows(Business.generate({ count: n, seed: 200 + i, tenantId: r.ours })));
        ours.push(performance.now() - t);
        if (result.created !== n) throw new Error(`imported ${result.created} of ${n}`);
        ctx.log(`  raw ${(raw.at(-1)! / 1000).toFixed(1)} s, import ${(ours.at(-1)! / 1000).toFixed(1)} s`);
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const importMs = Math.min(...ours);
      const rawMs = Math.min(...raw);
      const ratio = rawMs / importMs;
      const rows: Row[] = [
        { case: CASE, metric: `import ${n} businesses (best of ${ours.length})`, value: importMs / 1000, unit: "s", note: `median ${(median(ours) / 1000).toFixed(1)} s` },
        {
          case: CASE,
          metric: "import throughput vs raw BatchWriteItem of the same items",
          value: (n / importMs) * 1000,
          unit: "rows/s",
          baseline: (n / rawMs) * 1000,
          ratio,
          target: "ratio ≥ 0.8",
          pass: ratio >= 0.8,
          note: `${items} items per round (${(items / n).toFixed(1)} per business: record + search items); raw ${(rawMs / 1000).toFixed(1)} s`,
        },
      ];
      return { rows, details: { businesses: n, itemsPerRound: items, importMs: ours, rawMs: raw } };
    } finally {
      unregister();
      await rt.stop();
    }
  },
});
