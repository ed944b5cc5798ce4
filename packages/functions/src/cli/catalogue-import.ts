import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { readSheetFile, SheetFileError, sheetKind } from "@supervision/core/catalogue/sheet-file";
import { parseRows, type RowError } from "@supervision/core/catalogue/spreadsheet";
import { apiClient, commandLine, fail as failWith, fetchToken, progressBar } from "./shared";

/** `npm run catalogue:import -- <file.xlsx|file.csv> [--title …] [--api http://127.0.0.1:3000] [--dry-run]`
 * Reads a catalogue spreadsheet, checks every row locally (the same schemas
 * as the API), publishes it as the province's next version with the
 * province's machine credentials, then shows the tenants syncing to it. */
const USAGE = `用法 / usage:
  npm run catalogue:import -- <文件 file.xlsx|file.csv> [--title 标题] [--api http://127.0.0.1:3000] [--dry-run] [--timeout 秒/seconds]

  环境变量 / environment:
    CATALOGUE_API_URL        API 地址 / API base URL (default http://127.0.0.1:3000)
    CATALOGUE_TOKEN_URL      令牌端点 / token endpoint (default <api>/oidc/token)
    CATALOGUE_CLIENT_ID      客户端 / client id (default province-catalogue)
    CATALOGUE_CLIENT_SECRET  客户端密钥 / client secret (default demo-secret)`;

const { positionals, values } = commandLine(
  USAGE,
  { title: { type: "string" }, api: { type: "string" }, "dry-run": { type: "boolean" }, timeout: { type: "string" } },
  (args) => args.length === 1 && !!sheetKind(args[0]!),
);
const file = positionals[0]!;
const apiBase = (values.api ?? process.env.CATALOGUE_API_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const tokenUrl = process.env.CATALOGUE_TOKEN_URL ?? `${apiBase}/oidc/token`;
const clientId = process.env.CATALOGUE_CLIENT_ID ?? "province-catalogue";
const clientSecret = process.env.CATALOGUE_CLIENT_SECRET ?? "demo-secret";
const timeoutMs = Number(values.timeout ?? 180) * 1000;
const dryRun = values["dry-run"] === true;

/** This tool exits 1 when it cannot run. */
function fail(zh: string, en: string, code = 1): never {
  return failWith(zh, en, code);
}

/** One line per error, Chinese then English. */
function printReport(zh: RowError[], en: RowError[]) {
  console.error(`表格有 ${zh.length} 处错误，未导入任何内容 / ${zh.length} error(s) in the spreadsheet; nothing was imported:`);
  zh.forEach((e, i) => {
    console.error(`  第 ${e.row} 行「${e.column}」：${e.message}`);
    console.error(`    row ${e.row} “${e.column}”: ${en[i]?.message ?? e.message}`);
  });
}

// 1. Read and check locally.
let rows: string[][];
try {
  rows = await readSheetFile(file, await readFile(file));
} catch (err) {
  if (err instanceof SheetFileError) fail(`无法读取文件 ${file}：${err.message}`, `cannot read ${file}: ${err.message}`);
  const message = err instanceof Error ? err.message : String(err);
  fail(`无法读取文件 ${file}：${message}`, `cannot read ${file}: ${message}`);
}
const zh = parseRows(rows, { locale: "zh-CN" });
if (!zh.ok) {
  const en = parseRows(rows, { locale: "en" });
  printReport(zh.errors, en.ok ? [] : en.errors);
  process.exit(1);
}
console.log(`已读取 ${file}：${zh.changes.length} 个事项变更，本地校验通过 / read ${basename(file)}: ${zh.changes.length} change(s), all rows valid`);

// 2. A machine token (client credentials).
const accessToken = await fetchToken(tokenUrl, { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }, 1);
const call = apiClient(apiBase, accessToken, { exitCode: 1 });
const api = (method: string, path: string, body?: unknown, lang = "zh") => call(method, `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`, body);

// 3. Publish (or validate on the server).
const title = values.title ?? `监管事项清单（导入自 ${basename(file)}）`;
const sent = await api("POST", "/catalogue/import", { title, rows, dryRun });
if (sent.status === 400 && sent.json?.error?.details?.length) {
  const en = await api("POST", "/catalogue/import", { title, rows, dryRun: true }, "en");
  printReport(sent.json.error.details, en.json?.error?.details ?? []);
  process.exit(1);
}
if (sent.status !== 200 && sent.status !== 201) {
  const en = await api("POST", "/catalogue/import", { title, rows, dryRun: true }, "en");
  fail(`${sent.json?.error?.message ?? `HTTP ${sent.status}`}`, `${en.json?.error?.message ?? `HTTP ${sent.status}`}`);
}
const result = sent.json as { version: number; status: string; counts: Record<string, number>; tenants?: number };
const counts = `立 ${result.counts.enact} · 改 ${result.counts.amend} · 废 ${result.counts.repeal} · 释 ${result.counts.interpret}`;
if (dryRun) {
  console.log(`校验通过，可发布为第 ${result.version} 版（${counts}）/ valid: would publish version ${result.version}`);
  process.exit(0);
}
if (result.status === "unchanged") {
  console.log(`第 ${result.version} 版内容相同，未重复发布 / version ${result.version} has the same content; nothing new published`);
} else {
  console.log(`已发布第 ${result.version} 版「${title}」（${counts}）/ published version ${result.version}`);
}

// 4. Tenants syncing to the new version.
type Status = { tenantId: string; version: number | null };
const bar = progressBar("同步 syncing |{bar}| {value}/{total} 个行政区划 tenants · {duration}s");
const deadline = Date.now() + timeoutMs;
let synced = 0;
let total = result.tenants ?? 0;
bar.start(total || 1, 0);
/** Every tenant's status: the list is paged (`{ items, cursor }`, at most 200 a page), so follow the cursor; undefined if a page failed. */
async function allStatuses(): Promise<Status[] | undefined> {
  const statuses: Status[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await api("GET", `/catalogue/tenants${query}`);
    const page = res.json as { items?: Status[]; cursor?: string | null } | undefined;
    if (res.status !== 200 || !Array.isArray(page?.items)) return undefined;
    statuses.push(...page.items);
    cursor = page.cursor ?? null;
  } while (cursor);
  return statuses;
}
while (true) {
  const statuses = await allStatuses();
  if (statuses) {
    total = statuses.length;
    synced = statuses.filter((s) => (s.version ?? 0) >= result.version).length;
    bar.setTotal(total);
    bar.update(synced);
  }
  if (total > 0 && synced >= total) break;
  if (Date.now() > deadline) break;
  await new Promise((r) => setTimeout(r, 500));
}
bar.stop();
if (total > 0 && synced >= total) {
  console.log(`全部 ${total} 个行政区划已同步到第 ${result.version} 版 / all ${total} tenants synced to version ${result.version}`);
  process.exit(0);
}
fail(
  `已发布，但 ${Math.round(timeoutMs / 1000)} 秒内只有 ${synced}/${total} 个行政区划同步到第 ${result.version} 版；请稍后在门户“事项清单”查看`,
  `published, but only ${synced} of ${total} tenants synced to version ${result.version} within ${Math.round(timeoutMs / 1000)} s; check again later`,
  3,
);
