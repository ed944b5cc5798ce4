import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { AssistanceRequest } from "../../packages/core/src/assistance/index";
import { Clock } from "../../packages/core/src/clock";
import { Dashboard } from "../../packages/core/src/dashboard/index";
import { Department } from "../../packages/core/src/department/index";
import { ReportEntity } from "../../packages/core/src/dashboard/dashboard.entity";
import { Message } from "../../packages/core/src/message/index";
import { registries } from "../../packages/functions/src/consumers/registries";
import { asSystem } from "../support/context";
import { as, CODE, deliver, GULOU, purge, SIMING, takeAll, XIAMEN } from "./support";

/** The dashboard lists the overdue items themselves (the portal shows them), not only their counts. */

const DAY = 86_400_000;

beforeAll(async () => {
  for (const t of [GULOU, SIMING]) await asSystem(() => Department.seedStandard(), t);
});
afterEach(() => Clock.reset());

describe("overdue items on the dashboard", () => {
  test("an unacknowledged request past its 7 days is listed for both parties; once accepted, its answer clock counts", async () => {
    const sent = await as(GULOU, () => AssistanceRequest.send({ toTenant: SIMING, type: "information", creditCode: CODE, facts: "请提供该主体的登记与许可信息。" }));
    await deliver();
    const fresh = await as(SIMING, () => Dashboard.mine(), "tenant-admin");
    expect(fresh.overdueItems.assistance).toEqual([]);

    Clock.advance(8 * DAY);
    const receiver = await as(SIMING, () => Dashboard.mine(), "tenant-admin");
    expect(receiver.overdue.owedAcknowledge).toBe(1);
    expect(receiver.overdueItems.assistance).toEqual([
      { id: sent.id, box: "inbox", stage: "acknowledge", type: "information", otherTenant: GULOU, otherTenantName: "鼓楼区", departmentId: Department.standardId(SIMING, "supervision-office"), dueAt: sent.ackDueAt },
    ]);
    const sender = await as(GULOU, () => Dashboard.mine(), "tenant-admin");
    expect(sender.overdueItems.assistance).toMatchObject([{ id: sent.id, box: "sent", stage: "acknowledge", otherTenant: SIMING, otherTenantName: "思明区" }]);

    // Accepted late: no longer owed an acknowledgement; the answer is not yet due, so nothing is listed.
    const inbox = await as(SIMING, () => AssistanceRequest.fromID(sent.id), "tenant-admin");
    await as(SIMING, () => AssistanceRequest.accept({ id: sent.id, version: inbox.version }), "tenant-admin");
    expect((await as(SIMING, () => Dashboard.mine(), "tenant-admin")).overdueItems.assistance).toEqual([]);
    // Past the 30-day answer clock it is listed again, at the answer stage.
    Clock.advance(30 * DAY);
    expect((await as(SIMING, () => Dashboard.mine(), "tenant-admin")).overdueItems.assistance).toMatchObject([{ id: sent.id, stage: "answer", dueAt: sent.dueAt }]);
  });

  test("assistance hands the dashboard its counters and overdue requests; the dashboard keeps what it reported in an item of its own", async () => {
    const sent = await as(GULOU, () => AssistanceRequest.send({ toTenant: SIMING, type: "information", creditCode: CODE, facts: "请提供该主体的登记与许可信息。" }));
    await deliver();
    const before = await as(SIMING, () => AssistanceRequest.counters());
    expect(before.received).toBeGreaterThanOrEqual(1);

    // The running clock decides: on time at its due instant, overdue one millisecond later.
    const at = (ms: number) => as(SIMING, () => AssistanceRequest.overdue(new Date(ms)), "tenant-admin");
    const due = Date.parse(sent.ackDueAt);
    expect((await at(due)).items.map((i) => i.id)).not.toContain(sent.id);
    const late = await at(due + 1);
    // Department-scoped: the request was routed to the supervision office, so a market officer is not shown it; that office's officer is.
    expect((await as(SIMING, () => AssistanceRequest.overdue(new Date(due + 1)))).items.map((i) => i.id)).not.toContain(sent.id);
    expect((await as(SIMING, () => AssistanceRequest.overdue(new Date(due + 1)), "officer", "supervision-office")).items.map((i) => i.id)).toContain(sent.id);
    expect(late.items.find((i) => i.id === sent.id)).toEqual({ id: sent.id, box: "inbox", stage: "acknowledge", type: "information", otherTenant: GULOU, departmentId: Department.standardId(SIMING, "supervision-office"), dueAt: sent.ackDueAt });
    expect(late.counts.owedAcknowledge).toBe(late.items.filter((i) => i.box === "inbox" && i.stage === "acknowledge").length);
    // Bounded: at most `limit` per box, and it says so.
    const one = await as(GULOU, () => AssistanceRequest.overdue(new Date(due + 1), 0));
    expect(one).toMatchObject({ items: [], truncated: true });

    // The roll-up writes the dashboard's own item, never assistance's counters.
    const counterKeys = Object.keys(before).sort();
    const later = new Date(Date.now() + 400 * DAY);
    expect(await as(SIMING, () => Dashboard.reportUpward(), "tenant-admin", "market", () => later)).toEqual({ reported: true });
    expect(Object.keys(await as(SIMING, () => AssistanceRequest.counters())).sort()).toEqual(counterKeys);
    expect(await as(SIMING, () => Dashboard.reportUpward(), "tenant-admin", "market", () => later)).toEqual({ reported: false });
    await purge();
  });

  test("a mirror never goes backwards: an older report consumed on a stale read does not replace a newer one", async () => {
    await purge();
    const report = async (at: number) => {
      await as(GULOU, () => AssistanceRequest.send({ toTenant: SIMING, type: "information", creditCode: CODE, facts: "请提供该主体的登记与许可信息。" }));
      await deliver();
      expect(await as(SIMING, () => Dashboard.reportUpward(), "tenant-admin", "market", () => new Date(at))).toEqual({ reported: true });
      const bodies = (await takeAll()).filter((b) => JSON.parse(b).type === "stats.reported" && JSON.parse(b).toTenant === XIAMEN);
      expect(bodies).toHaveLength(1);
      return bodies[0]!;
    };
    const t0 = Date.now() + 500 * DAY;
    const older = await report(t0);
    const newer = await report(t0 + DAY);
    const stored = () => asSystem(async () => (await ReportEntity.get({ tenantId: XIAMEN, reporter: SIMING }).go({ consistent: true })).data?.asOf, XIAMEN);
    expect(await asSystem(() => Message.consume(registries["assistance"], newer), XIAMEN)).toBe("processed");
    const newest = await stored();
    expect(newest).toBe(new Date(t0 + DAY).toISOString());
    // The older report's handler reads before the newer one is stored (the race, made certain here).
    const spy = vi.spyOn(ReportEntity, "get").mockImplementationOnce((() => ({ go: async () => ({ data: null }) })) as never);
    await asSystem(() => Message.consume(registries["assistance"], older), XIAMEN).catch(() => "refused");
    spy.mockRestore();
    expect(await stored()).toBe(newest);
  });
});
