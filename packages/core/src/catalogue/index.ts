export * as Catalogue from "./index";

import { BatchWriteCommand, type BatchWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import * as z from "zod";
import { Clock } from "../clock";
import { useConfig } from "../config";
import { actorRef, maybeContext, useActor, useTenant } from "../context";
import { useDynamo } from "../dynamo/client";
import { commit, type OutgoingMessage } from "../outbox/commit";
import { Limits, Tx } from "../dynamo/tx";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { PROVINCE_ID, Tenant } from "../tenant";
import { fn } from "../util/fn";
import { mapPage, PageInput, pageList, type Page } from "../util/page";
import { hashState, merkleRoot } from "../util/hash";
import { CatalogueHeadEntity, CatalogueRevisionEntity, CatalogueTenantStatusEntity, CatalogueVersionEntity } from "./catalogue.entity";
import { ChangeBasis, ItemCode, SupervisionItem, VersionInput, changeCode, type Change } from "./item";
import { applyChanges, countChanges, entryOf, pack, validateChanges, type ItemInForce } from "./rules";
import type { SyncPayload } from "./sync";
import { head, itemsAt, pageVersions, revisions, tenantState, tenantVersion, versionRecord, type VersionRecord } from "./store";

export { ChangeBasis, ItemCode, SupervisionItem, VersionInput } from "./item";
export { planFanout, type Diff } from "./rules";
export { StatusReported, statusMessage, type CoverageCounts } from "./status";
export { itemsAt, tenantState, tenantVersion, type TenantState } from "./store";
export { SyncPayload, pendingSync, syncChange, type PendingSync, type SyncFollowUp } from "./sync";

/** 跨部门综合监管事项清单: the province publishes numbered, immutable
 * versions; every tenant (the province too) syncs each one through the
 * catalogue-sync queue and keeps only its state and the diff.
 *
 * The messages that carry a version to the tenants, and the sync that also
 * marks each tenant's assignments, are CatalogueSync's (catalogue-sync/),
 * the module above this one and assignment: here are the catalogue's own
 * records, reads and rules, and the parts of publish and sync they need. */

// ---------------------------------------------------------------- schemas

const ChangeEntryInfo = z.object({
  code: z.string(),
  name: z.string().optional(),
  basis: ChangeBasis,
  law: z.string(),
  effectiveDate: z.string(),
});

export const VersionInfo = z
  .object({
    version: z.number().int(),
    title: z.string(),
    publishedAt: z.string(),
    publishedBy: z.object({ type: z.string(), id: z.string(), name: z.string() }).loose(),
    contentHash: z.string(),
    merkleRoot: z.string(),
    counts: z.object({ enact: z.number(), amend: z.number(), interpret: z.number(), repeal: z.number() }),
    itemCount: z.number().int(),
  })
  .meta({ id: "CatalogueVersion" });
export type VersionInfo = z.infer<typeof VersionInfo>;

export const VersionDetail = VersionInfo.extend({ changes: z.array(ChangeEntryInfo) }).meta({ id: "CatalogueVersionDetail" });

export const ItemInfo = z
  .object({
    ...SupervisionItem.shape,
    version: z.number().int(),
    basis: ChangeBasis,
    law: z.string(),
    effectiveDate: z.string(),
  })
  .meta({ id: "CatalogueItem" });
export type ItemInfo = z.infer<typeof ItemInfo>;

const DiffEntryInfo = ChangeEntryInfo.extend({ version: z.number().int() });
export const SyncInfo = z
  .object({
    version: z.number().int(),
    previousVersion: z.number().int(),
    title: z.string().optional(),
    publishedAt: z.string().optional(),
    syncedAt: z.string().optional(),
    itemCount: z.number().int(),
    latestVersion: z.number().int().optional(),
    counts: z.object({ added: z.number(), amended: z.number(), interpreted: z.number(), repealed: z.number() }),
    diff: z.object({ added: z.array(DiffEntryInfo), amended: z.array(DiffEntryInfo), interpreted: z.array(DiffEntryInfo), repealed: z.array(DiffEntryInfo) }),
  })
  .meta({ id: "CatalogueSync" });

export const TenantStatusInfo = z
  .object({
    tenantId: z.string(),
    name: z.string(),
    level: z.string(),
    version: z.number().int().nullable(),
    syncedAt: z.string().nullable(),
    reportedAt: z.string().nullable(),
    upToDate: z.boolean(),
    complete: z.boolean(),
    coverage: z.object({ items: z.number(), assigned: z.number(), unassigned: z.number(), needsReview: z.number(), departmentsWithoutItems: z.number() }).nullable(),
  })
  .meta({ id: "CatalogueTenantStatus" });

export const PublishResult = z
  .object({ status: z.enum(["published", "unchanged"]), version: z.number().int(), publishedAt: z.string(), merkleRoot: z.string(), tenants: z.number().int() })
  .meta({ id: "CataloguePublishResult" });

function versionInfo(r: VersionRecord): VersionInfo {
  const { changes: _changes, publishId: _p, ...rest } = r;
  return { ...rest, publishedBy: { type: r.publishedBy.type, id: r.publishedBy.id, name: r.publishedBy.name } };
}

// ---------------------------------------------------------------- publish

/** Transaction items besides messages: version record, head, audit event, audit head. */
const FIXED_ITEMS = 4;

/** The messages that bring every tenant to a published version, given the
 * room left for them in the publishing transaction (the caller decides how
 * to fan out: CatalogueSync's messages are not this module's). */
export type Fanout = (payload: SyncPayload, tenants: string[], room: number) => OutgoingMessage[];

function stateError(issues: ReturnType<typeof validateChanges>) {
  return new z.ZodRealError(
    issues.map(
      (i) =>
        ({
          code: "custom",
          path: i.basis === "repeal" ? ["changes", i.index, "code"] : ["changes", i.index, "item", "code"],
          message: i.rule,
          params: { index: i.index, code: i.code, basis: i.basis },
          input: i.code,
        }) as never,
    ),
  );
}

async function writeRevisions(version: number, publishId: string, changes: Change[]) {
  const table = useConfig().TABLE_NAME;
  type Put = NonNullable<BatchWriteCommandInput["RequestItems"]>[string][number];
  const puts = changes.map((c): Put => {
    const op = CatalogueRevisionEntity.put({
      tenantId: PROVINCE_ID,
      version,
      publishId,
      code: changeCode(c),
      basis: c.basis,
      law: c.law,
      effectiveDate: c.effectiveDate,
      ...(c.basis === "repeal" ? {} : { item: c.item }),
    });
    return { PutRequest: { Item: op.params<{ Item: Record<string, unknown> }>().Item } };
  });
  const chunks: Put[][] = [];
  for (let i = 0; i < puts.length; i += Limits.batchWrite) chunks.push(puts.slice(i, i + Limits.batchWrite));
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      let pending: typeof puts = chunk;
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt > 10) throw new Error("catalogue revisions: unprocessed items after 10 retries");
        if (attempt) await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(attempt, 6)));
        const res = await useDynamo().send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = res.UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** Publish the next version: its revisions, then ONE transaction of the
 * version record, the head, one audit event and the fan-out's messages.
 * `input` is a parsed VersionInput; CatalogueSync.publish is the entry point. */
export async function publishVersion(input: VersionInput, fanout: Fanout) {
  const tenantId = useTenant();
  const actor = useActor();
  if (tenantId !== PROVINCE_ID || (actor.type !== "system" && actor.role !== "province-admin")) throw new VisibleError("catalogue.province_only", {}, 403);
  const contentHash = hashState({ title: input.title, changes: input.changes });
  const leaves = input.changes.map((c) => hashState(c));
  const root = merkleRoot(leaves);
  const tenants = Tenant.all().map((t) => t.id);

  const h = await head();
  const current = h?.version ?? 0;
  const unchanged = async () => {
    const r = (await versionRecord(input.version))!;
    return { status: "unchanged" as const, version: r.version, publishedAt: r.publishedAt, merkleRoot: r.merkleRoot, tenants: tenants.length };
  };
  if (input.version <= current) {
    if (input.version === current && h!.contentHash === contentHash) return unchanged();
    throw new ConflictError("catalogue.version_exists", { version: input.version, current });
  }
  if (input.version > current + 1) throw new ConflictError("catalogue.version_gap", { version: input.version, current, expected: current + 1 });

  const inForce = await itemsAt(current);
  const issues = validateChanges(new Set(inForce.keys()), input.changes);
  if (issues.length) throw stateError(issues);
  const after = applyChanges(inForce, input.version, input.changes);

  // 1. The item revisions, under this attempt's own partition: invisible
  //    until the version record naming the attempt exists.
  const publishId = ulid();
  await writeRevisions(input.version, publishId, input.changes);

  // 2. One transaction: version record, head, one audit event (Merkle root of
  //    the changes), one sync message per tenant.
  const publishedAt = Clock.iso();
  const counts = countChanges(input.changes);
  const record = {
    tenantId: PROVINCE_ID,
    version: input.version,
    publishId,
    title: input.title,
    publishedAt,
    publishedBy: actorRef(actor),
    contentHash,
    merkleRoot: root,
    counts,
    itemCount: after.size,
    changes: pack(input.changes.map(entryOf)),
  };
  const payload = { version: input.version, title: input.title, publishedAt };
  const messages = fanout(payload, tenants, Limits.transactItems - FIXED_ITEMS);
  try {
    await commit({
      action: "catalogue.publish",
      target: { type: "catalogueVersion", id: String(input.version) },
      state: { version: input.version, title: input.title, contentHash, merkleRoot: root, counts },
      summary: { version: input.version, title: input.title, changes: input.changes.length, merkleRoot: root, ...counts, tenants: tenants.length },
      items: () => [
        Tx.put(CatalogueVersionEntity.put(record).where((a, op) => op.notExists(a.publishId))),
        Tx.put(
          CatalogueHeadEntity.put({ tenantId: PROVINCE_ID, version: input.version, publishId, contentHash, publishedAt }).where((a, op) =>
            h ? op.eq(a.version, current) : op.notExists(a.version),
          ),
        ),
      ],
      messages,
      onConditionFailed: () => new ConflictError("catalogue.version_exists", { version: input.version, current: input.version }),
    });
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    // A concurrent publish won. The same content is a repeat, not a conflict.
    const now = await head();
    if (now?.version === input.version && now.contentHash === contentHash) return unchanged();
    throw new ConflictError("catalogue.version_exists", { version: input.version, current: now?.version ?? current });
  }
  return { status: "published" as const, version: input.version, publishedAt, merkleRoot: root, tenants: tenants.length };
}

// ---------------------------------------------------------------- reads

/** The version the reader sees: its tenant's synced version (the province
 * sees what it published), or the latest without a tenant. */
async function visibleVersion(): Promise<number> {
  const tenantId = maybeContext()?.tenantId;
  if (!tenantId || tenantId === PROVINCE_ID) return (await head())?.version ?? 0;
  return tenantVersion(tenantId);
}

/** One page of published versions, newest first (a tenant sees those it has received). */
export async function versions(input: PageInput = {}): Promise<Page<VersionInfo>> {
  const upTo = await visibleVersion();
  if (upTo === 0) return { items: [], cursor: null };
  return mapPage(await pageVersions(upTo, input), versionInfo);
}

export const VersionNumber = z.coerce.number().int().min(1).max(1_000_000_000);

export const version = fn(VersionNumber, async (n) => {
  const r = n <= (await visibleVersion()) ? await versionRecord(n) : undefined;
  if (!r) throw new NotFoundError("catalogue.version_not_found");
  return { ...versionInfo(r), changes: r.changes };
});

function itemInfo(i: ItemInForce): ItemInfo {
  return i;
}

export const ItemsInput = PageInput.extend({
  q: z.string().trim().max(100).optional().meta({ description: "按编码或名称查找（包含即可）/ search code or name (substring)" }),
  area: z.string().trim().max(40).optional().meta({ description: "重点领域编码，如 food / key area code, e.g. food" }),
});

/** One page of the items in force at the reader's version, by code; `q` finds
 * a code or name, `area` one key area. The version's items are immutable and
 * held in memory, so the filter costs no read. */
export function items(input: z.input<typeof ItemsInput> = {}) {
  return itemsPage(input);
}
const itemsPage = fn(ItemsInput, async ({ q, area, ...pageInput }): Promise<{ version: number } & Page<ItemInfo>> => {
  const v = await visibleVersion();
  const needle = q?.toLowerCase();
  const rows = [...(await itemsAt(v)).values()]
    .filter((i) => (!area || i.keyArea === area) && (!needle || i.code.toLowerCase().includes(needle) || i.name.toLowerCase().includes(needle)))
    .map(itemInfo)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { version: v, ...pageList(rows, (i) => i.code, pageInput) };
});

export const item = fn(ItemCode, async (code) => {
  const found = (await itemsAt(await visibleVersion())).get(code);
  if (!found) throw new NotFoundError("catalogue.item_not_found");
  return itemInfo(found);
});

/** The full changes of a version (with item bodies), for tools that need them. */
export async function changesOf(n: number): Promise<Change[]> {
  if (!(await versionRecord(n))) throw new NotFoundError("catalogue.version_not_found");
  return revisions(n);
}

/** How long the public pages reuse what they read of the catalogue: a new
 * version reaches anonymous readers within this time, and an anonymous request
 * costs no read at all in between. */
export const PUBLIC_TTL_MS = 60_000;
const publicCache = new Map<string, { readAt: number; version: number; value: { version: number; title?: string; publishedAt?: string; items: ItemInfo[] } }>();

/** The catalogue in force for the public pages (guides): the province's latest
 * version with its title, cached per table for PUBLIC_TTL_MS, then revalidated
 * by one read of the catalogue head (the items of a version never change). */
export async function publicInForce(): Promise<{ version: number; title?: string; publishedAt?: string; items: ItemInfo[] }> {
  const key = useConfig().TABLE_NAME;
  const now = Clock.nowMs();
  const hit = publicCache.get(key);
  if (hit && now - hit.readAt < PUBLIC_TTL_MS) return hit.value;
  const h = await head();
  if (hit && h?.version === hit.version) {
    hit.readAt = now;
    return hit.value;
  }
  const value = h
    ? {
        version: h.version,
        title: (await versionRecord(h.version))?.title,
        publishedAt: h.publishedAt,
        items: [...(await itemsAt(h.version)).values()].map(itemInfo).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
      }
    : { version: 0, items: [] };
  publicCache.set(key, { readAt: now, version: value.version, value });
  return value;
}

/** Forget the public cache (tests that publish and read at once). */
export function resetPublicCache() {
  publicCache.clear();
}

/** The province's latest version, with no tenant in context: for the public
 * compliance guides. */
export async function publicCatalogue(): Promise<{ version: number; publishedAt?: string; items: ItemInfo[] }> {
  const h = await head();
  if (!h) return { version: 0, items: [] };
  return {
    version: h.version,
    publishedAt: h.publishedAt,
    items: [...(await itemsAt(h.version)).values()].map(itemInfo).sort((a, b) => a.code.localeCompare(b.code)),
  };
}

/** This tenant's synced version, when it got it, and the diff from its previous version. */
export async function syncState(): Promise<z.infer<typeof SyncInfo>> {
  const tenantId = useTenant();
  const s = await tenantState(tenantId);
  const latest = tenantId === PROVINCE_ID ? (await head())?.version ?? 0 : undefined;
  if (!s) return { version: 0, previousVersion: 0, itemCount: 0, latestVersion: latest, counts: { added: 0, amended: 0, interpreted: 0, repealed: 0 }, diff: { added: [], amended: [], interpreted: [], repealed: [] } };
  return { ...s, latestVersion: latest };
}

/** The province: each tenant's version in force and whether its
 * assignments are complete, from the tenants' own reports. */
export const TenantStatusInput = PageInput.extend({
  level: z.enum(["province", "city", "county"]).optional().meta({ description: "只看此级别 / only this level" }),
});

/** One page of the province's tenants (by division code) with their last status report: one batch read of that page's reports. */
export async function tenantStatuses(input: z.input<typeof TenantStatusInput> = {}): Promise<Page<z.infer<typeof TenantStatusInfo>>> {
  if (useTenant() !== PROVINCE_ID) throw new VisibleError("catalogue.province_only", {}, 403);
  const { level, ...pageInput } = TenantStatusInput.parse(input);
  const tenants = pageList(
    Tenant.all()
      .filter((t) => !level || t.level === level)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    (t) => t.id,
    pageInput,
  );
  const latest = (await head())?.version ?? 0;
  const got = tenants.items.length
    ? (await CatalogueTenantStatusEntity.get(tenants.items.map((t) => ({ tenantId: PROVINCE_ID, reportingTenant: t.id }))).go()).data
    : [];
  const reports = new Map(got.map((r) => [r.reportingTenant, r]));
  return mapPage(tenants, (t) => {
    const r = reports.get(t.id);
    return {
      tenantId: t.id,
      name: t.name,
      level: t.level,
      version: r?.version ?? null,
      syncedAt: r?.syncedAt ?? null,
      reportedAt: r?.reportedAt ?? null,
      upToDate: !!r && r.version === latest && latest > 0,
      complete: r?.complete ?? false,
      coverage: r?.coverage ?? null,
    };
  });
}
