/**
 * web.bundles — the portal's script as a browser downloads it, gzipped:
 *   - each entry chunk (the HTML entry and each lazily loaded route) on its own;
 *   - per page, everything it loads before it can show (its chunk and its static
 *     imports, from Vite's manifest): the sign-in page and the public guides
 *     must stay ≤ 300 KB gzipped (issue 15 Found 10); signed-in pages as context.
 * Builds the portal first when dist/.vite/manifest.json is missing.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { defineCase, type Row } from "../lib/types";

const CASE = "web.bundles";
const MAX_PUBLIC_KB = 300;
const root = fileURLToPath(new URL("../..", import.meta.url));
const dist = join(root, "packages/web/dist");
const manifestFile = join(dist, ".vite/manifest.json");

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, Chunk>;

/** The pages measured: their manifest keys (beyond the HTML entry). */
const Pages = [
  { page: "sign-in /signin", keys: [] as string[], public: true },
  { page: "public guides /guides/:industry", keys: ["src/pages/Guides.tsx"], public: true },
  // Local demo mode only (the issuer lists demo accounts): the account picker.
  { page: "sign-in with the demo picker (local demo, context)", keys: ["src/pages/DemoPicker.tsx"], public: false },
  { page: "signed-in home / (context)", keys: ["src/Shell.tsx", "src/pages/Home.tsx"], public: false },
  { page: "dashboard /dashboard (context)", keys: ["src/Shell.tsx", "src/pages/Dashboard.tsx"], public: false },
];

export function gzipKb(file: string): number {
  return gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024;
}

/** A chunk and its static imports, as files. */
export function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return new Set([...seen].map((k) => manifest[k]!.file));
  seen.add(key);
  for (const dep of chunk.imports ?? []) closure(manifest, dep, seen);
  return new Set([...seen].map((k) => manifest[k]!.file));
}

export default defineCase({
  name: CASE,
  description: "Portal script per page and per entry chunk, gzipped (sign-in and public pages ≤ 300 KB)",
  async run(ctx) {
    if (!existsSync(manifestFile)) {
      ctx.log("building the portal (no dist/.vite/manifest.json)…");
      execFileSync("npm", ["run", "build", "-w", "packages/web"], { cwd: root, stdio: "ignore" });
    }
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
    const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
    if (!entryKey) throw new Error("no entry in the portal's manifest");
    const rows: Row[] = [];
    const entryFiles = closure(manifest, entryKey);
    for (const p of Pages) {
      const files = new Set(entryFiles);
      for (const key of p.keys) for (const f of closure(manifest, key)) files.add(f);
      const kb = [...files].filter((f) => f.endsWith(".js")).reduce((sum, f) => sum + gzipKb(f), 0);
      rows.push({
        case: CASE,
        metric: `${p.page}: script loaded, gzipped`,
        value: kb,
        unit: "KB",
        ...(p.public ? { target: `≤ ${MAX_PUBLIC_KB} KB`, pass: kb <= MAX_PUBLIC_KB } : {}),
      });
    }
    // Each entry chunk (the HTML entry and every lazily loaded route), alone.
    const entries = Object.entries(manifest).filter(([, c]) => (c.isEntry || c.isDynamicEntry) && c.file.endsWith(".js"));
    for (const [key, c] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      rows.push({ case: CASE, metric: `entry chunk ${c.src ?? key}`, value: gzipKb(c.file), unit: "KB gz" });
    }
    return { rows, details: { entry: [...entryFiles] } };
  },
});
