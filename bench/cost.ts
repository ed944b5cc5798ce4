/**
 * `npm run cost` — a province-year on paper (issue 16): from the items each
 * operation writes and reads (the commit shapes in packages/core, measured by
 * the bench: `catalogue.sync` per-tenant units, `assistance.flow` items per
 * message) and AWS's billing formulas, the year's request units, messages,
 * storage and peak rates for one province (94 tenants), and their price in
 * AWS China (Ningxia, cn-northwest-1) where a price is known.
 *
 * Prices are parameters with their source and the date they were read; a
 * price not confirmed from the source is left out of the total (its units are
 * still printed) rather than guessed. Override any with PRICE_<KEY>=<CNY>.
 * `--json` prints the model as JSON.
 */

/** Billing formulas (DynamoDB developer guide, "Read/write capacity mode"). */
const WRU_PER_KB = 1; // a standard write: 1 WRU per started KB
const TX_FACTOR = 2; // a transactional write or read: twice the units
const RRU_PER_4KB_EVENTUAL = 0.5; // an eventually consistent read: ½ RRU per started 4 KB

/** AWS China (Ningxia), CNY. `confirmed`: read from `source` on `read`. */
const PRICES = {
  dynamoWriteMillion: { cny: 11.1538, unit: "per million write request units (on-demand, Standard)", source: "https://www.amazonaws.cn/en/dynamodb/pricing/", read: "2026-12-02", confirmed: true },
  dynamoReadMillion: { cny: undefined as number | undefined, unit: "per million read request units (on-demand)", source: "https://www.amazonaws.cn/en/dynamodb/pricing/", read: "", confirmed: false },
  dynamoStorageGbMonth: { cny: undefined as number | undefined, unit: "per GB-month stored (first 25 GB free)", source: "https://www.amazonaws.cn/en/dynamodb/pricing/", read: "", confirmed: false },
  sqsMillion: { cny: undefined as number | undefined, unit: "per million SQS requests (standard queue)", source: "https://www.amazonaws.cn/en/sqs/pricing/", read: "", confirmed: false },
  lambdaGbSecond: { cny: undefined as number | undefined, unit: "per GB-second (arm64)", source: "https://www.amazonaws.cn/en/lambda/pricing/", read: "", confirmed: false },
  lambdaMillion: { cny: undefined as number | undefined, unit: "per million invocations", source: "https://www.amazonaws.cn/en/lambda/pricing/", read: "", confirmed: false },
};
type PriceKey = keyof typeof PRICES;
for (const key of Object.keys(PRICES) as PriceKey[]) {
  const env = process.env[`PRICE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`];
  if (env !== undefined && Number.isFinite(Number(env))) Object.assign(PRICES[key], { cny: Number(env), confirmed: true, read: "from the environment" });
}

/** One province-year (issue 16). */
const YEAR = {
  tenants: 94,
  businesses: 7_000_000,
  clues: 3_000_000,
  inspections: 200_000,
  assistanceRequests: 20_000,
  catalogueVersions: 12,
  catalogueItems: 2_000,
};

/** Commit shapes, in items (each ≤ 1 KB unless said), from the code:
 * a change = its own items + one audit event + the chain head (outbox/commit.ts). */
const AUDIT = 2; // audit event + chain head
const Ops = [
  // Directory import: BatchWriteItem of the record and its grade-roster entry, one audit event per import (Merkle root).
  { name: "business directory (import + yearly re-grade)", count: YEAR.businesses * 2, tx: false, items: 2, itemKb: 1, reads: 0 },
  // A clue: created (record + audit), assigned and closed: three changes.
  { name: "clues (create, assign, close)", count: YEAR.clues * 3, tx: true, items: 1 + AUDIT, itemKb: 1, reads: 2 },
  // An inspection: planned by the draw, recorded, closed; the record is ~2 KB (findings).
  { name: "inspections (draw, record, close)", count: YEAR.inspections * 3, tx: true, items: 1 + AUDIT, itemKb: 2, reads: 3 },
  // Assistance: send (request + outbox + audit = 4), receive (5 after issue 16: change, event, head, marker, outbox of the routing note),
  // routing note received (mirror: copy + marker = 2), then ~4 updates each way (5 items each).
  { name: "assistance requests (send, receive, note, 4 updates)", count: YEAR.assistanceRequests, tx: true, items: 4 + 5 + 2 + 4 * 5, itemKb: 1, reads: 10 },
  // Catalogue: each monthly version writes ≤ 5 units per tenant for a 1-item change (bench catalogue.sync), plus the revisions once.
  { name: "catalogue versions (monthly, 94 tenants)", count: YEAR.catalogueVersions * YEAR.tenants, tx: true, items: 5 / TX_FACTOR, itemKb: 1, reads: 2 },
  { name: "catalogue revisions (province, yearly full)", count: YEAR.catalogueItems, tx: false, items: 1, itemKb: 2, reads: 0 },
];

/** Reads: people working through lists, one page (≤ 50 items of ~1 KB = 13 × 4 KB) per screen. */
const SCREENS_PER_YEAR = 250 /* working days */ * 94 /* tenants */ * 40 /* staff */ * 60; /* screens a day */
const PAGE_KB = 50;

const writes = Ops.map((o) => {
  const wru = o.count * o.items * Math.ceil(o.itemKb / 1) * WRU_PER_KB * (o.tx ? TX_FACTOR : 1);
  return { ...o, wru, itemsWritten: o.count * o.items };
});
const wruYear = writes.reduce((n, o) => n + o.wru, 0);
const rruYear = SCREENS_PER_YEAR * Math.ceil(PAGE_KB / 4) * RRU_PER_4KB_EVENTUAL + writes.reduce((n, o) => n + o.count * o.reads * RRU_PER_4KB_EVENTUAL, 0);

/** Storage: records kept for good, audit events (~0.7 KB) for every change, outbox records expire (35 days). */
const auditEvents = writes.filter((o) => o.tx).reduce((n, o) => n + o.count, 0);
const storageGb = (YEAR.businesses * 2 * 1 + YEAR.clues * 1 + YEAR.inspections * 2 + YEAR.assistanceRequests * 6 + auditEvents * 0.7) / 1024 / 1024;

/** Messages: assistance (request, note, 4 updates), catalogue sync (94 per version), reports upward (monthly, 94). */
const messages = YEAR.assistanceRequests * 6 + YEAR.catalogueVersions * YEAR.tenants * 2 + 12 * YEAR.tenants;
// Each message: one send, receives in batches of 10 (long polling, plus empty receives), one delete per batch.
const sqsRequests = messages * (1 + 2 / 10) + 4 /* queues+dlqs polled */ * 3 * 60 * 24 * 365 * 0; // long polling by Lambda's event source: empty receives are AWS's, not billed to us
/** Lambda: API requests (every screen and every write), 512 MB, ~60 ms warm; consumers and jobs. */
const apiRequests = SCREENS_PER_YEAR + writes.filter((o) => o.tx).reduce((n, o) => n + o.count, 0);
const jobInvocations = (60 * 24 + 24 * 4 + 12 * 24 + 1) * 365;
const lambdaGbSeconds = (apiRequests * 0.06 + messages * 0.05 + jobInvocations * 2) * 0.5;
const lambdaInvocations = apiRequests + messages / 5 + jobInvocations;

/** Peaks: working hours only (250 days × 8 h), and a peak hour at 5× the working-hours mean. */
const WORK_SECONDS = 250 * 8 * 3600;
const PEAK = 5;
const peakApiPerSecond = (apiRequests / WORK_SECONDS) * PEAK;
const peakWruPerSecond = ((wruYear - writes[0]!.wru) / WORK_SECONDS) * PEAK;
// The directory import is a bulk job: 14 M items at the bench's import rate would be throttled only above 40,000 WRU/s (account default).
const hottestTenantShare = 0.08; // 福州市鼓楼区-sized county: ~8% of the province's work
const peakChainAppendsPerSecond = (auditEvents / WORK_SECONDS) * PEAK * hottestTenantShare;

function cny(key: PriceKey, units: number) {
  const p = PRICES[key];
  return p.cny === undefined ? undefined : (units / (key.endsWith("Million") ? 1e6 : 1)) * p.cny;
}
const lines = [
  { what: "DynamoDB writes", units: wruYear, unit: "WRU", cost: cny("dynamoWriteMillion", wruYear), price: "dynamoWriteMillion" as PriceKey },
  { what: "DynamoDB reads", units: rruYear, unit: "RRU", cost: cny("dynamoReadMillion", rruYear), price: "dynamoReadMillion" as PriceKey },
  { what: "DynamoDB storage (end of year)", units: storageGb * 12, unit: "GB-month", cost: cny("dynamoStorageGbMonth", Math.max(0, storageGb - 25) * 12), price: "dynamoStorageGbMonth" as PriceKey },
  { what: "SQS", units: sqsRequests, unit: "requests", cost: cny("sqsMillion", sqsRequests), price: "sqsMillion" as PriceKey },
  { what: "Lambda compute", units: lambdaGbSeconds, unit: "GB-s", cost: cny("lambdaGbSecond", lambdaGbSeconds), price: "lambdaGbSecond" as PriceKey },
  { what: "Lambda invocations", units: lambdaInvocations, unit: "invocations", cost: cny("lambdaMillion", lambdaInvocations), price: "lambdaMillion" as PriceKey },
];

const model = {
  year: YEAR,
  writes: writes.map((o) => ({ operation: o.name, count: o.count, itemsPerOperation: o.items, transactional: o.tx, wru: o.wru })),
  totals: { wruYear, rruYear, storageGb, messages, sqsRequests, apiRequests, lambdaGbSeconds, lambdaInvocations, auditEvents },
  peaks: { apiRequestsPerSecond: peakApiPerSecond, writeUnitsPerSecond: peakWruPerSecond, chainAppendsPerSecondHottestTenant: peakChainAppendsPerSecond },
  lines,
  prices: PRICES,
};

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(model, null, 2));
} else {
  const n = (x: number) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(2));
  console.log("## 一个省一年 / a province-year (94 tenants) — `npm run cost`\n");
  console.log("| operation | per year | items each | tx | write units (WRU) |\n|---|---:|---:|---|---:|");
  for (const o of model.writes) console.log(`| ${o.operation} | ${n(o.count)} | ${o.itemsPerOperation} | ${o.transactional ? "yes (×2)" : "no"} | ${n(o.wru)} |`);
  console.log(`\n| line | units per year | unit | CNY per year | CNY per month | price used |\n|---|---:|---|---:|---:|---|`);
  let total = 0;
  for (const l of lines) {
    const p = PRICES[l.price];
    if (l.cost !== undefined) total += l.cost;
    console.log(`| ${l.what} | ${n(l.units)} | ${l.unit} | ${l.cost === undefined ? "price not confirmed" : n(l.cost)} | ${l.cost === undefined ? "—" : n(l.cost / 12)} | ${p.cny === undefined ? `set PRICE_… from ${p.source}` : `¥${p.cny} ${p.unit} (${p.source}, read ${p.read})`} |`);
  }
  console.log(`\nConfirmed lines total: ¥${n(total)} a year (¥${n(total / 12)} a month).`);
  console.log(`Peaks (working hours, peak hour ×${PEAK}): ${n(peakApiPerSecond)} API requests/s, ${n(peakWruPerSecond)} WRU/s (the directory import aside), ${peakChainAppendsPerSecond.toFixed(2)} chain appends/s on the busiest tenant's head.`);
  console.log(`Storage at the end of the year: ${n(storageGb)} GB; audit events written: ${n(auditEvents)}; messages: ${n(messages)}.`);
}
