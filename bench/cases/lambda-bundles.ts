/**
 * lambda.bundle — each Lambda entry point bundled with esbuild as we ship it
 * (node22, ESM, minified, everything bundled including AWS SDK v3), then:
 *   - minified size (target ≤ 500 KB), with the heaviest packages from the
 *     metafile when over;
 *   - time to import the bundle in a fresh Node process, measured inside the
 *     child (median of spawns; target ≤ 200 ms), next to the import time of an
 *     empty ESM module measured the same way in the same run.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { LAMBDA_EXTERNAL, zodTwoLocalesPlugin } from "../../stacks/settings";
import { median } from "../lib/stats";
import { defineCase, type Row } from "../lib/types";

const CASE = "lambda.bundle";
const MAX_KB = 500;
const MAX_IMPORT_MS = 200;
const TOP_PACKAGES = 8;

const root = fileURLToPath(new URL("../..", import.meta.url));

export const Entries = [
  { name: "api", entry: "packages/functions/src/api/lambda.ts" },
  { name: "catalogue-sync", entry: "packages/functions/src/consumers/catalogue-sync.ts" },
  { name: "assistance", entry: "packages/functions/src/consumers/assistance.ts" },
  { name: "recognition", entry: "packages/functions/src/consumers/recognition.ts" },
  { name: "outbox-sweeper", entry: "packages/functions/src/jobs/outbox-sweeper.ts" },
] as const;

/** Context, not shipped: one consumer with the AWS SDK bundled in, to show
 * what leaving the SDK to the Lambda runtime trades (size against import time). */
const Variants = [{ name: "assistance (SDK bundled, context)", entry: "packages/functions/src/consumers/assistance.ts", external: [] as string[] }];

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
  description: "Lambda bundles: minified size and cold import time in a fresh Node process",
  async run(ctx) {
    const spawns = ctx.quick ? 3 : 7;
    // Inside the repository, so that a fresh Node finds the packages left
    // external (the AWS SDK, which Lambda's runtime provides) in node_modules.
    mkdirSync(join(root, "bench/.out"), { recursive: true });
    const dir = mkdtempSync(join(root, "bench/.out/bundles-"));
    try {
      const empty = join(dir, "empty.mjs");
      writeFileSync(empty, "export {};\n");

      const bundles: { name: string; entry: string; file: string; bytes: number; buildMs: number; weights: PackageWeight[]; context: boolean }[] = [];
      for (const { name, entry, external } of [...Entries.map((e) => ({ ...e, external: undefined as string[] | undefined })), ...Variants]) {
        const file = join(dir, `${name.replace(/\W+/g, "-")}.mjs`);
        const t = performance.now();
        const result = await esbuild.build({
          entryPoints: [join(root, entry)],
          absWorkingDir: root,
          outfile: file,
          bundle: true,
          platform: "node",
          target: "node22",
          format: "esm",
          // ESM builds of dependencies first (what SST/CDK do for ESM): better tree-shaking.
          mainFields: ["module", "main"],
          minify: true,
          treeShaking: true,
          sourcemap: false,
          legalComments: "none",
          banner: { js: REQUIRE_SHIM },
          // The same list the stacks give SST (stacks/settings.ts).
          external: external ?? [...LAMBDA_EXTERNAL],
          plugins: [zodTwoLocalesPlugin as unknown as esbuild.Plugin],
          metafile: true,
          logLevel: "silent",
        });
        const buildMs = performance.now() - t;
        for (const w of result.warnings) ctx.log(`esbuild warning (${name}): ${w.text}`);
        const bytes = statSync(file).size;
        bundles.push({ name, entry, file, bytes, buildMs, weights: packageWeights(result.metafile), context: external !== undefined });
        ctx.log(`${name}: ${(bytes / 1024).toFixed(1)} KB (built in ${buildMs.toFixed(0)} ms)`);
      }

      // Fresh process per sample; rounds interleave the empty module with the
      // bundles so drift on a shared machine hits all of them alike.
      ctx.log(`importing each bundle in ${spawns} fresh Node processes (interleaved with an empty module)…`);
      const times: Record<string, number[]> = { empty: [], ...Object.fromEntries(bundles.map((b) => [b.name, [] as number[]])) };
      for (let round = 0; round < spawns; round++) {
        const order = [{ name: "empty", file: empty }, ...bundles];
        if (round % 2 === 1) order.reverse();
        for (const { name, file } of order) times[name]!.push(await importTime(file));
      }
      const emptyMs = median(times.empty!);

      const rows: Row[] = [];
      const details: Record<string, unknown> = {
        settings: { platform: "node", target: "node22", format: "esm", minify: true, treeShaking: true, mainFields: ["module", "main"], banner: "createRequire shim", external: LAMBDA_EXTERNAL, note: "the AWS SDK v3 comes from the Lambda runtime; its load time is in the import time" },
        importEnv: IMPORT_ENV,
        importNode: process.version,
        spawnsPerBundle: spawns,
        emptyModuleImportMs: { median: round1(emptyMs), samples: times.empty!.map(round1) },
        bundles: {} as Record<string, unknown>,
      };
      for (const b of bundles) {
        const kb = b.bytes / 1024;
        const importMs = median(times[b.name]!);
        const over = kb > MAX_KB && !b.context;
        const heaviest = b.weights.slice(0, TOP_PACKAGES);
        rows.push({
          case: `${CASE}.${b.name}`,
          metric: "minified size",
          value: kb,
          unit: "KB",
          ...(b.context ? {} : { target: `≤ ${MAX_KB} KB`, pass: !over }),
          ...(over ? { note: `heaviest: ${heaviest.slice(0, 5).map(describeWeight).join(", ")}` } : {}),
        });
        rows.push({
          case: `${CASE}.${b.name}`,
          metric: "cold import (median)",
          value: importMs,
          unit: "ms",
          baseline: emptyMs,
          ratio: importMs / emptyMs,
          ...(b.context ? {} : { target: `≤ ${MAX_IMPORT_MS} ms`, pass: importMs <= MAX_IMPORT_MS }),
        });
        rows.push({ case: `${CASE}.${b.name}`, metric: "import over empty module", value: importMs - emptyMs, unit: "ms" });
        (details.bundles as Record<string, unknown>)[b.name] = {
          entry: b.entry,
          bytes: b.bytes,
          kb: round1(kb),
          buildMs: Math.round(b.buildMs),
          importMs: { median: round1(importMs), overEmpty: round1(importMs - emptyMs), samples: times[b.name]!.map(round1) },
          // Always kept in the JSON; printed only when the bundle is over target.
          heaviestPackages: heaviest,
        };
      }
      return { rows, details };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

/** Import `file` in a fresh Node process and return the duration the child measured. */
function importTime(file: string): Promise<number> {
  const code = [
    "const t = performance.now();",
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    "const ms = performance.now() - t;",
    "process.stdout.write(JSON.stringify({ ms }) + '\\n');",
  ].join(" ");
  // A clean environment: nothing from this process (tsx's loader, the local
  // runtime's endpoints) leaks into the child; only what the modules need.
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...IMPORT_ENV };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (status) => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        if (status !== 0) throw new Error(`exit ${status}`);
        resolve((JSON.parse(line) as { ms: number }).ms);
      } catch (e) {
        reject(new Error(`importing ${basename(file)} failed (${e instanceof Error ? e.message : e}):\n${err.trim().slice(0, 2000)}`));
      }
    });
  });
}

/** Bytes in the output per package (node_modules) or workspace folder, heaviest first. */
export function packageWeights(metafile: esbuild.Metafile): PackageWeight[] {
  const output = Object.values(metafile.outputs)[0];
  if (!output) return [];
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
