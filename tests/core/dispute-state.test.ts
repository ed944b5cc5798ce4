import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as Machine from "../../packages/core/src/dispute/state";
import type { Role, State, Step } from "../../packages/core/src/dispute/state";
import { VisibleError } from "../../packages/core/src/error";
import { translate } from "../../packages/core/src/i18n/index";

/** The dispute state machine, written out here independently of the code:
 * every (state, step) pair that is allowed, who may take it, where it leads.
 * Every other pair, and every other role, must be refused. */
const ANY: Role[] = ["party", "host", "establishment", "other"];
const allowed: [State | null, Step, Role[], State][] = [
  [null, "open", ANY, "negotiating"],
  ["negotiating", "post", ["party", "host", "establishment"], "negotiating"],
  ["proposed", "post", ["party", "host", "establishment"], "proposed"],
  ["agreed", "post", ["party", "host", "establishment"], "agreed"],
  ["filed", "post", ["party", "host", "establishment"], "filed"],
  ["escalated", "post", ["party", "host", "establishment"], "escalated"],
  ["negotiating", "propose", ["party"], "proposed"],
  ["proposed", "propose", ["party"], "proposed"],
  ["proposed", "accept", ["party"], "proposed"],
  ["proposed", "decline", ["party"], "negotiating"],
  ["agreed", "file", ["host"], "filed"],
  ["filed", "confirm", ["establishment"], "confirmed"],
  ["filed", "reject", ["establishment"], "negotiating"],
  ["negotiating", "escalate", ["host"], "escalated"],
  ["proposed", "escalate", ["host"], "escalated"],
  ["escalated", "decide", ["establishment"], "decided"],
  ["negotiating", "withdraw", ["host"], "withdrawn"],
  ["proposed", "withdraw", ["host"], "withdrawn"],
];

const states: (State | null)[] = [null, ...Machine.States];
const label = (s: State | null) => s ?? "(none)";

function refusal(fn: () => unknown): VisibleError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VisibleError);
    return err as VisibleError;
  }
  throw new Error("expected a refusal");
}

describe("dispute state machine", () => {
  test("the table above covers the machine's states and steps", () => {
    expect(Machine.States).toEqual(["negotiating", "proposed", "agreed", "filed", "confirmed", "escalated", "decided", "withdrawn"]);
    expect(Machine.Steps).toEqual(["open", "post", "propose", "accept", "decline", "file", "confirm", "reject", "escalate", "decide", "withdraw"]);
  });

  // One test per (state, step): 9 × 11 = 99 pairs, each checked for every role.
  for (const state of states) {
    for (const step of Machine.Steps) {
      const rule = allowed.find(([s, st]) => s === state && st === step);
      test(`${label(state)} × ${step}: ${rule ? `only ${rule[2].join("/")}` : "refused for everyone"}`, () => {
        for (const role of ANY) {
          if (rule && rule[2].includes(role)) {
            expect(Machine.next(state, step, role), `${role}`).toBe(rule[3]);
            continue;
          }
          const err = refusal(() => Machine.next(state, step, role));
          if (!rule) {
            // Out of order: 409, naming the state and the step, whoever asks.
            expect(err.code).toBe("dispute.step_not_allowed");
            expect(err.status).toBe(409);
            expect(err.params).toMatchObject({ state: state ?? "none", step });
            const zh = translate(err.code, "zh-CN", err.params);
            expect(zh).toContain(Machine.StepNames[step].zh);
            expect(zh).toContain(state ? Machine.StateNames[state].zh : "尚未发起");
            expect(translate(err.code, "en", err.params)).toContain(`(${state ?? "none"} → ${step})`);
          } else {
            // In order, but not this role's step: 403, naming who may.
            expect(err.code, `${role}`).toBe("dispute.not_your_step");
            expect(err.status).toBe(403);
            for (const r of rule[2]) expect(translate(err.code, "zh-CN", err.params)).toContain(Machine.RoleNames[r].zh);
          }
        }
        // All roles at once may still not take an out-of-order step.
        if (!rule) expect(refusal(() => Machine.next(state, step, ANY)).code).toBe("dispute.step_not_allowed");
      });
    }
  }

  test("the final states refuse every step", () => {
    for (const state of Machine.Final) {
      for (const step of Machine.Steps) expect(Machine.check(state, step, ANY).ok, `${state} × ${step}`).toBe(false);
    }
    expect([...Machine.Final].sort()).toEqual(["confirmed", "decided", "withdrawn"]);
  });

  test("the last party's acceptance (or a sole party's proposal) makes the agreement", () => {
    expect(Machine.next("proposed", "accept", "party", { lastAcceptance: true })).toBe("agreed");
    expect(Machine.next("negotiating", "propose", "party", { lastAcceptance: true })).toBe("agreed");
    // …but never lets a step out of order through.
    expect(refusal(() => Machine.next("agreed", "accept", "party", { lastAcceptance: true })).code).toBe("dispute.step_not_allowed");
  });

  test("a user holding several roles gets the union of their steps", () => {
    expect(Machine.allowed("negotiating", ["party", "host"])).toEqual(["post", "propose", "escalate", "withdraw"]);
    expect(Machine.allowed("negotiating", ["party"])).toEqual(["post", "propose"]);
    expect(Machine.allowed("filed", ["establishment"])).toEqual(["post", "confirm", "reject"]);
    expect(Machine.allowed("decided", ANY)).toEqual([]);
    expect(Machine.allowed("escalated", ["other"])).toEqual([]);
  });

  test("any sequence of steps only ever follows the table, and ends nowhere else", () => {
    const stepArb = fc.record({ step: fc.constantFrom(...Machine.Steps), roles: fc.subarray(ANY, { minLength: 1 }), last: fc.boolean() });
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 30 }), (seq) => {
        let state: State | null = null;
        for (const { step, roles, last } of seq) {
          const r = Machine.check(state, step, roles, { lastAcceptance: last });
          const rule = allowed.find(([s, st]) => s === state && st === step);
          expect(r.ok).toBe(!!rule && rule[2].some((x) => roles.includes(x)));
          if (!r.ok) continue;
          if (state && Machine.Final.includes(state)) throw new Error(`left final state ${state}`);
          const agreedEarly = last && (step === "accept" || step === "propose");
          expect(r.to).toBe(agreedEarly ? "agreed" : rule![3]);
          state = r.to;
        }
      }),
      { numRuns: 500 },
    );
  });
});
