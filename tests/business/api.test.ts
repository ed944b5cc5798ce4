import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generate } from "../../packages/core/src/business/generate";
import type { BusinessInput } from "../../packages/core/src/business/input";
import { importRoot } from "../../packages/core/src/business/rules";
import { Columns } from "../../packages/core/src/business/names";
import { parseCsv, toCsv } from "../../packages/core/src/catalogue/sheet-file";
import { startRuntime, type Runtime } from "../../packages/functions/src/local/runtime";

/** The directory through the API (chunks, per-row errors, search) and `npm run business:import` against the local system. */
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "business-cli-"));
const GULOU = "350102";
let runtime: Runtime;
let token: string;

async function login(username: string) {
  const res = await fetch(`${runtime.url}/oidc/token`, { method: "POST", body: new URLSearchParams({ grant_type: "password", username, password: "demo123" }) });
  return ((await res.json()) as { access_token: string }).access_token;
}
async function api(method: string, path: string, body?: unknown, as = token) {
  const res = await fetch(`${runtime.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${as}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
}

/** Generated businesses as spreadsheet rows (header first), in the template's column order. */
function sheet(rows: BusinessInput[]): string[][] {
  const text = (v: unknown) =>
    Array.isArray(v) ? v.map((x) => (typeof x === "object" ? `${x.kind}:${x.number}${x.validUntil ? `:${x.validUntil}` : ""}` : String(x))).join("；") : v === undefined ? "" : String(v);
  return [Columns.map((c) => c.zh), ...rows.map((r) => Columns.map((c) => text((r as Record<string, unknown>)[c.field])))];
}

beforeAll(async () => {
  runtime = await startRuntime({ seed: false, sweepIntervalMs: 500, retryDelaySeconds: 1 });
  token = await login("gulou-admin");
}, 300_000);
afterAll(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("businesses API", () => {
  test("an import in chunks: per-row errors, finish with one root; search and the grade's reasons; an inspector may read but not import", async () => {
    const rows = [...generate({ count: 30, seed: 21, tenantId: GULOU, rareShare: 0.3 })];
    const started = await api("POST", "/businesses/imports", { fileName: "名录.xlsx" });
    expect(started.status).toBe(201);
    const id = started.json.id;
    const first = await api("POST", `/businesses/imports/${id}/chunks`, { seq: 0, firstRow: 2, rows: rows.slice(0, 20) });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ rows: 20, created: 20, errors: [] });
    const bad = { ...rows[20], type: "公司?" };
    const second = await api("POST", `/businesses/imports/${id}/chunks`, { seq: 1, firstRow: 22, rows: [bad, ...rows.slice(21)] });
    expect(second.json.errors).toEqual([expect.objectContaining({ row: 22, field: "type", rule: "invalid_value" })]);
    const incomplete = await api("POST", `/businesses/imports/${id}/finish`, { chunks: 3 });
    expect(incomplete.status).toBe(409);
    const done = await api("POST", `/businesses/imports/${id}/finish`, { chunks: 2 });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ rows: 30, created: 29, errors: 1 });
    expect(done.json.root).toBe(importRoot([...rows.slice(0, 20), ...[bad, ...rows.slice(21)]].map((r) => r), 20));
    expect((await api("POST", `/businesses/imports/${id}/chunks`, { seq: 2, firstRow: 40, rows: rows.slice(0, 1) })).status).toBe(409);

    const rare = rows.slice(0, 20).find((r) => [...r.name].some((c) => c.codePointAt(0)! > 0xffff))!;
    const found = await api("GET", `/businesses?q=${encodeURIComponent(rare.name)}&limit=10`);
    expect(found.json.items.map((i: { name: string }) => i.name)).toContain(rare.name);
    const one = await api("GET", `/businesses/${rare.creditCode}`);
    expect(one.json).toMatchObject({ creditCode: rare.creditCode, name: rare.name, township: rare.township });
    const grade = await api("GET", `/businesses/${rare.creditCode}/grade`);
    expect(grade.status).toBe(200);
    expect(grade.json.reasons.length).toBeGreaterThan(0);
    const counts = await api("GET", "/businesses/counts");
    expect(Object.values(counts.json as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(29);

    const inspector = await login("gulou-inspector");
    expect((await api("GET", `/businesses/${rare.creditCode}`, undefined, inspector)).status).toBe(200);
    expect((await api("POST", "/businesses/imports", {}, inspector)).status).toBe(403);
    // Another county sees nothing of it.
    const taijiang = await login("taijiang-admin");
    expect((await api("GET", `/businesses/${rare.creditCode}`, undefined, taijiang)).status).toBe(404);
    expect((await api("POST", `/businesses/imports/${id}/finish`, { chunks: 2 }, taijiang)).status).toBe(404);
  }, 300_000);
});

describe("npm run business:import", () => {
  test("streams a CSV with a progress bar, writes the per-row error report, exits 1; a re-import changes nothing", async () => {
    const rows = [...generate({ count: 1100, seed: 22, tenantId: GULOU, rareShare: 0.05 })];
    const cells = sheet(rows);
    cells[5]![0] = cells[5]![0]!.slice(0, 17) + (cells[5]![0]![17] === "0" ? "1" : "0"); // row 5: check character
    const file = join(dir, "名录.csv");
    writeFileSync(file, toCsv(cells));
    const cli = () =>
      run("npx", ["tsx", "packages/functions/src/cli/business-import.ts", file, "--api", runtime.url], { env: { ...process.env }, encoding: "utf8", timeout: 300_000 }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const first = await cli();
    expect(first.stdout + first.stderr).toContain("1100 行，新增 1099");
    expect(first.code).toBe(1);
    expect(first.stdout).toContain("Merkle 根 / root:");
    const report = parseCsv(readFileSync(join(dir, "名录.errors.csv"), "utf8"));
    expect(report.slice(1)).toEqual([[ "6", expect.any(String), "creditCode", expect.stringContaining("") ]]);
    const again = await cli();
    expect(again.stdout).toContain("新增 0，更新 0，未变 1099");
    const rare = rows.find((r, i) => i > 5 && [...r.name].some((c) => c.codePointAt(0)! > 0xffff))!;
    const found = await api("GET", `/businesses/${rare.creditCode}`);
    expect(found.json.name).toBe(rare.name);
  }, 600_000);
});
