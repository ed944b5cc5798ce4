import { describe, expect, test } from "vitest";
import { PolicyDefaults } from "../../packages/core/src/policy/index";
import { Actions, isOverdue, openStep, Parties, States, StepOf, Terminal, transition, Transitions } from "../../packages/core/src/referral/state";

/** The referral state machine, table-driven: every (state, action, party)
 * that is not an allowed transition is refused, with the right reason. */

describe("transitions", () => {
  const allowed = new Map(Transitions.map((t) => [`${t.from}|${t.action}`, t]));
  const cases = States.flatMap((state) => Actions.flatMap((action) => Parties.map((party) => [state, action, party] as const)));

  test.each(cases)("%s --%s--> as %s", (state, action, party) => {
    const t = allowed.get(`${state}|${action}`);
    const result = transition(state, action, [party]);
    if (!t) {
      expect(result).toEqual({ ok: false, reason: Terminal.includes(state) ? "terminal" : "invalid_transition" });
    } else if (t.by !== party) {
      expect(result).toEqual({ ok: false, reason: "not_allowed" });
    } else {
      expect(result).toEqual({ ok: true, to: t.to, by: party });
    }
  });

  test("the table: 8 allowed transitions, every other pair refused", () => {
    const refusedPairs = States.flatMap((s) => Actions.map((a) => [s, a] as const)).filter(([s, a]) => !transition(s, a, Parties).ok);
    expect(Transitions).toHaveLength(8);
    expect(refusedPairs).toHaveLength(States.length * Actions.length - 8);
  });

  test("a tenant admin may act as head and officer, never as the police", () => {
    expect(transition("reported", "approve", ["head", "officer"])).toMatchObject({ ok: true, to: "approved" });
    expect(transition("approved", "transfer", ["head", "officer"])).toMatchObject({ ok: true, to: "transferred" });
    expect(transition("transferred", "open-case", ["head", "officer"])).toEqual({ ok: false, reason: "not_allowed" });
    expect(transition("supervision-requested", "request-explanation", ["police"])).toEqual({ ok: false, reason: "not_allowed" });
  });

  test("terminal states have no open step; every other state names who owes the next step", () => {
    for (const s of Terminal) expect(StepOf[s]).toBeUndefined();
    expect(StepOf.refused).toBeUndefined(); // the agency may ask for supervision; nothing is owed
    expect(StepOf.reported).toMatchObject({ by: "head" });
    expect(StepOf.transferred).toMatchObject({ by: "police" });
    expect(StepOf["explanation-requested"]).toMatchObject({ by: "police" });
  });
});

describe("clocks, in Beijing time", () => {
  // 2026-11-27 23:30 Beijing (15:30 UTC): still the 27th in both.
  const lateEvening = "2026-11-27T15:30:00.000Z";
  // 2026-11-28 01:00 Beijing, though still the 27th in UTC.
  const afterMidnight = "2026-11-27T17:00:00.000Z";

  test("head decision: 3 days, to 24:00 Beijing time of the third day", () => {
    expect(openStep("reported", lateEvening, PolicyDefaults)).toMatchObject({ step: "headDecision", by: "head", dueAt: "2026-11-30T16:00:00.000Z" });
    // A UTC calendar would end a day early here.
    expect(openStep("reported", afterMidnight, PolicyDefaults)!.dueAt).toBe("2026-12-01T16:00:00.000Z");
  });

  test("transfer: 24 hours from approval", () => {
    expect(openStep("approved", lateEvening, PolicyDefaults)).toMatchObject({ step: "transfer", dueAt: "2026-11-28T15:30:00.000Z" });
  });

  test("police decision: 3 days from receipt; explanation: 7 days from the procuratorate's request", () => {
    expect(openStep("transferred", afterMidnight, PolicyDefaults)).toMatchObject({ step: "policeDecision", by: "police", dueAt: "2026-12-01T16:00:00.000Z" });
    expect(openStep("explanation-requested", afterMidnight, PolicyDefaults)).toMatchObject({ step: "explanation", by: "police", dueAt: "2026-12-05T16:00:00.000Z" });
  });

  test("the procuratorate's review has no statutory clock; terminal states open nothing", () => {
    expect(openStep("supervision-requested", lateEvening, PolicyDefaults)).toEqual({ step: "procuratorateReview", by: "procuratorate", startedAt: lateEvening });
    for (const s of Terminal) expect(openStep(s, lateEvening, PolicyDefaults)).toBeUndefined();
  });

  test("overdue: open past its due time, or done late", () => {
    const due = "2026-11-30T16:00:00.000Z";
    expect(isOverdue({ dueAt: due }, new Date("2026-11-30T15:59:59.000Z"))).toBe(false);
    expect(isOverdue({ dueAt: due }, new Date("2026-11-30T16:00:01.000Z"))).toBe(true);
    expect(isOverdue({ dueAt: due, doneAt: "2026-11-30T10:00:00.000Z" }, new Date("2026-12-09T00:00:00.000Z"))).toBe(false);
    expect(isOverdue({ dueAt: due, doneAt: "2026-12-01T10:00:00.000Z" }, new Date("2026-12-09T00:00:00.000Z"))).toBe(true);
    expect(isOverdue({}, new Date())).toBe(false);
  });
});
