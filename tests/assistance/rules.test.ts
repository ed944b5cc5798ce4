import { describe, expect, it } from "vitest";
import { answerDeadline, canAct, currentStage, daysBetween, dueSlot, EmptyCounters, nextStatus, openSlot, runningClock } from "../../packages/core/src/assistance/rules";
import { figures } from "../../packages/core/src/dashboard/stats";

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
    expect(runningClock(c, new Date("2026-03-10T00:00:00Z"))).toMatchObject({ stage: "acknowledge", overdue: true });
    expect(runningClock(c, new Date("2026-03-09T00:00:00Z"))?.overdue).toBe(false);
  });
});

describe("the running clock (one rule for the module, the escalator, the dashboard and the portal)", () => {
  const copy = { status: "received" as const, ackDueAt: "2026-03-09T16:00:00.000Z", dueAt: "2026-04-01T16:00:00.000Z" };
  const at = (iso: string) => Date.parse(iso);

  it("runs the acknowledgement clock while received, the answer clock while accepted", () => {
    expect(runningClock(copy, at("2026-03-05T00:00:00Z"))).toEqual({ stage: "acknowledge", dueAt: copy.ackDueAt, overdue: false });
    expect(runningClock({ ...copy, status: "accepted" }, at("2026-03-20T00:00:00Z"))).toEqual({ stage: "answer", dueAt: copy.dueAt, overdue: false });
    // Accepted after its acknowledgement was due: only the answer clock counts now.
    expect(runningClock({ ...copy, status: "accepted" }, at("2026-03-12T00:00:00Z"))).toMatchObject({ stage: "answer", overdue: false });
  });

  it("runs no clock once closed, however late", () => {
    for (const status of ["declined", "answered", "withdrawn"] as const) {
      expect(runningClock({ ...copy, status }, at("2030-01-01T00:00:00Z"))).toBeUndefined();
    }
  });

  it("is on time at the exact due instant and overdue one millisecond later", () => {
    expect(runningClock(copy, at(copy.ackDueAt))?.overdue).toBe(false);
    expect(runningClock(copy, at(copy.ackDueAt) + 1)?.overdue).toBe(true);
    expect(runningClock({ ...copy, status: "accepted" }, at(copy.dueAt))?.overdue).toBe(false);
    expect(runningClock({ ...copy, status: "accepted" }, new Date(at(copy.dueAt) + 1))?.overdue).toBe(true);
    // The dashboard's overdue stage agrees.
    expect(runningClock(copy, new Date(copy.ackDueAt))?.overdue).toBe(false);
    expect(runningClock(copy, new Date(at(copy.ackDueAt) + 1))).toMatchObject({ stage: "acknowledge", overdue: true });
  });

  it("the index slots follow it: open by the running stage's due time, due until that stage escalated", () => {
    const c = { ...copy, id: "asr_Y" };
    expect(openSlot(c)).toBe(`${c.ackDueAt}#asr_Y`);
    expect(openSlot({ ...c, status: "accepted" })).toBe(`${c.dueAt}#asr_Y`);
    expect(dueSlot({ ...c, status: "accepted", escalatedStages: ["answer"] })).toBe("~#asr_Y");
    expect(openSlot({ ...c, status: "withdrawn" })).toBe("~#asr_Y");
  });

  it("days between two instants, to two decimals", () => {
    expect(daysBetween("2026-03-02T02:00:00.000Z", "2026-03-04T14:00:00.000Z")).toBe(2.5);
    expect(daysBetween("2026-03-02T02:00:00.000Z", "2026-03-02T03:00:00.000Z")).toBe(0.04);
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
