import { createReadStream } from "node:fs";
import { open, readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { Transform } from "node:stream";
import Papa from "papaparse";
import { readSheetFile, SheetFileError, sheetKind, toCsv } from "@supervision/core/catalogue/sheet-file";
import { mapHeader, rowObject } from "@supervision/core/business/names";
import { apiClient, commandLine, fail, fetchToken, progressBar } from "./shared";

/** `npm run business:import -- <file.xlsx|file.csv> [--api …] [--user … --password …] [--errors report.csv]`
 * Streams a directory spreadsheet to the API in chunks of 500 rows (a CSV is
 * read as it is sent, never whole), shows a progress bar, writes the per-row
 * error report, and ends the import (one audit event; its Merkle root is
 * printed). Re-importing a file updates, never duplicates. Exit 0 when every
 * row was imported, 1 when some rows had errors, 2 on bad usage, 3 when the
 * import could not run. */
const USAGE = `用法 / usage:
  npm run business:import -- <文件 file.xlsx|file.csv> [--api http://127.0.0.1:3000] [--user gulou-admin] [--password demo123] [--errors 错误报告.csv]

  环境变量 / environment:
    BUSINESS_API_URL    API 地址 / API base URL (default http://127.0.0.1:3000)
    BUSINESS_TOKEN      现成的访问令牌 / an access token (else user + password at <api>/oidc/token)
    BUSINESS_USER, BUSINESS_PASSWORD   本级管理员账号 / a tenant admin (default gulou-admin / demo123, local demo)`;

const { positionals, values } = commandLine(
  USAGE,
  { api: { type: "string" }, user: { type: "string" }, password: { type: "string" }, errors: { type: "string" } },
  (args) => args.length === 1 && !!sheetKind(args[0]!),
);
const file = positionals[0]!;
const apiBase = (values.api ?? process.env.BUSINESS_API_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const errorsFile = values.errors ?? file.replace(/\.(csv|xlsx)$/i, "") + ".errors.csv";

const accessToken =
  process.env.BUSINESS_TOKEN ??
  (await fetchToken(`${apiBase}/oidc/token`, {
    grant_type: "password",
    username: values.user ?? process.env.BUSINESS_USER ?? "gulou-admin",
    password: values.password ?? process.env.BUSINESS_PASSWORD ?? "demo123",
  }));
// A chunk is idempotent by its seq: a server hiccup is retried.
const api = apiClient(apiBase, accessToken, { retries: 3 });

/** Rows of the file as arrays of cells: a UTF-8 CSV streamed, anything else read whole (xlsx, GB18030 CSV). */
async function* cells(): AsyncIterable<string[]> {
  if (sheetKind(file) === "csv") {
    const handle = await open(file);
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    await handle.close();
    let utf8 = true;
    try {
      // A multi-byte character cut at the end of the sample is fine; any other invalid byte means GB18030.
      new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, Math.max(0, bytesRead - 4)));
    } catch {
      utf8 = false;
    }
    if (utf8) {
      // The byte-order mark goes before parsing: before a quote it would make the first cell unquoted.
      let first = true;
      const noBom = new Transform({
        decodeStrings: false,
        transform(chunk: string, _enc, done) {
          done(null, first ? ((first = false), chunk.replace(/^\uFEFF/, "")) : chunk);
        },
      });
      const stream = createReadStream(file, { encoding: "utf8" }).pipe(noBom).pipe(Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: false }));
      for await (const row of stream as AsyncIterable<string[]>) yield row;
      return;
    }
  }
  try {
    yield* await readSheetFile(file, await readFile(file));
  } catch (err) {
    fail(`无法读取文件 ${file}：${err instanceof SheetFileError || err instanceof Error ? err.message : String(err)}`, `cannot read ${file}`);
  }
}

const started = await api("POST", "/businesses/imports", { fileName: basename(file) });
if (started.status !== 201) fail(started.json?.error?.message ?? `HTTP ${started.status}`, `could not start the import (HTTP ${started.status})`);
const importId = started.json.id as string;
const chunkSize = started.json.chunkSize as number;

const bar = progressBar("导入 importing |{bar}| {value} 行 rows · 新增 {created} · 更新 {updated} · 未变 {unchanged} · 错误 {errors}");
bar.start(0, 0, { created: 0, updated: 0, unchanged: 0, errors: 0 });
const totals = { rows: 0, created: 0, updated: 0, unchanged: 0, errors: 0 };
const errors: { row: number; creditCode?: string; field: string; message: string }[] = [];
let fields: ReturnType<typeof mapHeader>["fields"] | undefined;
let rowNo = 0;
let seq = 0;
let batch: Record<string, string>[] = [];
let batchFirst = 2;

async function send() {
  if (!batch.length) return;
  const res = await api("POST", `/businesses/imports/${importId}/chunks`, { seq, firstRow: batchFirst, rows: batch });
  if (res.status !== 200) {
    bar.stop();
    fail(res.json?.error?.message ?? `HTTP ${res.status}`, `chunk ${seq} failed (HTTP ${res.status})`);
  }
  totals.rows += res.json.rows;
  totals.created += res.json.created;
  totals.updated += res.json.updated;
  totals.unchanged += res.json.unchanged;
  totals.errors += res.json.errors.length;
  errors.push(...res.json.errors);
  bar.setTotal(totals.rows);
  bar.update(totals.rows, totals);
  seq++;
  batch = [];
}

for await (const row of cells()) {
  rowNo++;
  if (!fields) {
    const header = mapHeader(row);
    if (header.missing.length) {
      bar.stop();
      fail(`缺少必填列：${header.missing.join("、")}`, `required columns missing: ${header.missing.join(", ")}`, 1);
    }
    fields = header.fields;
    continue;
  }
  // Blank lines are skipped, but keep their numbers so reported rows match the file.
  if (row.every((c) => (c ?? "").trim() === "")) {
    if (!batch.length) batchFirst = rowNo + 1;
    else {
      await send();
      batchFirst = rowNo + 1;
    }
    continue;
  }
  if (!batch.length) batchFirst = rowNo;
  batch.push(rowObject(fields, row));
  if (batch.length >= chunkSize) await send();
}
await send();
bar.stop();
if (seq === 0) fail("文件中没有数据行", "the file has no data rows", 1);

const done = await api("POST", `/businesses/imports/${importId}/finish`, { chunks: seq });
if (done.status !== 200) fail(done.json?.error?.message ?? `HTTP ${done.status}`, `could not finish the import (HTTP ${done.status})`);
console.log(
  `导入完成 ${importId}：${done.json.rows} 行，新增 ${done.json.created}，更新 ${done.json.updated}，未变 ${done.json.unchanged}，错误 ${done.json.errors}\n` +
    `import done: ${done.json.rows} rows, ${done.json.created} new, ${done.json.updated} updated, ${done.json.unchanged} unchanged, ${done.json.errors} errors\n` +
    `Merkle 根 / root: ${done.json.root}`,
);
if (errors.length) {
  await writeFile(errorsFile, toCsv([["行号 row", "统一社会信用代码 credit code", "列 field", "原因 reason"], ...errors.map((e) => [String(e.row), e.creditCode ?? "", e.field, e.message])]));
  console.log(`逐行错误报告 / per-row error report: ${errorsFile}`);
  process.exit(1);
}
