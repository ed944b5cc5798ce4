/**
 * `npm run bench [-- [filter…] [--quick] [--strict]]`
 *
 * Runs every case in bench/cases/*.ts (or those whose name or file contains a
 * filter), one after another, prints one table and writes bench/results.json.
 * Machines are shared and noisy, so cases compare against a baseline measured
 * in the same run and report a ratio; absolute times are context only.
 *
 * Exit code: 1 if a case crashed; with --strict also if a target was missed.
 *
 * Sizes by environment variable, e.g. `BENCH_CLUES=5000 npm run bench -- clue`
 * (clue.ingest: 100,000 clues by default; BENCH_BUSINESSES for business.import).
 */
import { readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, arch, release, totalmem } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import type { BenchCase, CaseResult, Row } from "./lib/types";
import { round } from "./lib/stats";

const benchDir = fileURLToPath(new URL(".", import.meta.url));
const casesDir = join(benchDir, "cases");
const resultsFile = join(benchDir, "results.json");

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const strict = args.includes("--strict");
const filters = args.filter((a) => !a.startsWith("--"));

async function loadCases(): Promise<{ file: string; bench: BenchCase }[]> {
  const files = readdirSync(casesDir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.endsWith(".test.ts"))
    .sort();
  const loaded: { file: string; bench: BenchCase }[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(casesDir, file)).href)) as { default?: BenchCase | BenchCase[] };
    const exported = mod.default;
    if (!exported) throw new Error(`bench/cases/${file} has no default export (use defineCase)`);
    for (const bench of Array.isArray(exported) ? exported : [exported]) loaded.push({ file, bench });
  }
  return loaded.filter(({ file, bench }) => filters.length === 0 || filters.some((f) => bench.name.includes(f) || file.includes(f)));
}

const abortHandlers = new Set<() => unknown>();
let aborting = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (aborting) return;
    aborting = true;
    log(`\n${signal}: cleaning up…`);
    const timer = setTimeout(() => process.exit(130), 10_000);
    void Promise.allSettled([...abortHandlers].map(async (fn) => fn())).then(() => {
      clearTimeout(timer);
      process.exit(130);
    });
  });
}
function onAbort(fn: () => unknown) {
  abortHandlers.add(fn);
  return () => void abortHandlers.delete(fn);
}

function log(line: string) {
  process.stderr.write(`${line}\n`);
}

function fmt(x: number | undefined, digits = 2): string {
  if (x === undefined) return "";
  if (!Number.isFinite(x)) return "—";
  return x.toFixed(Math.abs(x) >= 100 ? 1 : digits);
}

function printTable(rows: Row[]) {
  const header = ["case", "metric", "value", "unit", "baseline", "ratio", "target", "pass"];
  const body = rows.map((r) => [
    r.case,
    r.metric,
    fmt(r.value),
    r.unit,
    fmt(r.baseline),
    r.ratio === undefined ? "" : `${fmt(r.ratio)}×`,
    r.target ?? "",
    r.pass === undefined ? "" : r.pass ? "PASS" : "FAIL",
  ]);
  const numeric = new Set([2, 4, 5]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const b of body) console.log(line(b));
  const notes = rows.filter((r) => r.note);
  if (notes.length) {
    console.log("");
    for (const r of notes) console.log(`• ${r.case} ${r.metric}: ${r.note}`);
  }
}

async function main() {
  const started = new Date();
  const load = { start: loadavg() };
  const cases = await loadCases();
  if (cases.length === 0) {
    log(`No case matches ${filters.join(", ")}.`);
    process.exitCode = 1;
    return;
  }
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const errors: { case: string; error: string }[] = [];
  for (const { bench } of cases) {
    log(`\n▶ ${bench.name} — ${bench.description}`);
    const t0 = performance.now();
    try {
      const result = await bench.run({ log: (l) => log(`  ${l}`), quick, onAbort });
      const normalized: CaseResult = Array.isArray(result) ? { rows: result } : result;
      rows.push(...normalized.rows);
      if (normalized.details) details[bench.name] = normalized.details;
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      log(`  ✗ ${bench.name} failed: ${message}`);
      errors.push({ case: bench.name, error: message });
      rows.push({ case: bench.name, metric: "error", value: Number.NaN, unit: "", pass: false, note: message.split("\n")[0] });
    }
    log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }

  console.log("");
  printTable(rows);

  const cpuList = cpus();
  const results = {
    date: started.toISOString(),
    durationSeconds: round((Date.now() - started.getTime()) / 1000, 1),
    args,
    machine: {
      node: process.version,
      v8: process.versions.v8,
      platform: platform(),
      arch: arch(),
      release: release(),
      cpus: { count: cpuList.length, model: cpuList[0]?.model ?? "unknown", speedMHz: cpuList[0]?.speed },
      totalMemGB: round(totalmem() / 1024 ** 3, 1),
      loadavg: { ...load, end: loadavg() },
    },
    rows: rows.map((r) => ({
      ...r,
      value: round(r.value),
      ...(r.baseline !== undefined ? { baseline: round(r.baseline) } : {}),
      ...(r.ratio !== undefined ? { ratio: round(r.ratio) } : {}),
    })),
    details,
    errors,
  };
  writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n");
  const failed = rows.filter((r) => r.pass === false).length;
  console.log(`\n${rows.length} rows, ${failed} below target; written to bench/results.json (${results.durationSeconds} s).`);
  if (errors.length > 0 || (strict && failed > 0)) process.exitCode = 1;
}

await main();
