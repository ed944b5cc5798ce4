import * as z from "zod";
import { Clock } from "../clock";
import { actorRef, useActor, useLocale, useTenant } from "../context";
import { Tx } from "../dynamo/tx";
import { NotFoundError, VisibleError } from "../error";
import { describeZodIssues, translate } from "../i18n/index";
import { commit } from "../outbox/commit";
import { merkleRoot } from "../util/hash";
import { createId } from "../util/id";
import { BusinessEntity, BusinessImportChunkEntity, BusinessImportEntity, type BusinessImportItem, type BusinessItem } from "./business.entity";
import { Input } from "./input";
import { applyMoves, type Move } from "./roster";
import { contentHash, IMPORT_CHUNK, rowLeaf, type Grade } from "./rules";
import { batchGet, batchWrite, resolveTownship, searchItems, type WriteRequest } from "./store";

/** Importing a directory: rows are validated one by one, written in chunks
 * (BatchWriteItem, upsert by credit code: a re-import updates, never
 * duplicates, and an unchanged row writes nothing), and the import ends with
 * ONE audit event whose state carries the Merkle root of every row read,
 * valid or not. The roster moves of the whole import are applied once at
 * the end. Two entries: `importRows` streams in process (command line,
 * seed, bench); the API takes chunks (`start`, `addChunk`, `finish`). */

/** A business with no grade of its own yet: the scoring's default until its records are scored (credit/). */
export const DEFAULT_GRADE: Grade = "B";
export const DEFAULT_REASON = "新登记或新导入主体，暂无信用记录，按一般风险（B 类）管理";
export const IMPORTED_REASON = "导入的信用风险分类结果";

export interface RowError {
  /** Row number in the file (the header is row 1 when the rows come from a spreadsheet). */
  row: number;
  creditCode?: string;
  field: string;
  rule: string;
  message: string;
}

export interface ChunkResult {
  seq: number;
  root: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
  moves: Move[];
}

export interface NumberedRow {
  row: number;
  value: unknown;
}

/** Validate and write one chunk of rows. `seen` (code → row) finds a code twice in one import when the rows pass through one process. */
export async function writeChunk(seq: number, rows: readonly NumberedRow[], importId: string, seen?: Map<string, number>): Promise<ChunkResult> {
  const tenantId = useTenant();
  const locale = useLocale();
  const root = merkleRoot(rows.map((r) => rowLeaf(r.value)));
  const errors: RowError[] = [];
  const valid: { row: number; input: Input & { township: string } }[] = [];
  const inChunk = new Map<string, number>();
  for (const r of rows) {
    const parsed = Input.safeParse(r.value);
    const code = typeof (r.value as { creditCode?: unknown })?.creditCode === "string" ? String((r.value as { creditCode: string }).creditCode).trim().toUpperCase() : undefined;
    if (!parsed.success) {
      for (const d of describeZodIssues(parsed.error, locale)) errors.push({ row: r.row, creditCode: code, ...d });
      continue;
    }
    const township = resolveTownship(tenantId, parsed.data.township);
    if (!township) {
      errors.push({ row: r.row, creditCode: parsed.data.creditCode, field: "township", rule: "business.township_unknown", message: translate("business.township_unknown", locale, { value: parsed.data.township }) });
      continue;
    }
    const first = seen?.get(parsed.data.creditCode) ?? inChunk.get(parsed.data.creditCode);
    if (first !== undefined) {
      errors.push({ row: r.row, creditCode: parsed.data.creditCode, field: "creditCode", rule: "business.duplicate_row", message: translate("business.duplicate_row", locale, { row: first }) });
      continue;
    }
    inChunk.set(parsed.data.creditCode, r.row);
    seen?.set(parsed.data.creditCode, r.row);
    valid.push({ row: r.row, input: { ...parsed.data, township } });
  }
  const old = await batchGet(
    tenantId,
    valid.map((v) => v.input.creditCode),
  );
  const now = Clock.iso();
  const writes: WriteRequest[] = [];
  const moves: Move[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const { input } of valid) {
    const before = old.get(input.creditCode);
    const hash = contentHash(input);
    if (before && before.contentHash === hash) {
      unchanged++;
      continue;
    }
    const grade: Grade = input.grade ?? before?.grade ?? DEFAULT_GRADE;
    const graded = input.grade
      ? { grade, gradedAt: before?.grade === input.grade ? before.gradedAt : now, gradeSource: "import", gradeReasons: [IMPORTED_REASON] }
      : before
        ? { grade, gradedAt: before.gradedAt, gradeSource: before.gradeSource, gradeReasons: before.gradeReasons }
        : { grade, gradedAt: now, gradeSource: "default", gradeReasons: [DEFAULT_REASON] };
    const record: BusinessItem = {
      tenantId,
      creditCode: input.creditCode,
      name: input.name,
      type: input.type,
      address: input.address,
      township: input.township,
      industries: input.industries,
      licences: input.licences,
      itemCodes: input.itemCodes,
      registeredOn: input.registeredOn,
      ...graded,
      contentHash: hash,
      importId,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
      version: (before?.version ?? 0) + 1,
    };
    writes.push({ PutRequest: { Item: BusinessEntity.put(record).params().Item as Record<string, unknown> } });
    // Search items: only when the name or address changed; keys the old ones had and the new lack are deleted.
    if (!before || before.name !== record.name || before.address !== record.address) {
      const fresh = searchItems(tenantId, record);
      const freshKeys = new Set(fresh.map((i) => `${i.pk}|${i.sk}`));
      for (const i of fresh) writes.push({ PutRequest: { Item: i as never } });
      if (before) for (const i of searchItems(tenantId, before)) if (!freshKeys.has(`${i.pk}|${i.sk}`)) writes.push({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } });
    }
    if (before?.grade !== grade) moves.push({ creditCode: input.creditCode, from: before?.grade, to: grade });
    if (before) updated++;
    else created++;
  }
  await batchWrite(dedupeWrites(writes));
  return { seq, root, rows: rows.length, created, updated, unchanged, errors, moves };
}

/** One request per key in a BatchWriteItem call (DynamoDB refuses duplicates). */
function dedupeWrites(writes: WriteRequest[]): WriteRequest[] {
  const byKey = new Map<string, WriteRequest>();
  for (const w of writes) {
    const k = "PutRequest" in w ? `${w.PutRequest.Item.pk}|${w.PutRequest.Item.sk}` : `${w.DeleteRequest.Key.pk}|${w.DeleteRequest.Key.sk}`;
    byKey.set(k, w);
  }
  return [...byKey.values()];
}

export interface ImportSummary {
  id: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
  root: string;
  chunkSize: number;
  auditId?: string;
}

/** Finish an import: apply its roster moves, then one audit event over the Merkle root of the chunks' roots. */
async function close(record: BusinessImportItem, chunks: readonly Omit<ChunkResult, "errors">[], errorCount: number): Promise<ImportSummary> {
  const tenantId = useTenant();
  await applyMoves(tenantId, chunks.flatMap((c) => c.moves));
  const sum = (k: "rows" | "created" | "updated" | "unchanged") => chunks.reduce((s, c) => s + c[k], 0);
  const summary = {
    id: record.id,
    rows: sum("rows"),
    created: sum("created"),
    updated: sum("updated"),
    unchanged: sum("unchanged"),
    errors: errorCount,
    root: merkleRoot(chunks.map((c) => c.root)),
    chunkSize: record.chunkSize,
  };
  const done: BusinessImportItem = { ...record, ...summary, status: "done", finishedAt: Clock.iso() };
  const committed = await commit({
    action: "business.import",
    target: { type: "businessImport", id: record.id },
    state: summary,
    summary: { rows: summary.rows, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, errors: summary.errors, root: summary.root },
    items: () => [Tx.put(BusinessImportEntity.put({ ...done, auditId: undefined }))],
  });
  return { ...summary, auditId: committed.auditId };
}

function newImport(fileName: string | undefined, chunkSize: number): BusinessImportItem {
  const actor = actorRef(useActor());
  return { tenantId: useTenant(), id: createId("imp"), status: "open", fileName, chunkSize, rows: 0, created: 0, updated: 0, unchanged: 0, errors: 0, startedBy: actor.name, startedAt: Clock.iso() };
}

export interface ImportProgress {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
}

/** Stream rows into the directory in chunks; errors are reported per row and never stop the import. */
export async function importRows(
  rows: AsyncIterable<unknown> | Iterable<unknown>,
  onProgress?: (p: ImportProgress, errors: RowError[]) => void,
  options: { fileName?: string; chunkSize?: number; firstRow?: number } = {},
): Promise<ImportSummary & { rowErrors: RowError[] }> {
  const chunkSize = options.chunkSize ?? IMPORT_CHUNK;
  const record = newImport(options.fileName, chunkSize);
  const seen = new Map<string, number>();
  const chunks: Omit<ChunkResult, "errors">[] = [];
  const rowErrors: RowError[] = [];
  const progress: ImportProgress = { rows: 0, created: 0, updated: 0, unchanged: 0, errors: 0 };
  let buffer: NumberedRow[] = [];
  let n = options.firstRow ?? 1;
  // One chunk is written while the next is read: reading never waits on a write, and at most two chunks are held.
  let writing: Promise<void> = Promise.resolve();
  const flush = (batch: NumberedRow[]) => {
    const slot = chunks.length;
    chunks.push(undefined as never);
    const prev = writing;
    // Validation (and `seen`) runs before writeChunk's first await, so chunks claim codes in file order.
    const job = writeChunk(slot, batch, record.id, seen);
    writing = (async () => {
      const [r] = await Promise.all([job, prev]);
      const { errors, ...rest } = r;
      chunks[slot] = { ...rest, seq: slot };
      rowErrors.push(...errors);
      progress.rows += r.rows;
      progress.created += r.created;
      progress.updated += r.updated;
      progress.unchanged += r.unchanged;
      progress.errors += errors.length;
      onProgress?.({ ...progress }, errors);
    })();
    return prev;
  };
  for await (const value of rows as AsyncIterable<unknown>) {
    buffer.push({ row: n++, value });
    if (buffer.length >= chunkSize) {
      await flush(buffer);
      buffer = [];
    }
  }
  if (buffer.length) await flush(buffer);
  await writing;
  const summary = await close(record, chunks, rowErrors.length);
  return { ...summary, rowErrors };
}

// ---------------------------------------------------------------- the API's chunks

export const StartInput = z.object({ fileName: z.string().max(200).optional() });

export async function start(input: z.input<typeof StartInput>): Promise<{ id: string; chunkSize: number }> {
  const record = newImport(StartInput.parse(input).fileName, IMPORT_CHUNK);
  await BusinessImportEntity.create(record).go();
  return { id: record.id, chunkSize: record.chunkSize };
}

async function openImport(id: string): Promise<BusinessImportItem> {
  const record = (await BusinessImportEntity.get({ tenantId: useTenant(), id }).go({ consistent: true })).data;
  if (!record) throw new NotFoundError("business.import_not_found");
  if (record.status !== "open") throw new VisibleError("business.import_closed", {}, 409);
  return record;
}

export const ChunkInput = z.object({
  /** 0, 1, 2 … in file order; a chunk sent again replaces itself. */
  seq: z.number().int().min(0).max(10_000),
  /** The file's row number of the first row (2 when row 1 is the header). */
  firstRow: z.number().int().min(1),
  rows: z.array(z.record(z.string(), z.unknown())).min(1).max(IMPORT_CHUNK),
});

const movesText = (moves: Move[]) => moves.map((m) => `${m.creditCode}${m.from ?? "-"}${m.to ?? "-"}`).join("");
function movesOf(text: string): Move[] {
  const out: Move[] = [];
  for (let i = 0; i < text.length; i += 20) {
    const from = text[i + 18] as Grade | "-";
    const to = text[i + 19] as Grade | "-";
    out.push({ creditCode: text.slice(i, i + 18), from: from === "-" ? undefined : from, to: to === "-" ? undefined : to });
  }
  return out;
}

/** One chunk from the portal: written now, its root and roster moves kept until `finish`. */
export async function addChunk(id: string, input: z.input<typeof ChunkInput>): Promise<ChunkResult> {
  const { seq, firstRow, rows } = ChunkInput.parse(input);
  const record = await openImport(id);
  const result = await writeChunk(
    seq,
    rows.map((value, i) => ({ row: firstRow + i, value })),
    record.id,
  );
  await BusinessImportChunkEntity.put({
    tenantId: record.tenantId,
    importId: record.id,
    seq,
    seqKey: String(seq).padStart(6, "0"),
    root: result.root,
    rows: result.rows,
    created: result.created,
    updated: result.updated,
    unchanged: result.unchanged,
    errors: result.errors.length,
    moves: movesText(result.moves),
  }).go();
  return result;
}

export const FinishInput = z.object({ chunks: z.number().int().min(1).max(10_000) });

/** Every chunk 0 … chunks−1 must be there; then the roster and the one audit event. */
export async function finish(id: string, input: z.input<typeof FinishInput>): Promise<ImportSummary> {
  const { chunks: count } = FinishInput.parse(input);
  const record = await openImport(id);
  const stored = (await BusinessImportChunkEntity.query.byImport({ tenantId: record.tenantId, importId: id }).go({ pages: "all" })).data.sort((a, b) => a.seq - b.seq);
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => stored[i]?.seq !== i);
  if (missing.length || stored.length !== count) throw new VisibleError("business.import_incomplete", { missing: missing.slice(0, 10).join(", ") || count }, 409);
  const chunks = stored.map((c) => ({ seq: c.seq, root: c.root, rows: c.rows, created: c.created, updated: c.updated, unchanged: c.unchanged, moves: movesOf(c.moves) }));
  return close(record, chunks, stored.reduce((s, c) => s + c.errors, 0));
}

export async function importInfo(id: string): Promise<BusinessImportItem> {
  const record = (await BusinessImportEntity.get({ tenantId: useTenant(), id }).go()).data;
  if (!record) throw new NotFoundError("business.import_not_found");
  return record;
}

