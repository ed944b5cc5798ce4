import { useConfig } from "../config";
import { PROVINCE_ID } from "../tenant";
import { CatalogueHeadEntity, CatalogueRevisionEntity, CatalogueStateEntity, CatalogueVersionEntity, type CatalogueStateItem, type CatalogueVersionItem } from "./catalogue.entity";
import type { Change } from "./item";
import { applyChanges, unpack, type ChangeEntry, type Diff, type ItemInForce } from "./rules";
import { mapPage, page, type Page, type PageInput } from "../util/page";

/** Reads of the province's catalogue. Published versions are immutable, so
 * what was read once is kept in memory (per table). */

export interface VersionRecord {
  version: number;
  publishId: string;
  title: string;
  publishedAt: string;
  publishedBy: { type: string; id: string; name: string };
  contentHash: string;
  merkleRoot: string;
  counts: { enact: number; amend: number; interpret: number; repeal: number };
  itemCount: number;
  changes: ChangeEntry[];
}

interface Cache {
  versions: Map<number, VersionRecord>;
  revisions: Map<number, Change[]>;
  items: Map<number, Map<string, ItemInForce>>;
}
const caches = new Map<string, Cache>();
function cache(): Cache {
  const table = useConfig().TABLE_NAME;
  let c = caches.get(table);
  if (!c) caches.set(table, (c = { versions: new Map(), revisions: new Map(), items: new Map([[0, new Map()]]) }));
  return c;
}

export async function head() {
  const res = await CatalogueHeadEntity.get({ tenantId: PROVINCE_ID }).go({ consistent: true });
  return res.data ?? undefined;
}

/** A stored version as the module reads it (the one mapping of a version row). */
export function toRecord(d: CatalogueVersionItem): VersionRecord {
  return {
    version: d.version,
    publishId: d.publishId,
    title: d.title,
    publishedAt: d.publishedAt,
    publishedBy: { type: d.publishedBy.type, id: d.publishedBy.id, name: d.publishedBy.name },
    contentHash: d.contentHash,
    merkleRoot: d.merkleRoot,
    counts: d.counts,
    itemCount: d.itemCount,
    changes: unpack<ChangeEntry[]>(d.changes),
  };
}

/** A published version's record, or undefined if it was never published. */
export async function versionRecord(version: number): Promise<VersionRecord | undefined> {
  const c = cache();
  const hit = c.versions.get(version);
  if (hit) return hit;
  const res = await CatalogueVersionEntity.get({ tenantId: PROVINCE_ID, version }).go({ consistent: true });
  if (!res.data) return undefined;
  const record = toRecord(res.data);
  c.versions.set(version, record);
  return record;
}

/** One page of version records up to `upTo`, newest first. */
export async function pageVersions(upTo: number, input: PageInput): Promise<Page<VersionRecord>> {
  const res = await page(CatalogueVersionEntity.query.byVersion({ tenantId: PROVINCE_ID }).lte({ version: upTo }), input);
  const c = cache();
  return mapPage(res, (d) => {
    const r = c.versions.get(d.version) ?? toRecord(d);
    c.versions.set(r.version, r);
    return r;
  });
}

export async function listVersions(): Promise<VersionRecord[]> {
  const res = await CatalogueVersionEntity.query.byVersion({ tenantId: PROVINCE_ID }).go({ pages: "all" });
  const c = cache();
  return res.data.map((d) => {
    const r = c.versions.get(d.version) ?? toRecord(d);
    c.versions.set(r.version, r);
    return r;
  });
}

/** The full changes (with item bodies) of a published version. */
export async function revisions(version: number): Promise<Change[]> {
  const c = cache();
  const hit = c.revisions.get(version);
  if (hit) return hit;
  const record = await versionRecord(version);
  if (!record) throw new Error(`catalogue version ${version} is not published`);
  const res = await CatalogueRevisionEntity.query.byAttempt({ tenantId: PROVINCE_ID, version, publishId: record.publishId }).go({ pages: "all" });
  const byCode = new Map(res.data.map((r) => [r.code, r]));
  // In the order the province published them.
  const changes = record.changes.map((e): Change => {
    const r = byCode.get(e.code);
    if (!r) throw new Error(`catalogue version ${version}: revision ${e.code} missing`);
    if (r.basis === "repeal") return { basis: "repeal", code: r.code, law: r.law, effectiveDate: r.effectiveDate };
    if (!r.item) throw new Error(`catalogue version ${version}: revision ${e.code} has no item`);
    return { basis: r.basis, item: r.item, law: r.law, effectiveDate: r.effectiveDate };
  });
  c.revisions.set(version, changes);
  return changes;
}

/** Items in force at a published version (0: none). */
export async function itemsAt(version: number): Promise<Map<string, ItemInForce>> {
  const c = cache();
  const hit = c.items.get(version);
  if (hit) return hit;
  let from = version - 1;
  while (from > 0 && !c.items.has(from)) from--;
  let items = c.items.get(from)!;
  for (let v = from + 1; v <= version; v++) {
    items = applyChanges(items, v, await revisions(v));
    c.items.set(v, items);
  }
  return items;
}

export interface TenantState {
  version: number;
  previousVersion: number;
  title: string;
  publishedAt: string;
  syncedAt: string;
  itemCount: number;
  counts: { added: number; amended: number; interpreted: number; repealed: number };
  diff: Diff;
}

/** The current tenant's synced state, or undefined if it has none yet. */
export async function tenantState(tenantId: string): Promise<TenantState | undefined> {
  const res = await CatalogueStateEntity.get({ tenantId }).go({ consistent: true });
  return res.data ? toState(res.data) : undefined;
}

/** A tenant's stored state as the module reads it (the one mapping of a state row). */
export function toState(d: CatalogueStateItem): TenantState {
  return {
    version: d.version,
    previousVersion: d.previousVersion,
    title: d.title,
    publishedAt: d.publishedAt,
    syncedAt: d.syncedAt,
    itemCount: d.itemCount,
    counts: d.counts,
    diff: unpack<Diff>(d.diff),
  };
}

export async function tenantVersion(tenantId: string): Promise<number> {
  const res = await CatalogueStateEntity.get({ tenantId }).go({ attributes: ["version"] });
  return res.data?.version ?? 0;
}
