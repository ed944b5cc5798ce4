import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";
import { JavaMissingError } from "../../packages/functions/src/local/services";
import { checkChromium, ChromiumMissingError } from "./prerequisites";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const script = join(root, "tests/setup/prerequisites.sh");
const dir = mkdtempSync(join(tmpdir(), "prerequisites-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder holding only a `java` that reports `version`, put first on PATH. */
function fakeJava(version: string): string {
  const bin = mkdtempSync(join(dir, "bin-"));
  writeFileSync(join(bin, "java"), `#!/bin/sh\necho 'openjdk version "${version}" 2024-01-16' >&2\n`);
  chmodSync(join(bin, "java"), 0o755);
  return bin;
}

/** Chinese first, English second, and the one command that fixes it. */
function expectBilingualSetupHint(message: string) {
  const [zh, en] = message.split("\n");
  expect(zh).toMatch(/[\u4e00-\u9fff]/);
  expect(zh).toContain("npm run setup");
  expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  expect(en).toContain("npm run setup");
}

describe("missing prerequisites stop the run with `npm run setup`", () => {
  test("Chromium", () => {
    const missing = join(dir, "no-chromium");
    expect(() => checkChromium(missing)).toThrow(ChromiumMissingError);
    try {
      checkChromium(missing);
    } catch (err) {
      expectBilingualSetupHint((err as Error).message);
      expect((err as Error).message).toContain(missing);
    }
  });

  test("Java", () => {
    expectBilingualSetupHint(new JavaMissingError().message);
  });

  // A real vitest run on this config, without Java on PATH and with Chromium
  // pointed nowhere: global setup fails before starting anything, naming what
  // is missing; Chromium only matters when the run has browser tests.
  test("the test run itself fails at once, before any test, naming what is missing", async () => {
    const vitest = (files: string) =>
      run(process.execPath, [join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "tests/vitest.config.ts", files], {
        cwd: root,
        env: { ...process.env, PATH: join(dir, "nothing-here"), CHROMIUM_PATH: join(dir, "no-chromium"), NO_COLOR: "1" },
        encoding: "utf8",
      }).then(
        () => ({ code: 0, output: "" }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
      );
    const [browser, plain] = await Promise.all([vitest("tests/e2e/portal.test.ts"), vitest("tests/smoke.test.ts")]);
    expect(browser.code).not.toBe(0);
    expect(browser.output).toContain("PrerequisitesMissingError");
    expect(browser.output).toContain("Java 17 or newer was not found");
    expect(browser.output).toContain("Chromium was not found");
    expect(browser.output).not.toMatch(/✓|passed/);
    expect(plain.code).not.toBe(0);
    expect(plain.output).toContain("Java 17 or newer was not found");
    expect(plain.output).not.toContain("Chromium was not found");
  });
});

describe("the installer (tests/setup/prerequisites.sh)", () => {
  const setup = (args: string[], env: Record<string, string>) =>
    run("bash", [script, ...args], { env: { ...process.env, ...env }, encoding: "utf8" }).then(
      (r) => ({ code: 0, output: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
    );

  test("names and would install an old Java and a missing Chromium (dry run: installs nothing)", async () => {
    const r = await setup(["--dry-run"], { PATH: `${fakeJava("11.0.2")}:${process.env.PATH}`, CHROMIUM_PATH: join(dir, "no-chromium") });
    expect(r.code).toBe(0);
    expect(r.output).toContain("Java 11");
    expect(r.output).toContain(`Chromium (${join(dir, "no-chromium")})`);
    expect(r.output).toMatch(/\+ (sudo )?apt-get install -y --no-install-recommends .*chromium/);
    expect(r.output).toMatch(/\+ (sudo )?apt-get install .*openjdk-\d+-jre-headless/);
  });

  test("--check fails when something is missing, naming `npm run setup`", async () => {
    const r = await setup(["--check"], { CHROMIUM_PATH: join(dir, "no-chromium") });
    expect(r.code).toBe(1);
    expect(r.output).toContain("npm run setup");
    expect(r.output).not.toContain("apt-get");
  });

  test("leaves Java 17+ and a present Chromium alone", async () => {
    const chromium = join(dir, "chromium");
    writeFileSync(chromium, "#!/bin/sh\n");
    chmodSync(chromium, 0o755);
    for (const version of ["17.0.15", "21"]) {
      const r = await setup(["--dry-run"], { PATH: `${fakeJava(version)}:${process.env.PATH}`, CHROMIUM_PATH: chromium });
      expect(r.code).toBe(0);
      expect(r.output).not.toContain("Java 17+");
      expect(r.output).not.toContain("Chromium (");
      expect(r.output).not.toMatch(/apt-get install .*(openjdk|chromium)/);
    }
  });
});
