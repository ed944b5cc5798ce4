import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { cycles, folderEdges, folderOf, importsOf, sourceFiles, type Edge } from "./imports";

/** The shape of core that DESIGN.md §5 describes, checked on every run:
 * layers that import one way, no cycle between folders, and modules that meet
 * through each other's functions, never each other's table items. */
const root = resolve(import.meta.dirname, "../../packages/core/src");

/** Lowest first. A folder may import its own layer or lower ones, never higher. */
const Layers: { name: string; folders: string[] }[] = [
  { name: "foundation", folders: ["util", "i18n", "auth", "(error)", "(context)", "(clock)", "(config)", "entity", "policy", "tenant"] },
  { name: "storage", folders: ["dynamo"] },
  { name: "transport", folders: ["queue"] },
  { name: "audit", folders: ["audit"] },
  { name: "outbox", folders: ["outbox"] },
  { name: "message", folders: ["message"] },
];
const DOMAIN = Layers.length;
function rank(folder: string): number {
  const i = Layers.findIndex((l) => l.folders.includes(folder));
  return i >= 0 ? i : DOMAIN;
}
/** `core/data` holds shipped data (divisions, workdays, demo catalogue), read by any layer. */
const edges = (): Edge[] => folderEdges(root).filter((e) => e.to !== "..");

describe("core's import graph", () => {
  test("no import cycle between folders", () => {
    expect(cycles(edges())).toEqual([]);
  });

  test("layers import downward only: plumbing never imports a domain module or a higher layer", () => {
    const upward = edges()
      .filter((e) => rank(e.to) > rank(e.from) || (rank(e.from) < DOMAIN && rank(e.to) === DOMAIN))
      .map((e) => `${e.from} → ${e.to}`);
    expect(upward).toEqual([]);
  });

  test("every folder of core is placed: a plumbing layer or a domain module with an index.ts", () => {
    const folders = new Set(sourceFiles(root).map((f) => folderOf(root, f)));
    const domainWithoutIndex = [...folders].filter((f) => rank(f) === DOMAIN && !f.startsWith("(") && !sourceFiles(resolve(root, f)).some((p) => basename(p) === "index.ts"));
    expect(domainWithoutIndex).toEqual([]);
  });

  test("no module imports another module's entity file (modules meet through exported functions)", () => {
    const reaching: string[] = [];
    for (const file of sourceFiles(root)) {
      for (const imp of importsOf(file)) {
        if (imp.resolved?.endsWith(".entity.ts") && folderOf(root, imp.resolved) !== folderOf(root, file)) {
          reaching.push(`${file.slice(root.length + 1)} → ${imp.resolved.slice(root.length + 1)}`);
        }
      }
    }
    expect(reaching).toEqual([]);
  });

  test("nothing outside core imports an entity file either", () => {
    const outside = ["packages/functions/src", "packages/web/src"].map((p) => resolve(import.meta.dirname, "../..", p));
    const reaching = outside.flatMap((dir) =>
      sourceFiles(dir).flatMap((file) => importsOf(file).filter((i) => /\.entity(\.ts)?$/.test(i.spec)).map((i) => `${file} → ${i.spec}`)),
    );
    expect(reaching).toEqual([]);
  });

  test("storage rows are typed: no `any` attribute in an entity", () => {
    const untyped = sourceFiles(root)
      .filter((f) => f.endsWith(".entity.ts"))
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => ({ line, at: `${f.slice(root.length + 1)}:${i + 1}` }))
          .filter(({ line }) => /type:\s*"any"/.test(line))
          .map(({ at }) => at),
      );
    expect(untyped).toEqual([]);
  });
});
