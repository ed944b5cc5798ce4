import { describe, expect, it } from "vitest";
import { answerDeadline, canAct, currentStage, dueSlot, nextStatus, openSlot, overdueStage } from "../../packages/core/src/assistance/rules";
import { EmptyCounters, figures } from "../../packages/core/src/dashboard/stats";

const SENT = "2026-03-02T02:00:00.000Z"; // 10:00 Beijing, 2 March

describe("assistance deadlines", () => {
  it("default by type: information 30 days, enforcement 6 months, acknowledge 7 days, at 24:00 Beijing", () => {
    const info = answerDeadline("information", SENT);
    expect(info).toEqual({ dueAt: "2026-04-01T16:00:00.000Z", ackDueAt: "2026-03-09T16:00:00.000Z" });
    const enf = answerDeadline("enforcement", SENT);
    expect("dueAt" in enf && enf.dueAt).toBe("2026-09-02T16:00:00.000Z");
  });
  it("the sender may shorten, never lengthen; the acknowledgement is never due after the answer", () => {
    const shorter = answerDeadline("information", SENT, "2026-03-05T10:00:00+08:00");
    expect(shorter).toEqual({ dueAt: "2026-03-05T02:00:00.000Z", ackDueAt: "2026-03-05T02:00:00.000Z" });
    expect(answerDeadline("information", SENT, "2026-04-03T00:00:00Z")).toMatchObject({ error: "deadline_too_late" });
    expect(answerDeadline("information", SENT, "2026-03-01T00:00:00Z")).toMatchObject({ error: "deadline_too_early" });
  });
});

describe("assistance state machine", () => {
  it("only the receiver accepts, declines, asks and answers; only the sender replies and withdraws", () => {
    expect(canAct("accept", "inbox", "received")).toBe(true);
    expect(canAct("accept", "sent", "received")).toBe(false);
    expect(canAct("accept", "inbox", "accepted")).toBe(false);
    expect(canAct("answer", "inbox", "received")).toBe(false);
    expect(canAct("answer", "inbox", "accepted")).toBe(true);
    expect(canAct("decline", "inbox", "accepted")).toBe(false);
    expect(canAct("withdraw", "sent", "accepted")).toBe(true);
    expect(canAct("withdraw", "sent", "answered")).toBe(false);
    expect(canAct("reply", "inbox", "received")).toBe(false);
    expect(nextStatus("question", "accepted")).toBe("accepted");
    expect(nextStatus("answer", "accepted")).toBe("answered");
  });
  it("stages: acknowledge while received, answer while accepted; each once", () => {
    const c = { id: "asr_X", status: "received" as const, ackDueAt: "2026-03-09T16:00:00.000Z", dueAt: "2026-04-01T16:00:00.000Z" };
    expect(currentStage(c)).toEqual({ stage: "acknowledge", dueAt: c.ackDueAt });
    expect(currentStage({ ...c, escalatedStages: ["acknowledge"] })).toBeUndefined();
    expect(currentStage({ ...c, status: "accepted", escalatedStages: ["acknowledge"] })).toEqual({ stage: "answer", dueAt: c.dueAt });
    expect(currentStage({ ...c, status: "answered" })).toBeUndefined();
    expect(dueSlot(c)).toBe(`${c.ackDueAt}#asr_X`);
    expect(dueSlot({ ...c, status: "declined" })).toBe("~#asr_X");
    expect(openSlot({ ...c, status: "accepted" })).toBe(`${c.dueAt}#asr_X`);
    expect(overdueStage(c, new Date("2026-03-10T00:00:00Z"))).toBe("acknowledge");
    expect(overdueStage(c, new Date("2026-03-09T00:00:00Z"))).toBeUndefined();
  });
});

describe("dashboard figures", () => {
  it("measures against the targets and counts what is still overdue as missed", () => {
    const f = figures(
      { ...EmptyCounters, received: 10, acknowledged: 8, acknowledgedOnTime: 7, accepted: 7, acceptedOnTime: 6, answered: 5, answeredOnTime: 4, answerDaysTotal: 60 },
      { owedAcknowledge: 2, owedAnswer: 1, awaited: 0, referralSteps: 0 },
    );
    const byKey = Object.fromEntries(f.figures.map((x) => [x.key, x]));
    expect(byKey.acceptedWithin7Days).toMatchObject({ value: 0.6, target: 0.8, met: false });
    expect(byKey.meanDaysToAnswer).toMatchObject({ value: 12, target: 16, met: true });
    expect(byKey.answeredByDeadline).toMatchObject({ value: 0.667, target: 0.8, met: false });
  });
  it("shows no value (not 0 %, not 100 %) with nothing to measure", () => {
    const f = figures(EmptyCounters, { owedAcknowledge: 0, owedAnswer: 0, awaited: 0, referralSteps: 0 });
    expect(f.figures.every((x) => x.value === null && x.met === null)).toBe(true);
  });
});
