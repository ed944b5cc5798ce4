import { parseArgs } from "node:util";
import { GRADES, type Grade, type Task } from "@supervision/core/draw/algorithm";
import { verifyDraw } from "@supervision/core/draw/verify";

/** `npm run draw:verify -- <tenantId> <drawId> [--api http://127.0.0.1:3000] [--json]`
 * Fetches a draw's public files (no sign-in: commitment, seed, plans,
 * inspector pools, candidate list, result, skips), re-runs the draw with the
 * published algorithm and says whether the result is the one published.
 * Exit 0 when every check passes, 1 when one fails, 2 on a usage or network error. */
const USAGE = `用法 / usage:
  npm run draw:verify -- <租户 tenantId> <抽查编号 drawId> [--api http://127.0.0.1:3000] [--json]

  环境变量 / environment:
    DRAW_API_URL   API 地址 / API base URL (default http://127.0.0.1:3000)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { api: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
});
if (values.help || positionals.length !== 2) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const [tenantId, drawId] = positionals as [string, string];
const api = (values.api ?? process.env.DRAW_API_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const base = `${api}/api/public/draws/${tenantId}/${drawId}`;

async function get<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`${res.status} ${url}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function main() {
  const info = await get<{
    seed?: string;
    seedCommitment: string;
    listHash: string;
    counts: Record<Grade, number>;
    plans: { id: string; bodyIds: string[]; itemCodes: string[]; ratios: Record<Grade, number> }[];
    pools: Record<string, { items: string[]; members: { id: string; certified: boolean; qualifications: string[] }[] }>;
    resultHash?: string;
    status: string;
  }>(base);
  const lists = { A: [], B: [], C: [], D: [] } as Record<Grade, string[]>;
  for (const g of GRADES) {
    for (let n: number | null = 0; n !== null; ) {
      const page: { codes: string[]; next: number | null } = await get(`${base}/roster/${g}?chunk=${n}`);
      lists[g].push(...page.codes);
      n = page.next;
    }
  }
  const tasks: Task[] = [];
  for (let n: number | null = 0; n !== null; ) {
    const page: { tasks: Task[]; next: number | null } = await get(`${base}/result?chunk=${n}`);
    tasks.push(...page.tasks);
    n = page.next;
  }
  const skipped = (await get<{ items: { plan: string; c: string; reason: string }[] }>(`${base}/skipped`)).items;
  const report = await verifyDraw({ ...info, lists, tasks, skipped });
  if (values.json) console.log(JSON.stringify({ tenantId, drawId, ...report }, null, 2));
  else {
    console.log(`抽查 / draw ${drawId} (${tenantId})：候选 ${GRADES.map((g) => `${g} ${lists[g].length}`).join("、")}，任务 ${tasks.length}，跳过 ${skipped.length}`);
    for (const c of report.checks) console.log(`${c.ok ? "✓" : "✗"} ${c.name}${c.detail ? ` — ${c.detail}` : ""}`);
    console.log(report.ok ? "结果一致：已按公布的种子和名单复现 / verified: the published result re-runs exactly" : "校验失败 / verification FAILED");
  }
  process.exit(report.ok ? 0 : 1);
}

main().catch((err) => {
  console.error(`无法校验 / cannot verify: ${(err as Error).message}`);
  process.exit(2);
});
