import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { sourceFiles } from "../architecture/imports";
import { CORE_SRC, describeViolation, findUnsafeImports, valueImports, WEB_SRC } from "./browser-safe";

/** The portal shares core's pure files (roles, areas, department types,
 * assistance rules, the sheet reader) with the server. Vite bundles whatever
 * those files import by value, so each must stay free of Node, the AWS SDK,
 * ElectroDB and core's I/O layers. */

describe("the portal imports only browser-safe files of core", () => {
  const { reached, violations } = findUnsafeImports(sourceFiles(WEB_SRC));

  test("no file the portal reaches imports Node built-ins, the AWS SDK, ElectroDB or core's I/O layers", () => {
    expect(violations.map(describeViolation)).toEqual([]);
  });

  test("the walk really enters core (through @supervision/core/* and core's relative imports)", () => {
    const inCore = reached.filter((f) => f.startsWith(CORE_SRC));
    expect(inCore).toContain(join(CORE_SRC, "department/types.ts"));
    // assistance/rules.ts → ../policy/index → ./deadline: relative imports inside core are followed.
    expect(inCore).toContain(join(CORE_SRC, "policy/deadline.ts"));
  });
});

describe("the check itself", () => {
  const dir = mkdtempSync(join(tmpdir(), "browser-safe-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };

  test("type-only imports are erased; value, re-export, side-effect and dynamic imports are kept", () => {
    const file = write(
      "kinds.tsx",
      [
        `import type { A } from "erased-1";`,
        `import { type B, type C } from "erased-2";`,
        `export type { D } from "erased-3";`,
        `export { type E } from "erased-4";`,
        `type F = typeof import("erased-5");`,
        `import { G, type H } from "kept-1";`,
        `import I from "kept-2";`,
        `import * as J from "kept-3";`,
        `import "kept-4";`,
        `export * from "kept-5";`,
        `export { K } from "kept-6";`,
        `const L = () => import("kept-7");`,
        `export const M = <div>{String(G)}{String(I)}{String(J)}</div>;`,
      ].join("\n"),
    );
    expect(valueImports(file)).toEqual(["kept-1", "kept-2", "kept-3", "kept-4", "kept-5", "kept-6", "kept-7"]);
  });

  test("an unsafe import two steps into core fails, naming the whole chain; a type-only one does not", () => {
    const coreSrc = join(dir, "core/src");
    write("core/src/thing/rules.ts", `import { helper } from "./helper";\nimport type { Row } from "../dynamo/client";\nexport const rule = helper;`);
    write("core/src/thing/helper.ts", `import { randomBytes } from "node:crypto";\nexport const helper = () => randomBytes(1);`);
    write("core/src/thing/store.ts", `import { Entity } from "electrodb";\nexport const E = Entity;`);
    write("core/src/thing/index.ts", `export { E } from "./store";\nexport * from "../dynamo/client";`);
    write("core/src/dynamo/client.ts", `export type Row = {};`);
    const page = write("web/src/Page.tsx", `import { rule } from "@supervision/core/thing/rules";\nexport const P = rule;`);
    const safe = write("web/src/Safe.tsx", `import type { E } from "@supervision/core/thing/index";\nexport type S = typeof E;`);
    const other = write("web/src/Other.tsx", `import { E } from "@supervision/core/thing/index";\nimport { readFileSync } from "fs";\nexport const O = [E, readFileSync];`);

    expect(findUnsafeImports([safe], { coreSrc, base: dir }).violations).toEqual([]);
    expect(findUnsafeImports([page, other], { coreSrc, base: dir }).violations.map(describeViolation).sort()).toEqual([
      "web/src/Other.tsx → core/src/thing/index.ts → core/src/dynamo/client.ts  (core I/O layer dynamo/)",
      "web/src/Other.tsx → core/src/thing/index.ts → core/src/thing/store.ts → electrodb  (server-only package)",
      "web/src/Other.tsx → fs  (Node built-in)",
      "web/src/Page.tsx → core/src/thing/rules.ts → core/src/thing/helper.ts → node:crypto  (Node built-in)",
    ]);
  });
});
