import { withContext } from "@supervision/core/context";
import { asFunction } from "@supervision/core/dynamo/function-kind";
import { Risk } from "@supervision/core/risk/index";
import { Tenant } from "@supervision/core/tenant/index";

/** 风险排名每日重新评分: scores go stale as time passes (a clue window
 * closes, a year without inspection adds points, records age out, the
 * province publishes new weights), so each night every tenant's directory is
 * re-scored — per tenant, page by page of its per-grade rosters, progress
 * saved after each page (`Risk.rescoreDirectory`), so a run cut short by its
 * time limit resumes at the next invocation; a tenant already done today is
 * skipped. Unchanged businesses write nothing. The cloud runs it hourly in the
 * night (stacks/schedules.ts); locally `npm run risk:rescore`. */
export async function runRiskRescore(options: { tenants?: string[]; now?: () => Date; deadline?: number; pageSize?: number; maxPages?: number } = {}) {
  // This job's own IAM policy (stacks/schedules.ts) answers for these requests (tests/security).
  return asFunction("risk-rescore", () => run(options));
}

async function run(options: { tenants?: string[]; now?: () => Date; deadline?: number; pageSize?: number; maxPages?: number }) {
  const tenants = options.tenants ?? Tenant.all().map((t) => t.id);
  const progress: Risk.JobProgress[] = [];
  const failures: string[] = [];
  // A few tenants at a time: each walks its own partitions only.
  for (let i = 0; i < tenants.length; i += 4) {
    if (options.deadline && Date.now() > options.deadline) break;
    await Promise.all(
      tenants.slice(i, i + 4).map((tenantId) =>
        withContext({ actor: { type: "system", reason: "risk rescore" }, tenantId, requestId: `risk-rescore-${tenantId}`, locale: "zh-CN", now: options.now }, async () => {
          try {
            progress.push(await Risk.rescoreDirectory({ deadline: options.deadline, pageSize: options.pageSize, maxPages: options.maxPages }));
          } catch (err) {
            failures.push(`${tenantId}: ${err}`);
          }
        }),
      ),
    );
  }
  return {
    tenants: progress.length,
    finished: progress.filter((p) => p.done).length,
    scored: progress.reduce((s, p) => s + p.scored, 0),
    changed: progress.reduce((s, p) => s + p.changed, 0),
    progress,
    failures,
  };
}

/** The Cron's entry: stops taking new pages a minute before the function's time limit; the next hour resumes. */
export const handler = async (_event?: unknown, context?: { getRemainingTimeInMillis?: () => number }) => {
  const remaining = context?.getRemainingTimeInMillis?.() ?? 14 * 60_000;
  const result = await runRiskRescore({ deadline: Date.now() + remaining - 60_000 });
  if (result.failures.length) console.error("risk rescore failures", result.failures);
  return { tenants: result.tenants, finished: result.finished, scored: result.scored, changed: result.changed, failures: result.failures };
};
