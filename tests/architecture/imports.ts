import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** The import graph of a source tree, read with TypeScript's own pre-processor
 * (value and type imports alike: a type import still ties two folders together). */
export interface Edge {
  from: string;
  to: string;
}

export function sourceFiles(root: string, ext = /\.tsx?$/): string[] {
  const out: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name);
    if (e.isDirectory()) {
      if (e.name !== "node_modules") out.push(...sourceFiles(p, ext));
    } else if (ext.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Relative imports resolved to files; package imports kept as written. */
export function importsOf(file: string): { spec: string; resolved?: string }[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map(({ fileName: spec }) => {
    if (!spec.startsWith(".")) return { spec };
    return { spec, resolved: sourceFor(resolve(dirname(file), spec)) };
  });
}

/** The source file a path without its extension (or with `.js` for `.ts`) names. */
export function sourceFor(base: string): string | undefined {
  const stem = base.replace(/\.(m?js|jsx)$/, "");
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, join(base, "index.ts"), join(base, "index.tsx")];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile() && /\.(tsx?|json)$/.test(c));
}

/** The folder of core a file belongs to (`assistance`), or `(name)` for a file at the top. */
export function folderOf(root: string, file: string): string {
  const parts = relative(root, file).split(sep);
  return parts.length > 1 ? parts[0]! : `(${parts[0]!.replace(/\.tsx?$/, "")})`;
}

/** Folder-level edges of a tree (imports inside a folder are not edges). */
export function folderEdges(root: string): Edge[] {
  const edges = new Map<string, Edge>();
  for (const file of sourceFiles(root)) {
    for (const imp of importsOf(file)) {
      if (!imp.resolved || !imp.resolved.startsWith(root + sep)) continue;
      const from = folderOf(root, file);
      const to = folderOf(root, imp.resolved);
      if (from !== to) edges.set(`${from}>${to}`, { from, to });
    }
  }
  return [...edges.values()];
}

/** Strongly connected groups of more than one node (Tarjan): each is an import cycle. */
export function cycles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return found;
}
