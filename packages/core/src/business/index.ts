export * as Business from "./index";

import { QueryCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Clock } from "../clock";
import { useConfig } from "../config";
import { useLocale, useTenant } from "../context";
import { useDynamo } from "../dynamo/client";
import { Tx } from "../dynamo/tx";
import { CreditCode, isValidCreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { translate } from "../i18n/index";
import { commit } from "../outbox/commit";
import { townshipsOf } from "../tenant/townships";
import { decodeCursor, PageInput, pageOf, type Page } from "../util/page";
import { BusinessEntity, rosterPk, rosterSk, searchKey, type BusinessItem, type RosterItem, type SearchItem } from "./business.entity";
import * as Roster from "./roster";
import { Grades, normalise, placeQuery, queryKey, rowLeaf, unpack, type Grade } from "./rules";
import { merkleRoot } from "../util/hash";
import { batchGet, regionsOf, townshipName } from "./store";

export { generate, type GenerateOptions } from "./generate";
export { addChunk, ChunkInput, DEFAULT_GRADE, finish, FinishInput, importInfo, importRows, start, StartInput, type ImportProgress, type ImportSummary, type RowError } from "./import";
export { Input, Licence, type BusinessInput } from "./input";
export { BusinessTypeNames, BusinessTypes, Columns, GradeNames, Grades, mapHeader, rowObject, type BusinessType, type Grade } from "./names";
export { importRoot, IMPORT_CHUNK, rowLeaf } from "./rules";

/** 市场主体名录库: the businesses of a tenant, their search index, and the
 * per-grade roster that draws publish as their candidate list. */

export const GradeSchema = z.enum(Grades);

export const Info = z
  .object({
    creditCode: z.string(),
    name: z.string(),
    type: z.string(),
    address: z.string(),
    township: z.string(),
    townshipName: z.string(),
    industries: z.array(z.string()),
    licences: z.array(z.object({ kind: z.string(), number: z.string(), validUntil: z.string().optional() })),
    itemCodes: z.array(z.string()),
    registeredOn: z.string().optional(),
    grade: GradeSchema,
    gradedAt: z.string(),
    gradeSource: z.string(),
    gradeReasons: z.array(z.string()),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Business" });
export type Info = z.infer<typeof Info>;

function toInfo(r: BusinessItem): Info {
  return {
    creditCode: r.creditCode,
    name: r.name,
    type: r.type,
    address: r.address,
    township: r.township,
    townshipName: townshipName(r.tenantId, r.township),
    industries: r.industries,
    licences: r.licences.map((l) => ({ kind: l.kind, number: l.number, ...(l.validUntil ? { validUntil: l.validUntil } : {}) })),
    itemCodes: r.itemCodes,
    registeredOn: r.registeredOn,
    grade: r.grade,
    gradedAt: r.gradedAt,
    gradeSource: r.gradeSource,
    gradeReasons: r.gradeReasons,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

/** One business by its credit code (404 when this tenant's directory lacks it). */
export async function fromCode(creditCode: string): Promise<Info> {
  const code = CreditCode.parse(creditCode);
  const res = await BusinessEntity.get({ tenantId: useTenant(), creditCode: code }).go({ consistent: true });
  if (!res.data) throw new NotFoundError("business.not_found");
  return toInfo(res.data);
}

/** Businesses by code (BatchGet), in the order asked; codes not in the directory are skipped. */
export async function getMany(codes: readonly string[]): Promise<Info[]> {
  const found = await batchGet(useTenant(), codes);
  return codes.flatMap((c) => {
    const r = found.get(c);
    return r ? [toInfo(r)] : [];
  });
}

/** The townships of businesses by code (a projected BatchGet: a draw's 回避 check needs nothing else); codes not in the directory are absent. */
export async function townships(codes: readonly string[]): Promise<Map<string, string>> {
  const found = await batchGet(useTenant(), codes, ["creditCode", "township"]);
  return new Map([...found.values()].map((r) => [r.creditCode, r.township]));
}

/** The tenant's credit codes of one grade, sorted, one packed roster item (up to 8,000 codes) per chunk. */
export function roster(grade: Grade): AsyncIterable<string[]> {
  return Roster.read(useTenant(), GradeSchema.parse(grade));
}

/** How many businesses the tenant has in each grade. */
export function count(): Promise<Record<Grade, number>> {
  return Roster.counts(useTenant());
}

// ---------------------------------------------------------------- lists

export const ListInput = PageInput.extend({
  township: z.string().regex(/^\d{9,12}$/).optional(),
  grade: GradeSchema.optional(),
});

function encode(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

function badCursor(): VisibleError {
  return new VisibleError("request.invalid", {}, 400, [{ field: "cursor", rule: "invalid", message: translate("page.cursor", useLocale()) }]);
}

/** One page of the directory: by township (GSI, credit-code order), by grade (the roster), or all (township after township). */
export async function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  const { limit, cursor, township, grade } = ListInput.parse(input);
  const tenantId = useTenant();
  const at = cursor ? decodeCursor(cursor) : undefined;
  if (grade) return listGrade(tenantId, grade, limit, at);
  const towns = township ? [township] : townshipsOf(tenantId).map((t) => t.id);
  const pkOf = (t: string) => `${tenantId}#business-town#${t}`;
  let index = 0;
  let start: Record<string, string> | undefined;
  if (at) {
    index = towns.findIndex((t) => pkOf(t) === at.gsi1pk);
    if (index < 0) throw badCursor();
    start = at.gsi1sk ? at : undefined;
  }
  const codes: string[] = [];
  let next: string | null = null;
  while (index < towns.length && codes.length < limit) {
    const res: QueryCommandOutput = await useDynamo().send(
      new QueryCommand({
        TableName: useConfig().TABLE_NAME,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": pkOf(towns[index]!) },
        ProjectionExpression: "creditCode",
        Limit: limit - codes.length,
        ExclusiveStartKey: start,
      }),
    );
    codes.push(...(res.Items ?? []).map((i) => i.creditCode as string));
    if (res.LastEvaluatedKey) {
      start = res.LastEvaluatedKey as Record<string, string>;
      if (codes.length >= limit) next = encode(start);
    } else {
      index++;
      start = undefined;
      if (codes.length >= limit && index < towns.length) next = encode({ gsi1pk: pkOf(towns[index]!), gsi1sk: "" });
    }
  }
  return { items: await getMany(codes), cursor: next };
}

/** A page of one grade, read from the roster: the item holding the cursor's code onward. */
async function listGrade(tenantId: string, grade: Grade, limit: number, at: Record<string, string> | undefined): Promise<Page<Info>> {
  const pk = rosterPk(tenantId, grade);
  if (at && (at.pk !== pk || !isValidCreditCode(at.sk ?? ""))) throw badCursor();
  const after = at?.sk ?? "";
  const codes: string[] = [];
  const take = (item: RosterItem) => {
    for (const c of unpack(item.codes)) if (c > after && codes.length < limit) codes.push(c);
  };
  const one = async (condition: string, values: Record<string, string>, forward: boolean) =>
    (
      await useDynamo().send(
        new QueryCommand({
          TableName: useConfig().TABLE_NAME,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: { ":pk": pk, ...values },
          ScanIndexForward: forward,
          Limit: 1,
          ConsistentRead: true,
        }),
      )
    ).Items?.[0] as RosterItem | undefined;
  let lastSk: string | undefined;
  if (after) {
    // The item that holds the cursor's code …
    const item = await one("pk = :pk AND sk <= :sk", { ":sk": rosterSk(after) }, false);
    if (item) {
      take(item);
      lastSk = item.sk;
    }
  }
  // … then the following ones, until the page is full.
  while (codes.length < limit) {
    const item = lastSk ? await one("pk = :pk AND sk > :sk", { ":sk": lastSk }, true) : await one("pk = :pk", {}, true);
    if (!item) break;
    take(item);
    lastSk = item.sk;
  }
  const last = codes.at(-1);
  return { items: await getMany(codes), cursor: codes.length >= limit && last ? encode({ pk, sk: last }) : null };
}

export const SearchInput = PageInput.extend({
  q: z.string().trim().min(1).max(100),
  by: z.enum(["name", "address"]).default("name"),
});

/** Search by credit code (exact), or by name or address: one Query page of the
 * suffix index (begins_with the query's first characters), its hits checked
 * against the whole query. A page may hold fewer than `limit` hits while the
 * cursor says more may follow. A query of only place names or legal forms
 * ("鼓东街道", "有限公司", "福州市") pages the directory instead: a township's
 * businesses, or every business whose name holds the form, `limit` read a page. */
export async function search(input: z.input<typeof SearchInput>): Promise<Page<Info>> {
  const { q, by, limit, cursor } = SearchInput.parse(input);
  const tenantId = useTenant();
  const asCode = q.toUpperCase();
  if (isValidCreditCode(asCode)) {
    const found = await getMany([asCode]);
    return { items: found, cursor: null };
  }
  const key = queryKey(by, q, regionsOf(tenantId));
  if (!key) {
    // Only place names or legal forms: the township's businesses, or the directory's pages whose names hold the form.
    const place = placeQuery(q, regionsOf(tenantId), townshipsOf(tenantId));
    if (!place) throw new VisibleError("request.invalid", {}, 400, [{ field: "q", rule: "business.search_too_short", message: translate("business.search_too_short", useLocale()) }]);
    const page = await list({ township: place.township, limit, cursor });
    const contains = place.contains;
    return contains ? { items: page.items.filter((b) => normalise(b[by]).includes(contains)), cursor: page.cursor } : page;
  }
  const { pk } = searchKey(tenantId, by, key.key, "");
  const at = cursor ? decodeCursor(cursor) : undefined;
  if (at && (at.pk !== pk || !at.sk?.startsWith(key.key))) throw badCursor();
  const res: QueryCommandOutput = await useDynamo().send(
    new QueryCommand({
      TableName: useConfig().TABLE_NAME,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :k)",
      ExpressionAttributeValues: { ":pk": pk, ":k": key.key },
      Limit: limit,
      ExclusiveStartKey: at,
    }),
  );
  const codes = [...new Set(((res.Items ?? []) as SearchItem[]).filter((i) => i.text.includes(key.full)).map((i) => i.creditCode))];
  return { items: await getMany(codes), cursor: res.LastEvaluatedKey ? encode(res.LastEvaluatedKey) : null };
}

export const ListPage = pageOf(Info).meta({ id: "BusinessPage" });

// ---------------------------------------------------------------- repair

/** Rebuild the per-grade roster from the records (a crash between an import's
 * record writes and its roster update leaves them apart): records read in
 * pages, township by township; only differing roster items are written; one
 * `business.roster-rebuild` audit event whose state carries the counts and a
 * Merkle root over the moves it made. Idempotent: a second run moves nothing. */
export async function rebuildRoster(onProgress?: (recordsRead: number) => void) {
  const tenantId = useTenant();
  const { grades, moves } = await Roster.rebuild(
    tenantId,
    townshipsOf(tenantId).map((t) => t.id),
    onProgress,
  );
  const movesRoot = merkleRoot(moves.map((m) => rowLeaf([m.creditCode, m.from ?? "-", m.to ?? "-"])));
  const summary = { added: moves.filter((m) => m.to).length, removed: moves.filter((m) => m.from).length, movesRoot };
  const committed = await commit({
    action: "business.roster-rebuild",
    target: { type: "businessRoster", id: tenantId },
    state: { grades, ...summary },
    summary: { ...summary, records: Grades.reduce((n, g) => n + grades[g].records, 0) },
    items: () => [],
  });
  return { grades, ...summary, auditId: committed.auditId };
}

// ---------------------------------------------------------------- grades

export interface GradeChange {
  creditCode: string;
  grade: Grade;
  source: string;
  reasons: string[];
}

/** Set a business's grade (credit/ calls this after scoring): the record, the
 * two roster items and the audit event in one transaction, so the next draw
 * sees the new grade. No change, no write. */
export async function setGrade(change: GradeChange): Promise<Info> {
  const tenantId = useTenant();
  for (let attempt = 1; ; attempt++) {
    const current = (await BusinessEntity.get({ tenantId, creditCode: change.creditCode }).go({ consistent: true })).data;
    if (!current) throw new NotFoundError("business.not_found");
    const sameReasons = current.gradeReasons.length === change.reasons.length && current.gradeReasons.every((r, i) => r === change.reasons[i]);
    if (current.grade === change.grade && current.gradeSource === change.source && sameReasons) return toInfo(current);
    const moves = current.grade === change.grade ? [] : await Roster.moveWrites(tenantId, { creditCode: change.creditCode, from: current.grade, to: change.grade });
    const now = Clock.iso();
    const next: BusinessItem = {
      ...current,
      grade: change.grade,
      gradedAt: current.grade === change.grade ? current.gradedAt : now,
      gradeSource: change.source,
      gradeReasons: change.reasons,
      updatedAt: now,
      version: current.version + 1,
    };
    try {
      await commit({
        action: "business.grade",
        target: { type: "business", id: change.creditCode },
        state: { creditCode: change.creditCode, grade: change.grade, from: current.grade, source: change.source, reasons: change.reasons },
        summary: { creditCode: change.creditCode, name: current.name, from: current.grade, grade: change.grade, source: change.source },
        items: () => [
          Tx.put({
            TableName: useConfig().TABLE_NAME,
            Item: BusinessEntity.put(next).params().Item as Record<string, unknown>,
            ConditionExpression: "#v = :v",
            ExpressionAttributeNames: { "#v": "version" },
            ExpressionAttributeValues: { ":v": current.version },
          }),
          ...moves,
        ],
        onConditionFailed: () => new ConflictError(),
      });
      return toInfo(next);
    } catch (err) {
      // A concurrent change of this record or of a roster item: read again and redo.
      if (!(err instanceof ConflictError) || attempt >= 8) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 15 * attempt));
    }
  }
}
