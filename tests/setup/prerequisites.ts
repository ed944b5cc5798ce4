import { accessSync, constants } from "node:fs";
import { sep } from "node:path";
import type { TestProject } from "vitest/node";
import { checkJava, JavaMissingError } from "../../packages/functions/src/local/services";

/** What `npm test` needs beyond npm (installed by `npm run setup`,
 * tests/setup/prerequisites.sh), checked before anything starts so a missing
 * one stops the run at once with what to do, never deep inside a test. */

/** The browser the browser tests drive through playwright-core. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || "/usr/bin/chromium";
}

export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(
      [
        `未找到 Chromium（${path}）：浏览器测试需要它。请运行 \`npm run setup\` 安装全部前置条件（或用 CHROMIUM_PATH 指定浏览器）。`,
        `Chromium was not found at ${path}: the browser tests need it. Run \`npm run setup\` to install every prerequisite (or point CHROMIUM_PATH at a Chromium).`,
      ].join("\n"),
    );
    this.name = "ChromiumMissingError";
  }
}

export function checkChromium(path = chromiumPath()) {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new ChromiumMissingError(path);
  }
}

/** Does this run include the browser tests (tests/e2e)? The files vitest was
 * asked for: its file filters (`vitest run tests/assistance`), or all of them. */
export async function runIncludesBrowserTests(project: TestProject): Promise<boolean> {
  const filters = ((project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? []).map((f) => f.replace(/:\d+(-\d+)?$/, ""));
  const { testFiles } = await project.globTestFiles(filters);
  return testFiles.some((f) => f.split(sep).join("/").includes("/tests/e2e/"));
}

export class PrerequisitesMissingError extends Error {
  constructor(problems: string[]) {
    super(`\n${problems.join("\n\n")}\n`);
    this.name = "PrerequisitesMissingError";
    // The message says all there is to say; a stack would only bury it.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Java for DynamoDB Local, always; Chromium when the run has browser tests.
 * Never skips: a missing prerequisite fails the run. */
export async function checkPrerequisites(project: TestProject) {
  const problems: string[] = [];
  try {
    checkJava();
  } catch (err) {
    if (!(err instanceof JavaMissingError)) throw err;
    problems.push(err.message);
  }
  if (await runIncludesBrowserTests(project)) {
    try {
      checkChromium();
    } catch (err) {
      if (!(err instanceof ChromiumMissingError)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length) throw new PrerequisitesMissingError(problems);
}
