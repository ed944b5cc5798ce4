import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseCsv, toCsv } from "../../packages/core/src/catalogue/sheet-file";
import { startRuntime, type Runtime } from "../../packages/functions/src/local/runtime";

/** `npm run catalogue:import` against the whole local system (its own DynamoDB Local, queues, consumers). */
const run = promisify(execFile);
const V2_CSV = join(import.meta.dirname, "../../packages/core/data/demo-catalogue-v2.csv");
const dir = mkdtempSync(join(tmpdir(), "catalogue-cli-"));
let runtime: Runtime;

const cli = (args: string[]) =>
  run("npx", ["tsx", "packages/functions/src/cli/catalogue-import.ts", ...args], { env: { ...process.env }, encoding: "utf8", timeout: 200_000 });

beforeAll(async () => {
  // Seeds the demo catalogue (version 1) as the province's system.
  runtime = await startRuntime({ seed: true, demo: true, sweepIntervalMs: 500, retryDelaySeconds: 1 });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run catalogue:import", () => {
  test("a spreadsheet with bad rows: the per-row report, exit 1, nothing sent", async () => {
    const rows = parseCsv(readFileSync(V2_CSV, "utf8"));
    rows[1]![3] = "fj-sp-1"; // row 2, 事项编码
    rows[2]![6] = "不存在的局"; // row 3, 牵头部门
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, toCsv(rows));
    const err = await cli([bad, "--api", runtime.url]).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err!.stderr).toContain("表格有 2 处错误，未导入任何内容");
    expect(err!.stderr).toContain("第 2 行「事项编码」：事项编码须为大写字母、数字和连字符");
    expect(err!.stderr).toContain("row 2 “事项编码”: Item codes are capital letters");
    expect(err!.stderr).toContain("第 3 行「牵头部门」：「不存在的局」不是有效的牵头部门");
    const versions = await fetch(`${runtime.apiUrl}/guides`).then((r) => r.json() as Promise<{ version: number }>);
    expect(versions.version).toBe(1);
  });

  test("rows that clash with the catalogue in force are reported from the server; exit 1", async () => {
    const rows = parseCsv(readFileSync(V2_CSV, "utf8"));
    rows[2]![3] = "FJ-SP-002"; // row 3: 立 an item already in force
    const clash = join(dir, "clash.csv");
    writeFileSync(clash, toCsv(rows));
    const err = await cli([clash, "--api", runtime.url]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err!.stderr).toContain("第 3 行「事项编码」：事项 FJ-SP-002 已在现行清单中");
    expect(err!.stderr).toContain("row 3 “事项编码”: Item FJ-SP-002 is already in the catalogue in force");
  });

  test("a dry run validates on the server and publishes nothing", async () => {
    const { stdout } = await cli([V2_CSV, "--api", runtime.url, "--dry-run"]);
    expect(stdout).toContain("校验通过，可发布为第 2 版");
    const guides = await fetch(`${runtime.apiUrl}/guides`).then((r) => r.json() as Promise<{ version: number }>);
    expect(guides.version).toBe(1);
  });

  test("a valid spreadsheet: published as version 2, then every tenant shown synced", { timeout: 240_000 }, async () => {
    const { stdout, stderr } = await cli([V2_CSV, "--api", runtime.url, "--title", "福建省跨部门综合监管事项清单（2026年第一次修订）", "--timeout", "180"]);
    expect(stdout).toContain("已发布第 2 版「福建省跨部门综合监管事项清单（2026年第一次修订）」（立 1 · 改 1 · 废 1 · 释 0）");
    expect(stdout).toContain("全部 94 个行政区划已同步到第 2 版 / all 94 tenants synced to version 2");
    // The progress bar (stderr, also when not a terminal).
    expect(stderr).toMatch(/同步 syncing \|.*\| 94\/94/);
    // The public guides are cached for up to Catalogue.PUBLIC_TTL_MS (60 s) by design, and the tests above read version 1:
    // forget that cache (the runtime runs in this process; imported only now, so the runtime set up core's configuration first) rather than wait it out.
    (await import("../../packages/core/src/catalogue/index")).resetPublicCache();
    const guide = await fetch(`${runtime.apiUrl}/guides/catering`).then((r) => r.json() as Promise<{ version: number; items: { code: string; content: string[] }[] }>);
    expect(guide.version).toBe(2);
    expect(guide.items.find((i) => i.code === "FJ-SP-001")!.content.join("")).toContain("食品安全总监");
  });

  test("bad arguments print the usage and exit 2", async () => {
    await expect(cli([])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("用法 / usage") });
    await expect(cli(["catalogue.xls"])).rejects.toMatchObject({ code: 2 });
  });
});
