import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { sourceFiles, sourceFor } from "../architecture/imports";
import { WEB_SRC } from "./browser-safe";

/** The portal's strings (issue 15): one small global dictionary (locales/common.ts: frame, sign-in, menu, tables,
 * network errors, confirmations) and page dictionaries imported by the pages that show them, so the sign-in and
 * public pages' script carries only their own text (≤ 300 KB gzipped, bench web.bundles). */

const LOCALES = join(WEB_SRC, "locales");
const GLOBAL = join(LOCALES, "common.ts");
const load = async (file: string) => (await import(file)) as { zh: Record<string, string>; en: Record<string, string> };
const localeFiles = readdirSync(LOCALES).filter((f) => f.endsWith(".ts")).map((f) => join(LOCALES, f));

/** Static (not lazily loaded), value (not type-only) imports of our own files. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  for (const node of source.statements) {
    if (!ts.isImportDeclaration(node) && !ts.isExportDeclaration(node)) continue;
    const spec = node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
    if (!spec?.startsWith(".")) continue;
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      if (clause?.isTypeOnly || (clause && !clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly))) continue;
    } else if (node.isTypeOnly) continue;
    const target = sourceFor(join(file, "..", spec));
    if (target) out.push(target);
  }
  return out;
}

function reachable(root: string): Set<string> {
  const seen = new Set<string>();
  const walk = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const next of staticImports(f)) walk(next);
  };
  walk(root);
  return seen;
}

describe("page dictionaries", () => {
  test("every dictionary has the same keys in Chinese and English, none empty", async () => {
    for (const file of localeFiles) {
      const { zh, en } = await load(file);
      expect(Object.keys(en).sort(), basename(file)).toEqual(Object.keys(zh).sort());
      for (const [k, v] of [...Object.entries(zh), ...Object.entries(en)]) expect(v.trim(), `${basename(file)} ${k}`).not.toBe("");
    }
  });

  test("a key means one text wherever it is defined (page dictionaries never shadow the global one)", async () => {
    const global = await load(GLOBAL);
    const seen = new Map<string, { file: string; zh: string; en: string }>();
    for (const file of localeFiles) {
      const { zh, en } = await load(file);
      for (const key of Object.keys(zh)) {
        if (file !== GLOBAL) expect(key in global.zh, `${basename(file)} redefines the global key ${key}`).toBe(false);
        const before = seen.get(key);
        if (before) expect({ zh: zh[key], en: en[key] }, `${key} in ${before.file} and ${basename(file)}`).toEqual({ zh: before.zh, en: before.en });
        else seen.set(key, { file: basename(file), zh: zh[key]!, en: en[key]! });
      }
    }
  });

  test("the script every page loads first (main.tsx and its static imports) carries only the global dictionary", () => {
    const first = reachable(join(WEB_SRC, "main.tsx"));
    const dictionaries = [...first].filter((f) => f.startsWith(LOCALES + "/")).map((f) => relative(WEB_SRC, f));
    expect(dictionaries).toEqual(["locales/common.ts"]);
    // The walk follows the app: the sign-in page and the i18n module are in it.
    expect(first).toContain(join(WEB_SRC, "pages/SignIn.tsx"));
    expect(first).toContain(join(WEB_SRC, "i18n.tsx"));
  });

  test("public pages load their own dictionaries, not the signed-in pages'", () => {
    const allowed: Record<string, string[]> = {
      "pages/Guides.tsx": ["locales/common.ts", "locales/guides.ts"],
      "pages/PublicDraws.tsx": ["locales/common.ts", "locales/draws.ts", "locales/public-draws.ts"],
      // The detail shares the list's layout and status tags (PublicDraws.tsx), and with them the draw statuses' names.
      "pages/PublicDrawDetail.tsx": ["locales/common.ts", "locales/draws.ts", "locales/public-draws.ts"],
      "pages/PublicVisit.tsx": ["locales/common.ts"],
      "pages/PublicVisitReport.tsx": ["locales/common.ts"],
      // Public disclosures reuse the public pages' frame from PublicDraws.tsx (tenant picker, load error), with its dictionaries.
      "pages/PublicDisclosures.tsx": ["locales/common.ts", "locales/draws.ts", "locales/public-draws.ts"],
    };
    for (const [page, dictionaries] of Object.entries(allowed)) {
      const used = [...reachable(join(WEB_SRC, page))].filter((f) => f.startsWith(LOCALES + "/")).map((f) => relative(WEB_SRC, f));
      expect(used.sort(), page).toEqual(dictionaries.sort());
    }
  });

  /** Keys built at run time (`t(\`crf.step.${s}\` as PageKey)`) escape the type check: each such prefix must
   * have keys in a dictionary the file can reach (the global one or those it imports). */
  test("every key built at run time has its prefix in a dictionary the file loads", async () => {
    const missing: string[] = [];
    const keysOf = new Map<string, string[]>();
    for (const file of localeFiles) keysOf.set(file, Object.keys((await load(file)).zh));
    for (const file of sourceFiles(WEB_SRC)) {
      if (file.startsWith(LOCALES + "/")) continue;
      const text = readFileSync(file, "utf8");
      const prefixes = [...text.matchAll(/t\(`([a-zA-Z][\w-]*\.[\w.-]*)\$\{[^`]*`\s+as\s+(MessageKey|PageKey)\)/g)].map((m) => ({ prefix: m[1]!, global: m[2] === "MessageKey" }));
      if (prefixes.length === 0) continue;
      const own = staticImports(file).filter((f) => f.startsWith(LOCALES + "/"));
      for (const { prefix, global } of prefixes) {
        const places = global ? [GLOBAL] : [GLOBAL, ...own];
        if (!places.some((f) => keysOf.get(f)?.some((k) => k.startsWith(prefix)))) missing.push(`${relative(WEB_SRC, file)}: ${prefix}…`);
      }
    }
    expect(missing).toEqual([]);
  });
});
