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

describe("rules as data: the province's values, a tenant's tightening, the calendar", () => {
  test("every default is an editable rule with its source", () => {
    const all = Policy.entries();
    expect(all.map((e) => e.path)).toContain("assistance.acknowledge");
    for (const e of all) expect(e.source.length).toBeGreaterThan(4);
    expect(Policy.entryOf("referral.teamSize")).toMatchObject({ kind: "count", tighten: "higher" });
    expect(Policy.entryOf("assistanceTargets.meanDaysToAnswer")).toMatchObject({ kind: "days", tighten: "lower" });
  });

  test("the province's value and source replace the default; a tenant's tightening applies on top", () => {
    const province = { "assistance.acknowledge": { duration: { amount: 5, unit: "working-days" as const }, source: "闽政办〔2027〕1号" } };
    const rules = Policy.merge(province, { "assistanceTargets.acceptedWithin7Days": { value: 0.9 } });
    expect(rules.assistance.acknowledge.duration).toEqual({ amount: 5, unit: "working-days" });
    expect(rules.assistance.acknowledge.source).toBe("闽政办〔2027〕1号");
    expect(rules.assistanceTargets.acceptedWithin7Days.value).toBe(0.9);
    // The defaults themselves are untouched.
    expect(Policy.PolicyDefaults.assistance.acknowledge.duration).toEqual({ amount: 7, unit: "days" });
  });

  test("a province rule needs the right kind of value, in range, and a source", () => {
    expect(Policy.provinceIssues({ "assistance.acknowledge": { value: 3, source: "某文件第三条" } })).toEqual([expect.objectContaining({ field: "rules.assistance.acknowledge", rule: "policy.value_kind" })]);
    expect(Policy.provinceIssues({ "assistanceTargets.acceptedWithin7Days": { value: 1.5, source: "某文件第三条" } })).toEqual([expect.objectContaining({ rule: "policy.value_range" })]);
    expect(Policy.provinceIssues({ "referral.teamSize": { value: 3, source: "" } })).toEqual([expect.objectContaining({ field: "rules.referral.teamSize.source", rule: "policy.source_required" })]);
    expect(Policy.provinceIssues({ "no.such": { value: 1, source: "某文件第三条" } })).toEqual([expect.objectContaining({ rule: "policy.rule_unknown" })]);
    expect(Policy.provinceIssues({ "referral.teamSize": { value: 3, source: "某文件第三条" } })).toEqual([]);
  });

  test("a tenant may only tighten, in each rule's direction", () => {
    const province = Policy.PolicyDefaults;
    const stricter = {
      "assistance.acknowledge": { duration: { amount: 5, unit: "days" as const } },
      "assistanceTargets.acceptedWithin7Days": { value: 0.9 },
      "assistanceTargets.meanDaysToAnswer": { value: 10 },
      "referral.teamSize": { value: 3 },
    };
    expect(Policy.tighteningIssues(stricter, province)).toEqual([]);
    const looser = {
      "assistance.acknowledge": { duration: { amount: 1, unit: "months" as const } },
      "assistanceTargets.acceptedWithin7Days": { value: 0.5 },
      "assistanceTargets.meanDaysToAnswer": { value: 30 },
      "referral.teamSize": { value: 1 },
    };
    const issues = Policy.tighteningIssues(looser, province);
    expect(issues.map((i) => [i.field, i.rule])).toEqual(Object.keys(looser).map((p) => [`rules.${p}`, "policy.not_stricter"]));
  });

  test("the next year's calendar: only the year after the last, real days of it, make-up days on weekends", () => {
    const year = { holidays: { 元旦: ["2027-01-01"], 春节: Policy.parseDateList("2027-02-06~2027-02-13") }, workdays: ["2027-02-20"], source: "国务院办公厅关于2027年部分节假日安排的通知" };
    expect(year.holidays.春节).toHaveLength(8);
    expect(Policy.yearIssues(2027, year, 2026)).toEqual([]);
    // Skipping a year is refused (and 2027's days are not days of 2028).
    expect(Policy.yearIssues(2028, year, 2026)[0]).toEqual({ field: "year", rule: "policy.calendar_year", params: { year: 2028, next: 2027 } });
    expect(Policy.yearIssues(2027, { ...year, holidays: { 春节: ["2027-02-30"] } }, 2026)).toEqual([expect.objectContaining({ field: "holidays.春节.0", rule: "policy.calendar_date" })]);
    expect(Policy.yearIssues(2027, { ...year, workdays: ["2027-02-22"] }, 2026)).toEqual([expect.objectContaining({ field: "workdays.0", rule: "policy.calendar_weekday" })]);
    expect(Policy.yearIssues(2027, { ...year, source: "" }, 2026)).toEqual([expect.objectContaining({ field: "source", rule: "policy.source_required" })]);
    expect(Policy.parseHolidayLines("元旦: 2027-01-01\n春节：2027-02-06~2027-02-08, 2027-02-10")).toEqual({ 元旦: ["2027-01-01"], 春节: ["2027-02-06", "2027-02-07", "2027-02-08", "2027-02-10"] });
  });

  test("an installed configuration is what deadlines and current() use; installing a year clears the flag", () => {
    try {
      expect(Policy.deadline("2026-12-30T02:00:00Z", { amount: 5, unit: "days" }).beyondCalendar).toBe(true);
      expect(Policy.beyondCalendar("2026-12-31T16:00:00.000Z")).toBe(false); // 24:00 of 31 Dec 2026 ends a 2026 day
      Policy.install({
        version: 3,
        rules: { "assistance.acknowledge": { duration: { amount: 5, unit: "working-days" }, source: "闽政办〔2027〕1号" } },
        calendar: { "2027": { holidays: { 元旦: ["2027-01-01"] }, workdays: [], source: "国务院办公厅关于2027年部分节假日安排的通知" } },
      });
      expect(Policy.current().assistance.acknowledge.duration).toEqual({ amount: 5, unit: "working-days" });
      expect(Policy.lastCalendarYear()).toBe(2027);
      expect(Policy.isWorkingDay("2027-01-01")).toBe(false);
      expect(Policy.deadline("2026-12-30T02:00:00Z", { amount: 5, unit: "working-days" }).beyondCalendar).toBe(false);
    } finally {
      Policy.reset();
    }
    expect(Policy.lastCalendarYear()).toBe(2026);
    expect(Policy.current()).toBe(Policy.PolicyDefaults);
  });
});
