import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { Clock } from "../../packages/core/src/clock";
import { Department } from "../../packages/core/src/department/index";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { Inspection } from "../../packages/core/src/inspection/index";
import { Policy } from "../../packages/core/src/policy/index";
import { asSystem } from "../support/context";
import { as, deliverAll, purge } from "../recognition/support";

/** "Valid until" in the 409 is the date the check itself uses: blocked on it, free the day after. */
const GULOU = "350102";
const SIMING = "350203";
beforeAll(async () => {
  for (const t of [GULOU, SIMING]) await asSystem(() => Department.seedStandard(), t);
});
afterEach(() => Clock.reset());
afterAll(() => purge("recognition"));

describe("a recognised result's last valid day", () => {
  test("the 409 names the last day on which it still blocks", async () => {
    const creditCode = withCheckChar("91350102MA2Y9D01A");
    const scheduled = await as(GULOU, "officer", () => Inspection.schedule({ creditCode, entityName: "福州示例餐饮管理有限公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-12-01" }));
    const closed = await as(GULOU, "inspector", () =>
      Inspection.close({ id: scheduled.id, version: scheduled.version, outcome: "compliant", findings: "现场检查未发现问题，台账齐全。", recognisable: true, validDays: 10 }),
    );
    await deliverAll();
    const closedOn = Policy.shanghaiDate(Clock.now());
    const last = new Date(Date.parse(`${closedOn}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    const dayAfter = new Date(Date.parse(`${closedOn}T00:00:00Z`) + 11 * 86_400_000).toISOString().slice(0, 10);
    expect(closed.recognition!.validUntil).toBe(Policy.deadline(Clock.now(), { amount: 10, unit: "days" }).dueAt);

    const input = { creditCode, entityName: "福州示例餐饮管理有限公司", itemCodes: ["FJ-SP-001"] };
    const refused = await as(SIMING, "officer", () => Inspection.schedule({ ...input, plannedDate: last })).catch((e) => e);
    expect(refused).toMatchObject({ code: "inspection.duplicate_recognised", status: 409 });
    expect(refused.params.results).toContain(`有效至 ${last}`);
    expect(refused.params.results).not.toContain(dayAfter);

    const allowed = await as(SIMING, "officer", () => Inspection.schedule({ ...input, plannedDate: dayAfter }));
    expect(allowed.status).toBe("scheduled");
  });
});
