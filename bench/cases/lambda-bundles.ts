/**
 * lambda.bundle — every Lambda entry point bundled with esbuild as the stacks
 * ship it (node22, ESM, minified, its own tree-shaken AWS SDK v3, the plugins
 * of stacks/settings.ts), then:
 *   - the init it would show: CPU time of importing the bundle in a fresh Node
 *     process, measured inside the child (median of spawns; target ≤ 200 ms
 *     for the API, ≤ 150 ms for consumers and jobs), next to an empty ESM
 *     module measured the same way in the same run; wall time as context;
 *   - the shares of that init due to the AWS SDK, ElectroDB and zod, from CPU
 *     profiles of the same bundle built unminified;
 *   - size without the SDK (≤ 500 KB: our code and dependencies) and as shipped.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { LAMBDA_EXTERNAL, LAMBDA_PLUGINS, LAMBDA_SPLITTING } from "../../stacks/settings";
import { median } from "../lib/stats";
import { defineCase, type Row } from "../lib/types";

const CASE = "lambda.bundle";
const MAX_KB = 500;
const TOP_PACKAGES = 8;

const root = fileURLToPath(new URL("../..", import.meta.url));

export const Entries = [
  { name: "api", entry: "packages/functions/src/api/lambda.ts", kind: "api" },
  { name: "catalogue-sync", entry: "packages/functions/src/consumers/catalogue-sync.ts", kind: "consumer" },
  { name: "assistance", entry: "packages/functions/src/consumers/assistance.ts", kind: "consumer" },
  { name: "recognition", entry: "packages/functions/src/consumers/recognition.ts", kind: "consumer" },
  { name: "outbox-sweeper", entry: "packages/functions/src/jobs/outbox-sweeper.ts", kind: "job" },
  { name: "assistance-escalator", entry: "packages/functions/src/jobs/assistance-escalator.ts", kind: "job" },
  { name: "alert-resume", entry: "packages/functions/src/jobs/alert-resume.ts", kind: "job" },
  { name: "audit-anchor", entry: "packages/functions/src/jobs/audit-anchor.ts", kind: "job" },
] as const;

/** Issue 16: the API within 200 ms, consumers and jobs within 150 ms. */
const MAX_IMPORT_MS: Record<(typeof Entries)[number]["kind"], number> = { api: 200, consumer: 150, job: 150 };

/** Context, not shipped: one consumer with the AWS SDK left to the Lambda
 * runtime's copy (node_modules, as the runtime loads it), to show why the
 * shipped bundles carry their own tree-shaken SDK. */
const Variants = [{ name: "assistance (SDK from the runtime, context)", entry: "packages/functions/src/consumers/assistance.ts", external: ["@aws-sdk/*"] as string[] }];

/** What the modules read at import; set so that import does not throw. */
const IMPORT_ENV = {
  TABLE_NAME: "supervision",
  QUEUE_URLS: "{}",
  OIDC_ISSUER: "http://127.0.0.1:1/oidc",
  AWS_REGION: "cn-north-1",
};

/** ESM output has no `require`; some CommonJS dependencies call it for Node built-ins. */
const REQUIRE_SHIM = "import { createRequire as __bench_createRequire } from 'node:module'; const require = __bench_createRequire(import.meta.url);";

export interface PackageWeight {
  package: string;
  kb: number;
  /** Heaviest folders inside the package, to say what to cut. */
  topFolders: { folder: string; kb: number; files: number }[];
}

export default defineCase({
  name: CASE,
  description: "Lambda bundles: cold import (init) of every function in a fresh Node process, its shares (AWS SDK, ElectroDB, zod), size",
  async run(ctx) {
    const spawns = ctx.quick ? 5 : 9;
    // Inside the repository, so that a fresh Node finds the packages left
    // external (the context variant's SDK) in node_modules.
    mkdirSync(join(root, "bench/.out"), { recursive: true });
    const dir = mkdtempSync(join(root, "bench/.out/bundles-"));
    try {
      const empty = join(dir, "empty.mjs");
      writeFileSync(empty, "export {};\n");

      // Probes: the libraries alone, built and imported the same way — what a
      // function costs before any code of ours (the marginal share of each).
      const probes = Object.entries(PROBES).map(([name, code]) => {
        const entry = join(dir, `probe-${name}.ts`);
        writeFileSync(entry, code);
        return { name: `floor: ${name} (context)`, entry: relative(root, entry), kind: "consumer" as const, external: undefined as string[] | undefined, context: true };
      });
      const bundles: Bundle[] = [];
      for (const e of [...Entries.map((e) => ({ ...e, external: undefined as string[] | undefined, context: false })), ...Variants.map((v) => ({ ...v, kind: "consumer" as const, context: true })), ...probes]) {
        const outdir = join(dir, e.name.replace(/\W+/g, "-"));
        const t = performance.now();
        const result = await build(e.entry, outdir, e.external, true);
        const buildMs = performance.now() - t;
        for (const w of result.warnings) ctx.log(`esbuild warning (${e.name}): ${w.text}`);
        const file = join(outdir, "index.mjs");
        // What a cold start loads: the entry and the chunks it imports
        // statically; chunks behind a dynamic import load when first used.
        const loaded = staticClosure(result.metafile, relative(root, file).replaceAll("\\", "/"));
        const bytes = loaded.reduce((n, o) => n + result.metafile.outputs[o]!.bytes, 0);
        const weights = packageWeights(result.metafile, loaded);
        const sdkBytes = weights.filter((w) => SHARE_OF(w.package) === "sdk").reduce((n, w) => n + w.kb * 1024, 0);
        bundles.push({ ...e, file, bytes, sdkBytes, buildMs, weights });
        ctx.log(`${e.name}: ${(bytes / 1024).toFixed(1)} KB, ${((bytes - sdkBytes) / 1024).toFixed(1)} KB without the SDK (built in ${buildMs.toFixed(0)} ms)`);
      }

      // Fresh process per sample; rounds interleave the empty module with the
      // bundles so drift on a shared machine hits all of them alike. Each
      // child reports its wall time and the CPU time (user + system) the
      // import took: on a machine shared by several engineers, wall time
      // measures the neighbours as much as the bundle, CPU time the work an
      // init does (what a Lambda's init, alone on its vCPU share, waits for).
      ctx.log(`importing each bundle in ${spawns} fresh Node processes (interleaved with an empty module)…`);
      const times: Record<string, ImportSample[]> = { empty: [], ...Object.fromEntries(bundles.map((b) => [b.name, [] as ImportSample[]])) };
      for (let round = 0; round < spawns; round++) {
        const order = [{ name: "empty", file: empty }, ...bundles];
        if (round % 2 === 1) order.reverse();
        for (const { name, file } of order) times[name]!.push(await importTime(file));
      }
      const emptyCpu = median(times.empty!.map((t) => t.cpuMs));
      const emptyWall = median(times.empty!.map((t) => t.ms));

      // Where an init's time goes: CPU profiles of the same bundles built
      // unminified (module markers kept), self time attributed per package.
      ctx.log("profiling each shipped bundle's import (self time per package)…");
      const shares: Record<string, Record<Share, number>> = {};
      for (const b of bundles.filter((b) => !b.context)) shares[b.name] = await profileShares(b, dir, ctx.quick ? 2 : 3);

      const rows: Row[] = [];
      const details: Record<string, unknown> = {
        settings: { platform: "node", target: "node22", format: "esm", minify: true, treeShaking: true, mainFields: ["module", "main"], banner: "createRequire shim", external: LAMBDA_EXTERNAL, plugins: LAMBDA_PLUGINS.map((p) => p.name), note: "the shipped bundles carry their own tree-shaken AWS SDK v3 (one file to compile instead of hundreds to resolve); its load time is in the import time" },
        importEnv: IMPORT_ENV,
        importNode: process.version,
        spawnsPerBundle: spawns,
        measure: "cpuMs = user + system CPU time of the import inside the child (the target applies to it); wallMs = its wall time, context (neighbours' load included)",
        emptyModuleImport: { cpuMs: round1(emptyCpu), wallMs: round1(emptyWall) },
        bundles: {} as Record<string, unknown>,
      };
      for (const b of bundles) {
        const kb = b.bytes / 1024;
        const ownKb = (b.bytes - b.sdkBytes) / 1024;
        const cpu = median(times[b.name]!.map((t) => t.cpuMs));
        const wall = median(times[b.name]!.map((t) => t.ms));
        const limit = MAX_IMPORT_MS[b.kind];
        const heaviest = b.weights.slice(0, TOP_PACKAGES);
        const share = shares[b.name];
        const over = ownKb > MAX_KB && !b.context;
        rows.push({
          case: `${CASE}.${b.name}`,
          metric: "init: cold import, CPU (median)",
          value: cpu,
          unit: "ms",
          baseline: emptyCpu,
          ratio: cpu / emptyCpu,
          ...(b.context ? {} : { target: `≤ ${limit} ms`, pass: cpu <= limit }),
          ...(share ? { note: `shares of the init: AWS SDK ${pct(share.sdk)}, ElectroDB ${pct(share.electrodb)}, zod ${pct(share.zod)}, app code ${pct(share.app)}, other packages ${pct(share.packages)}, Node (compile, GC, loader) ${pct(share.node)} → SDK ${ms(cpu * share.sdk)}, ElectroDB ${ms(cpu * share.electrodb)}, zod ${ms(cpu * share.zod)}` } : {}),
        });
        rows.push({ case: `${CASE}.${b.name}`, metric: "cold import, wall (median, context)", value: wall, unit: "ms", baseline: emptyWall, ratio: wall / emptyWall });
        rows.push({
          case: `${CASE}.${b.name}`,
          metric: "minified size without the SDK",
          value: ownKb,
          unit: "KB",
          ...(b.context ? {} : { target: `≤ ${MAX_KB} KB`, pass: !over }),
          ...(over ? { note: `heaviest: ${heaviest.filter((w) => SHARE_OF(w.package) !== "sdk").slice(0, 5).map(describeWeight).join(", ")}` } : {}),
        });
        rows.push({ case: `${CASE}.${b.name}`, metric: "minified size as shipped (context)", value: kb, unit: "KB" });
        (details.bundles as Record<string, unknown>)[b.name] = {
          entry: b.entry,
          bytes: b.bytes,
          kb: round1(kb),
          kbWithoutSdk: round1(ownKb),
          buildMs: Math.round(b.buildMs),
          import: { cpuMs: round1(cpu), wallMs: round1(wall), samples: times[b.name]!.map((t) => ({ cpuMs: round1(t.cpuMs), wallMs: round1(t.ms) })) },
          ...(share ? { shares: Object.fromEntries(Object.entries(share).map(([k, v]) => [k, Math.round(v * 1000) / 1000])), sharesMs: Object.fromEntries(Object.entries(share).map(([k, v]) => [k, round1(v * cpu)])) } : {}),
          heaviestPackages: heaviest,
        };
      }
      return { rows, details };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

interface Bundle {
  name: string;
  entry: string;
  kind: keyof typeof MAX_IMPORT_MS;
  external: string[] | undefined;
  context: boolean;
  file: string;
  bytes: number;
  sdkBytes: number;
  buildMs: number;
  weights: PackageWeight[];
}
interface ImportSample {
  ms: number;
  cpuMs: number;
}

/** As SST builds a function (`nodejs.splitting`): ESM chunks, the entry as index.mjs. */
function build(entry: string, outdir: string, external: string[] | undefined, minify: boolean) {
  return esbuild.build({
    entryPoints: { index: join(root, entry) },
    absWorkingDir: root,
    outdir,
    splitting: LAMBDA_SPLITTING,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    // ESM builds of dependencies first (what SST/CDK do for ESM): better tree-shaking.
    mainFields: ["module", "main"],
    minify,
    treeShaking: true,
    sourcemap: false,
    legalComments: "none",
    banner: { js: REQUIRE_SHIM },
    // The same lists the stacks give SST (stacks/settings.ts).
    external: external ?? [...LAMBDA_EXTERNAL],
    plugins: [...LAMBDA_PLUGINS] as unknown as esbuild.Plugin[],
    metafile: true,
    logLevel: "silent",
  });
}

/** Library-only entries (see `probes` above): each imports and constructs what every function does. */
const PROBES: Record<string, string> = {
  "AWS SDK (DynamoDB document client, SQS, STS)": [
    'import { DynamoDBClient } from "@aws-sdk/client-dynamodb";',
    'import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";',
    'import { SQSClient } from "@aws-sdk/client-sqs";',
    'import { STSClient } from "@aws-sdk/client-sts";',
    "export const clients = [DynamoDBDocumentClient.from(new DynamoDBClient({})), new SQSClient({}), new STSClient({})];",
  ].join("\n"),
  "ElectroDB (one entity, with its SDK imports)": [
    'import { Entity } from "electrodb";',
    'export const e = new Entity({ model: { entity: "x", version: "1", service: "s" }, attributes: { a: { type: "string", required: true } }, indexes: { p: { pk: { field: "pk", composite: ["a"] }, sk: { field: "sk", composite: [] } } } });',
  ].join("\n"),
  "zod (one schema)": ['import * as z from "zod";', "export const s = z.object({ a: z.string(), b: z.number().optional() });"].join("\n"),
};

type Share = "sdk" | "electrodb" | "zod" | "app" | "packages" | "node";
const SHARE_OF = (pkg: string): Share =>
  /^@(aws-sdk|smithy|aws-crypto)\//.test(pkg) || pkg === "@aws-sdk" || pkg === "fast-xml-parser" || pkg === "strnum" || pkg === "tslib" || pkg === "bowser" || pkg === "uuid"
    ? "sdk"
    : pkg === "electrodb" || pkg === "jsonschema"
      ? "electrodb"
      : pkg === "zod" || pkg === "@hono/zod-openapi" || pkg === "@asteasolutions/zod-to-openapi"
        ? "zod"
        : pkg.startsWith("packages/")
          ? "app"
          : "packages";

/** Import the unminified build of `b` under `--cpu-prof` and attribute each
 * sample's self time to the package whose module the line belongs to (esbuild
 * marks each module with a `// path` comment); time outside the bundle (the
 * compiler, the garbage collector, the module loader) is Node's. */
async function profileShares(b: Bundle, dir: string, runs: number): Promise<Record<Share, number>> {
  const outdir = join(dir, `${b.name.replace(/\W+/g, "-")}.profile`);
  await build(b.entry, outdir, b.external, false);
  const file = join(outdir, "index.mjs");
  const markers = new Map<string, { line: number; pkg: string }[]>();
  for (const chunk of readdirSync(outdir)) {
    const marks: { line: number; pkg: string }[] = [];
    readFileSync(join(outdir, chunk), "utf8")
      .split("\n")
      .forEach((l, i) => {
        const m = /^\/\/ ((?:node_modules|packages)\/\S+)$/.exec(l);
        if (m) marks.push({ line: i + 1, pkg: splitPackage(m[1]!).pkg });
      });
    markers.set(pathToFileURL(join(outdir, chunk)).href, marks);
  }
  const pkgAt = (marks: { line: number; pkg: string }[], line: number) => {
    let lo = 0;
    let hi = marks.length - 1;
    let found = "packages/";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid]!.line <= line) {
        found = marks[mid]!.pkg;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const profDir = mkdtempSync(join(dir, "prof-"));
  const totals: Record<Share, number> = { sdk: 0, electrodb: 0, zod: 0, app: 0, packages: 0, node: 0 };
  for (let i = 0; i < runs; i++) await importTime(file, ["--cpu-prof", `--cpu-prof-dir=${profDir}`, "--cpu-prof-interval=250"]);
  for (const f of readdirSync(profDir)) {
    const profile = JSON.parse(readFileSync(join(profDir, f), "utf8")) as {
      nodes: { id: number; callFrame: { url: string; lineNumber: number; functionName: string } }[];
      samples: number[];
      timeDeltas: number[];
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    profile.samples.forEach((id, i) => {
      const cf = byId.get(id)!;
      if (cf.functionName === "(idle)") return;
      const dt = profile.timeDeltas[i] ?? 0;
      const marks = markers.get(cf.url);
      const share: Share = marks ? SHARE_OF(pkgAt(marks, cf.lineNumber + 1)) : cf.url.includes("/node_modules/") ? SHARE_OF(splitPackage(relative(root, fileURLToPath(cf.url))).pkg) : "node";
      totals[share] += dt;
    });
  }
  const all = Object.values(totals).reduce((a, b) => a + b, 0) || 1;
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v / all])) as Record<Share, number>;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const ms = (x: number) => `${Math.round(x)} ms`;

/** Import `file` in a fresh Node process and return the wall and CPU time the child measured. */
function importTime(file: string, nodeArgs: string[] = []): Promise<ImportSample> {
  const code = [
    "const t = performance.now(); const c = process.cpuUsage();",
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    "const ms = performance.now() - t; const u = process.cpuUsage(c);",
    "process.stdout.write(JSON.stringify({ ms, cpuMs: (u.user + u.system) / 1000 }) + '\\n');",
  ].join(" ");
  // A clean environment: nothing from this process (tsx's loader, the local
  // runtime's endpoints) leaks into the child; only what the modules need.
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...IMPORT_ENV };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, "--input-type=module", "-e", code], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (status) => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        if (status !== 0) throw new Error(`exit ${status}`);
        resolve(JSON.parse(line) as ImportSample);
      } catch (e) {
        reject(new Error(`importing ${basename(file)} failed (${e instanceof Error ? e.message : e}):\n${err.trim().slice(0, 2000)}`));
      }
    });
  });
}

/** The outputs a cold start loads: `entry` and every chunk reachable from it by static imports. */
function staticClosure(metafile: esbuild.Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (o: string) => {
    if (seen.has(o) || !metafile.outputs[o]) return;
    seen.add(o);
    for (const i of metafile.outputs[o]!.imports) if (i.kind === "import-statement" && !i.external) visit(i.path);
  };
  visit(entry);
  return [...seen];
}

/** Bytes in the output per package (node_modules) or workspace folder, heaviest first. */
export function packageWeights(metafile: esbuild.Metafile, outputs: string[] = Object.keys(metafile.outputs).slice(0, 1)): PackageWeight[] {
  const inputs: Record<string, { bytesInOutput: number }> = {};
  for (const o of outputs) for (const [input, v] of Object.entries(metafile.outputs[o]?.inputs ?? {})) inputs[input] = { bytesInOutput: (inputs[input]?.bytesInOutput ?? 0) + v.bytesInOutput };
  const output = { inputs };
  const byPackage = new Map<string, { bytes: number; folders: Map<string, { bytes: number; files: number }> }>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0) continue;
    const path = relative(root, join(root, input)).replaceAll("\\", "/");
    const { pkg, inner } = splitPackage(path);
    const entry = byPackage.get(pkg) ?? { bytes: 0, folders: new Map() };
    entry.bytes += bytesInOutput;
    const folder = inner.includes("/") ? inner.slice(0, inner.lastIndexOf("/")) : ".";
    const f = entry.folders.get(folder) ?? { bytes: 0, files: 0 };
    f.bytes += bytesInOutput;
    f.files += 1;
    entry.folders.set(folder, f);
    byPackage.set(pkg, entry);
  }
  return [...byPackage.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([pkg, { bytes, folders }]) => ({
      package: pkg,
      kb: round1(bytes / 1024),
      topFolders: [...folders.entries()]
        .sort((a, b) => b[1].bytes - a[1].bytes)
        .slice(0, 3)
        .map(([folder, f]) => ({ folder, kb: round1(f.bytes / 1024), files: f.files })),
    }));
}

/** "node_modules/@aws-sdk/client-sqs/dist-es/x.js" → @aws-sdk/client-sqs + dist-es/x.js;
 * "packages/core/src/x.ts" → packages/core/src + x.ts (the innermost node_modules wins). */
function splitPackage(path: string): { pkg: string; inner: string } {
  const marker = "node_modules/";
  const at = path.lastIndexOf(marker);
  if (at >= 0) {
    const rest = path.slice(at + marker.length).split("/");
    const n = rest[0]?.startsWith("@") ? 2 : 1;
    return { pkg: rest.slice(0, n).join("/"), inner: rest.slice(n).join("/") };
  }
  const parts = path.split("/");
  const n = parts[0] === "packages" ? 3 : 1;
  return { pkg: parts.slice(0, n).join("/"), inner: parts.slice(n).join("/") };
}

function describeWeight(w: PackageWeight) {
  const top = w.topFolders[0];
  const share = top && w.topFolders.length > 0 && top.kb >= w.kb * 0.25 && top.folder !== "." ? ` (${top.folder}/ ${top.kb} KB in ${top.files} files)` : "";
  return `${w.package} ${w.kb} KB${share}`;
}

function round1(x: number) {
  return Math.round(x * 10) / 10;
}
