import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, vi } from "vitest";
import { DynamoDBClient, ScanCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { Tenant } from "../../../packages/core/src/tenant/index";
import { startRuntime, type Runtime } from "../../../packages/functions/src/local/runtime";
import { LOCAL_REGION } from "../../../packages/functions/src/local/services";
import { checkChromium, chromiumPath } from "../../setup/prerequisites";

// A browser test walks several users through a whole task (about 25 s alone);
// two of them share this 2-core machine with Chromium, DynamoDB Local and the
// other suites, so each test gets a generous ceiling. A ceiling, not a timing:
// nothing asserts how long a step takes.
vi.setConfig({ testTimeout: 180_000 });

/** The whole local system (own in-memory DynamoDB Local + SQS) serving the
 * built portal, and a headless Chromium to drive it. */

const root = resolve(import.meta.dirname, "../../..");
/** The built portal; `WEB_DIST` points elsewhere when several people build in one checkout (a rebuild mid-run swaps the chunks under a running test). */
export const WEB_DIST = process.env.WEB_DIST ? resolve(process.env.WEB_DIST) : join(root, "packages/web/dist");
export const ARTIFACTS = join(root, "tests/.artifacts");
export const DEMO_PASSWORD = "demo123";

export function requireBuiltPortal() {
  if (!existsSync(join(WEB_DIST, "index.html"))) {
    throw new Error(
      `The portal is not built: ${WEB_DIST}/index.html is missing. Run \`npm run build:web\` (or \`npm test\`, which builds it) before the browser tests.`,
    );
  }
}

export interface Portal {
  runtime: Runtime;
  browser: Browser;
  url: string;
  /** A fresh browser context (own sessionStorage) on a UTC clock, so times the
   * page shows in Asia/Shanghai cannot come from the browser's own zone. */
  newPage(options?: { locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  /** Screenshot every page opened since the last call, then close their contexts. */
  settle(failedTest?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startPortal(): Promise<Portal> {
  requireBuiltPortal();
  const executablePath = chromiumPath();
  checkChromium(executablePath);
  const runtime = await startRuntime({ webDir: WEB_DIST, seed: true, demo: true, sweepIntervalMs: 500, retryDelaySeconds: 1 });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  } catch (err) {
    await runtime.stop();
    throw err;
  }
  let contexts: BrowserContext[] = [];
  return {
    runtime,
    browser,
    url: runtime.url,
    async newPage(options = {}) {
      const context = await browser.newContext({ locale: options.locale ?? "zh-CN", timezoneId: "UTC", viewport: { width: 1366, height: 860 } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return { context, page };
    },
    async settle(failedTest) {
      const open = contexts;
      contexts = [];
      if (failedTest) {
        const slug = failedTest.replace(/[^\w\u4e00-\u9fff]+/g, "-").slice(0, 60);
        let i = 0;
        for (const c of open) for (const p of c.pages()) await screenshot(p, `FAILED-${slug}-${i++}`).catch(() => undefined);
      }
      await Promise.allSettled(open.map((c) => c.close()));
    },
    async stop() {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await browser.close().catch(() => undefined);
      await runtime.stop();
    },
  };
}

/** Sign in through the portal's own form. */
export async function signIn(page: Page, url: string, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${url}/signin`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** Run axe-core in the page; returns its violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // A toast or dialog half faded in or out has, for that moment, text too
  // pale to read: check what the user sees once antd's motion has settled.
  await page
    .waitForFunction(
      () => !Array.from(document.querySelectorAll('[class*="ant-"]')).some((e) => /\bant-[\w-]+-(appear|enter|leave)\b/.test(e.getAttribute("class") ?? "")),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  const injected = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!injected) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, options: unknown): Promise<{ violations: AxeViolation[] }> } };
    const result = await w.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
}

/** No serious or critical axe violations; prints them all when there are. */
export async function expectAccessible(page: Page, label: string) {
  const violations = await axe(page);
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}  ${n.html.slice(0, 160)}`).join("\n")}`)
    .join("\n");
  expect(bad, `axe on ${label}:\n${report}`).toEqual([]);
  return violations;
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** One whole local system and browser for a test file: started before its
 * tests, a screenshot of every page a failed test opened, stopped after. */
export function usePortal(): Portal {
  let portal: Portal | undefined;
  beforeAll(async () => {
    portal = await startPortal();
  }, 420_000); // the whole local system with its demo seed; minutes on a busy machine
  afterEach(async ({ task }) => {
    await portal?.settle(task.result?.state === "fail" ? task.name : undefined);
  });
  afterAll(async () => {
    try {
      // Whatever the file's flows wrote: the tenant is the first part of every partition key.
      if (portal) expect(await keysNotTenantFirst(portal.runtime)).toEqual([]);
    } finally {
      await portal?.stop();
    }
  });
  return new Proxy({} as Portal, {
    get(_, key) {
      if (!portal) throw new Error("the portal is not started yet (use it inside a test)");
      return portal[key as keyof Portal];
    },
  });
}

/** Partition keys (of the table and its indexes) whose first part is not a
 * tenant ID, one example per shape, from a scan of the runtime's table. */
export async function keysNotTenantFirst(runtime: Runtime): Promise<string[]> {
  const client = new DynamoDBClient({ endpoint: runtime.dynamo.endpoint, region: LOCAL_REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  const bad = new Map<string, string>();
  let start: Record<string, AttributeValue> | undefined;
  try {
    do {
      const page = await client.send(new ScanCommand({ TableName: process.env.TABLE_NAME ?? "supervision", ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        for (const field of ["pk", "gsi1pk", "gsi2pk"]) {
          const value = item[field]?.S;
          if (value !== undefined && !Tenant.exists(value.split("#")[0]!)) bad.set(`${field} ${value.replace(/[0-9a-z]{20,}/gi, "…")}`, value);
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    client.destroy();
  }
  return [...bad.values()];
}

export const nav = (page: Page) => page.getByRole("navigation", { name: "主导航" });
export const whoAmI = (page: Page) => page.getByTestId("who");

/** Pick an option of an antd Select by typing into its combobox (`search`
 * undefined: a Select without search, picked from the open list), and check
 * the Select shows it: a click during the dropdown's opening animation can be
 * lost, so it is tried again (at most three times). */
export async function choose(page: Page, combobox: Locator, search: string | undefined, option: string) {
  const select = combobox.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' ant-select ')][1]");
  for (let attempt = 1; ; attempt++) {
    await combobox.click();
    if (search !== undefined) await combobox.fill(search);
    const item = page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: option }).first();
    await item.click();
    try {
      await expect.poll(() => select.innerText(), { timeout: 3_000 }).toContain(option);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** Click `opener` and return the dialog `name` once its opening animation has
 * finished (a click during it may land on the mask). The click is repeated if
 * no dialog appears: on a loaded machine a click can land while the button is
 * being re-rendered (e.g. right after a post updates the page) and be lost. */
export async function openDialog(page: Page, opener: Locator, name: string) {
  const dialog = page.getByRole("dialog", { name });
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1 && (await dialog.isVisible())) break;
    await opener.click();
    try {
      await dialog.waitFor({ timeout: 5_000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
  await expect.poll(() => dialog.evaluate((e) => e.className)).not.toMatch(/zoom/);
  return dialog;
}

/** The API's first token check fetches the issuer's keys (JWKS); on a loaded machine that first fetch can be slow. Warm it
 * once per portal (a token and `/api/me` until 200) before the first browser sign-in, then sign in and wait for the name. */
const warmed = new Set<string>();
export async function signedInAs(portal: Portal, username: string, name: string, size = { width: 1440, height: 900 }): Promise<Page> {
  if (!warmed.has(portal.url)) {
    const form = new URLSearchParams({ grant_type: "password", username: "gulou-officer", password: DEMO_PASSWORD });
    for (let attempt = 0; attempt < 20 && !warmed.has(portal.url); attempt++) {
      const token = (await (await fetch(`${portal.url}/oidc/token`, { method: "POST", body: form })).json()) as { access_token: string };
      if ((await fetch(`${portal.url}/api/me`, { headers: { authorization: `Bearer ${token.access_token}` } })).status === 200) warmed.add(portal.url);
    }
  }
  const { page } = await portal.newPage();
  await page.setViewportSize(size);
  await signIn(page, portal.url, username);
  await expect.poll(() => whoAmI(page).innerText()).toContain(name);
  return page;
}
