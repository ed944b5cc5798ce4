import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { unsafeImport } from "../../packages/web/browser-safe";
import { sourceFor } from "../architecture/imports";

/** What the portal may pull from core into the browser: the import closure of
 * packages/web/src, followed through core by value imports only (`import type`,
 * `export type` and lists of `type` names are erased by the compiler and never
 * reach the bundle). Every file reached must be free of Node built-ins, the AWS
 * SDK, ElectroDB and core's I/O layers. */

export const REPO = resolve(import.meta.dirname, "../..");
export const WEB_SRC = join(REPO, "packages/web/src");
export const CORE_SRC = join(REPO, "packages/core/src");


/** The module specifiers a file imports at run time, in source order. */
export function valueImports(file: string, text = readFileSync(file, "utf8")): string[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const out: string[] = [];
  const literal = (e: ts.Node | undefined) => (e && ts.isStringLiteralLike(e) ? e.text : undefined);
  const allTypes = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>) => elements.length > 0 && elements.every((e) => e.isTypeOnly);
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const spec = literal(node.moduleSpecifier);
      const clause = node.importClause;
      const erased =
        !!clause &&
        (clause.isTypeOnly || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && allTypes(clause.namedBindings.elements)));
      if (spec && !erased) out.push(spec);
      return;
    }
    if (ts.isExportDeclaration(node)) {
      const spec = literal(node.moduleSpecifier);
      const erased = node.isTypeOnly || (!!node.exportClause && ts.isNamedExports(node.exportClause) && allTypes(node.exportClause.elements));
      if (spec && !erased) out.push(spec);
      return;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      if (!node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference)) {
        const spec = literal(node.moduleReference.expression);
        if (spec) out.push(spec);
      }
      return;
    }
    // import("x") and require("x"); `typeof import("x")` is an ImportTypeNode, erased.
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
      const spec = literal(node.arguments[0]);
      if (spec) out.push(spec);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

export type Target = { file: string } | { module: string };

/** Where a specifier leads: a file of ours (web or core), or a package by name. */
export function resolveImport(spec: string, from: string, coreSrc = CORE_SRC): Target {
  if (spec.startsWith(".") || spec.startsWith("/")) {
    const file = sourceFor(resolve(dirname(from), spec));
    return file ? { file } : { module: spec };
  }
  // packages/core/package.json: "./*" → "./src/*.ts", "./data/*" → "./data/*".
  const core = /^@supervision\/core\/(.+)$/.exec(spec);
  if (core && !core[1]!.startsWith("data/")) {
    const file = sourceFor(join(coreSrc, core[1]!));
    return file ? { file } : { module: spec };
  }
  return { module: spec };
}

/** Why a target may not run in the browser, or undefined when it may. */
export function unsafeReason(target: Target, coreSrc = CORE_SRC): string | undefined {
  if ("module" in target) return unsafeImport(target)?.en;
  if (!target.file.startsWith(coreSrc + sep)) return undefined;
  return unsafeImport({ coreFile: relative(coreSrc, target.file).split(sep).join("/") })?.en;
}

export interface Violation {
  /** From the web file to the unsafe import, each step as the repository path or the package name. */
  chain: string[];
  reason: string;
}

/** Walk the value-import closure from `roots`, following relative imports and
 * `@supervision/core/*` into core (packages are not followed), and report every
 * unsafe import reached with the shortest chain that reaches it. */
export function findUnsafeImports(roots: string[], options: { coreSrc?: string; base?: string } = {}): { reached: string[]; violations: Violation[] } {
  const coreSrc = options.coreSrc ?? CORE_SRC;
  const base = options.base ?? REPO;
  const parent = new Map<string, string | undefined>();
  const queue: string[] = [];
  for (const r of roots) {
    parent.set(r, undefined);
    queue.push(r);
  }
  const chainTo = (file: string): string[] => {
    const chain: string[] = [];
    for (let f: string | undefined = file; f; f = parent.get(f)) chain.unshift(relative(base, f).split(sep).join("/"));
    return chain;
  };
  const violations: Violation[] = [];
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.shift()!;
    for (const spec of valueImports(file)) {
      const target = resolveImport(spec, file, coreSrc);
      const reason = unsafeReason(target, coreSrc);
      if (reason) {
        const chain = [...chainTo(file), "file" in target ? relative(base, target.file).split(sep).join("/") : spec];
        const key = chain.join(" → ");
        if (!seen.has(key)) {
          seen.add(key);
          violations.push({ chain, reason });
        }
        continue;
      }
      if ("file" in target && /\.tsx?$/.test(target.file) && !parent.has(target.file)) {
        parent.set(target.file, file);
        queue.push(target.file);
      }
    }
  }
  return { reached: [...parent.keys()], violations };
}

export const describeViolation = (v: Violation) => `${v.chain.join(" → ")}  (${v.reason})`;
