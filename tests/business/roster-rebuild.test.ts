import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Business } from "../../packages/core/src/business/index";
import { BusinessEntity } from "../../packages/core/src/business/business.entity";
import * as Roster from "../../packages/core/src/business/roster";
import { batchWrite } from "../../packages/core/src/business/store";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { asUser } from "../support/context";

const run = promisify(execFile);
/** A county of its own: nothing else in this file touches it. */
const MINHOU = "350121";

async function rosterOf(grade: Business.Grade): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of Business.roster(grade)) out.push(...chunk);
  return out;
}

function cli(args: string[]) {
  // The child reads this file's table (TABLE_NAME, DYNAMO_ENDPOINT are in the environment).
  return run("npx", ["tsx", "packages/functions/src/cli/roster-rebuild.ts", ...args], { env: { ...process.env }, encoding: "utf8", timeout: 180_000 });
}

describe("npm run business:roster-rebuild", () => {
  test("after a crash between records and roster, the command rebuilds the rosters from the records: one audit event, and a second run changes nothing", async () => {
    const rows = [...Business.generate({ count: 900, seed: 21, tenantId: MINHOU })];
    const { lost, regraded, ghost, before } = await asUser(MINHOU, async () => {
      await Business.importRows(rows.slice(0, 800));
      // The crash: 100 records written (a chunk of an import) whose roster update never ran …
      const now = new Date().toISOString();
      const lost = rows.slice(800);
      await batchWrite(
        lost.map((r) => ({
          PutRequest: {
            Item: BusinessEntity.put({
              tenantId: MINHOU, creditCode: r.creditCode, name: r.name, type: r.type, address: r.address, township: r.township, industries: r.industries, licences: r.licences,
              itemCodes: r.itemCodes, grade: r.grade ?? "B", gradedAt: now, gradeSource: "import", gradeReasons: ["导入"], contentHash: "x".repeat(64), importId: "imp_CRASH", createdAt: now, updatedAt: now, version: 1,
            } as never).params().Item as Record<string, unknown>,
          },
        })),
      );
      // … a record regraded A → D without its roster move …
      const target = (await Business.getMany(rows.slice(0, 800).filter((r) => r.grade === "A").map((r) => r.creditCode)))[0]!;
      const record = (await BusinessEntity.get({ tenantId: MINHOU, creditCode: target.creditCode }).go()).data!;
      await BusinessEntity.put({ ...record, grade: "D", version: record.version + 1 }).go();
      // … and a code in the roster with no record at all.
      const ghost = withCheckChar("91350121MAYYYYYY1");
      await Roster.applyMoves(MINHOU, [{ creditCode: ghost, to: "C" }]);
      return { lost, regraded: target.creditCode, ghost, before: (await Audit.head())?.seq ?? 0 };
    });

    const first = await cli([MINHOU, "--json"]);
    const result = JSON.parse(first.stdout) as { added: number; removed: number; movesRoot: string; grades: Record<Business.Grade, { records: number; added: number; removed: number }> };
    // 100 lost codes and the regraded one added; the regraded one's old place and the ghost removed.
    expect(result.added).toBe(lost.length + 1);
    expect(result.removed).toBe(2);
    expect(result.grades.D.added).toBeGreaterThanOrEqual(1);
    expect(result.grades.A.removed).toBe(1);
    expect(result.grades.C.removed).toBeGreaterThanOrEqual(1);

    await asUser(MINHOU, async () => {
      const expected: Record<Business.Grade, string[]> = { A: [], B: [], C: [], D: [] };
      for (const r of rows) expected[r.creditCode === regraded ? "D" : ((r.grade ?? "B") as Business.Grade)].push(r.creditCode);
      for (const g of Business.Grades) expect(await rosterOf(g)).toEqual(expected[g].sort());
      expect(await rosterOf("C")).not.toContain(ghost);
      const counts = await Business.count();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(rows.length);
      // One audit event for the run, naming the moves' root.
      const events = (await Audit.list({ limit: 50 })).items.filter((e) => e.seq > before);
      expect(events.map((e) => e.action)).toEqual(["business.roster-rebuild"]);
      expect(events[0]!.summary?.movesRoot).toBe(result.movesRoot);
      expect(events[0]!.summary?.added).toBe(lost.length + 1);
    });

    // Idempotent: nothing left to move; the human-readable output says so.
    const second = await cli([MINHOU]);
    expect(second.stdout).toContain("0 added, 0 removed (already in step)");
    await asUser(MINHOU, async () => {
      expect((await Business.count()).D).toBe(rows.filter((r) => r.grade === "D").length + 1);
    });
  }, 600_000);

  test("bad arguments print the usage and exit 2", async () => {
    await expect(cli([])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("用法 / usage") });
    await expect(cli(["35012"])).rejects.toMatchObject({ code: 2 });
    await expect(cli(["999999"])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("no tenant 999999") });
  }, 120_000);
});
