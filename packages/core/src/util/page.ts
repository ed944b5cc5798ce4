import * as z from "zod";
import { useLocale } from "../context";
import { VisibleError } from "../error";
import { translate } from "../i18n/index";

/** Every list is one page: at most MAX_LIMIT rows per call, and a cursor for
 * the next page (DESIGN §6 "Every list is bounded"). */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

const KEY_FIELD = /^(pk|sk|gsi\d+pk|gsi\d+sk)$/;

/** The fields of a cursor (ElectroDB's: base64url JSON of the last key read), or undefined when it is not one. */
export function decodeCursor(cursor: string): Record<string, string> | undefined {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
    const entries = Object.entries(v);
    if (entries.length === 0 || entries.length > 4) return undefined;
    if (!entries.every(([k, x]) => KEY_FIELD.test(k) && typeof x === "string")) return undefined;
    return v as Record<string, string>;
  } catch {
    return undefined;
  }
}

export const Cursor = z
  .string()
  .max(2000)
  .refine((s) => decodeCursor(s) !== undefined, { message: "page.cursor" })
  .meta({ description: "上一页返回的游标 / the cursor the previous page returned" });

export const PageInput = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(DEFAULT_LIMIT)
    .meta({ description: `每页条数，默认 ${DEFAULT_LIMIT}，最多 ${MAX_LIMIT} / page size, default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}` }),
  cursor: Cursor.optional(),
});
export type PageInput = z.input<typeof PageInput>;

export interface Page<T> {
  items: T[];
  /** The next page's cursor; null on the last page. */
  cursor: string | null;
}

/** The schema of one page of `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), cursor: z.string().nullable() });
}

function cursorError(): VisibleError {
  return new VisibleError("request.invalid", {}, 400, [{ field: "cursor", rule: "invalid", message: translate("page.cursor", useLocale()) }]);
}

/** An ElectroDB query, structurally: what one page needs of it. */
interface Query<T> {
  go(options: { limit: number; cursor: string | null; order?: "asc" | "desc" }): Promise<{ data: T[]; cursor: string | null }>;
  params(options?: object): unknown;
}

/** Read one page of `query`. A cursor must name the partition this query reads
 * (a cursor of another list, another department or another tenant is a 400
 * naming `cursor`, never a read elsewhere). */
export async function page<T>(query: Query<T>, input: PageInput = {}, order: "asc" | "desc" = "desc"): Promise<Page<T>> {
  const { limit, cursor } = PageInput.parse(input);
  if (cursor) {
    const fields = decodeCursor(cursor)!;
    const params = query.params() as { IndexName?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> };
    const pkField = params.ExpressionAttributeNames?.["#pk"] ?? (params.IndexName ? `${params.IndexName}pk` : "pk");
    const pkValue = params.ExpressionAttributeValues?.[":pk"];
    if (fields[pkField] === undefined || fields[pkField] !== pkValue) throw cursorError();
  }
  try {
    const res = await query.go({ limit, cursor: cursor ?? null, order });
    return { items: res.data, cursor: res.cursor ?? null };
  } catch (err) {
    // A cursor that decodes but does not fit the index (a key field missing or foreign).
    if (cursor && /start(ing)? ?key|ExclusiveStartKey|cursor/i.test(String((err as Error)?.message))) throw cursorError();
    throw err;
  }
}

/** Map a page's rows. */
export function mapPage<T, U>(p: Page<T>, f: (row: T) => U): Page<U> {
  return { items: p.items.map(f), cursor: p.cursor };
}

/** One page of rows already in memory (immutable reference data: catalogue
 * items of a version, the province's tenants), sorted ascending by `keyOf`. The
 * cursor names the last key shown, so it stays valid while rows are added. */
export function pageList<T>(rows: readonly T[], keyOf: (row: T) => string, input: PageInput = {}): Page<T> {
  const { limit, cursor } = PageInput.parse(input);
  let start = 0;
  if (cursor) {
    const fields = decodeCursor(cursor)!;
    if (fields.sk === undefined || Object.keys(fields).length !== 1) throw cursorError();
    const i = rows.findIndex((r) => keyOf(r) > fields.sk!);
    start = i < 0 ? rows.length : i;
  }
  const items = rows.slice(start, start + limit);
  const more = start + limit < rows.length && items.length > 0;
  return { items, cursor: more ? Buffer.from(JSON.stringify({ sk: keyOf(items[items.length - 1]!) })).toString("base64url") : null };
}
