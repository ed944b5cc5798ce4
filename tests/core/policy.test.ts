import { describe, expect, test } from "vitest";
import { Policy } from "../../packages/core/src/policy/index";

describe("deadlines in Beijing time", () => {
  test("N days end at 24:00 Beijing time of the Nth day", () => {
    // 2026-11-27 10:00 Beijing = 02:00Z; +7 days → end of 2026-12-04 Beijing = 2026-12-04T16:00Z.
    expect(Policy.deadline("2026-11-27T02:00:00Z", { amount: 7, unit: "days" }).dueAt).toBe("2026-12-04T16:00:00.000Z");
    // 23:30Z on the 26th is already the 27th in Beijing.
    expect(Policy.deadline("2026-11-26T23:30:00Z", { amount: 7, unit: "days" }).dueAt).toBe("2026-12-04T16:00:00.000Z");
  });
  test("hours are exact", () => {
    expect(Policy.deadline("2026-11-27T02:00:00Z", { amount: 24, unit: "hours" }).dueAt).toBe("2026-11-28T02:00:00.000Z");
  });
  test("months keep the day, or the month's last day", () => {
    expect(Policy.deadline("2026-01-31T04:00:00Z", { amount: 1, unit: "months" }).dueAt).toBe("2026-02-28T16:00:00.000Z");
    expect(Policy.deadline("2026-08-15T04:00:00Z", { amount: 6, unit: "months" }).dueAt).toBe("2027-02-15T16:00:00.000Z");
  });
  test("working days skip weekends and the National Day holiday, count make-up days", () => {
    // 2026-09-30 (Wed) + 1 working day: 10-01..10-07 are holidays; the next working day follows them.
    const r = Policy.deadline("2026-09-30T02:00:00Z", { amount: 1, unit: "working-days" });
    const day = Policy.shanghaiDate(new Date(Date.parse(r.dueAt) - 1));
    expect(Policy.isWorkingDay(day)).toBe(true);
    expect(day > "2026-10-07").toBe(true);
    expect(Policy.isWorkingDay("2026-11-28")).toBe(false); // Saturday
    expect(r.beyondCalendar).toBe(false);
  });
  test("a working-day count past the calendar's last year is flagged", () => {
    expect(Policy.deadline("2026-12-30T02:00:00Z", { amount: 5, unit: "working-days" }).beyondCalendar).toBe(true);
  });
  test("a tenant may only tighten", () => {
    expect(Policy.durationAtMost({ amount: 5, unit: "days" }, { amount: 7, unit: "days" })).toBe(true);
    expect(Policy.durationAtMost({ amount: 2, unit: "months" }, { amount: 30, unit: "days" })).toBe(false);
  });
});
