import { describe, expect, it } from "vitest";
import { CreditCode, creditCodeCheckChar, isValidCreditCode, withCheckChar } from "../../packages/core/src/entity/credit-code";

describe("unified social credit code (GB 32100-2015)", () => {
  it("accepts a code whose check character matches", () => {
    expect(isValidCreditCode("91350100M000100Y43")).toBe(true);
    expect(creditCodeCheckChar("91350100M000100Y4")).toBe("3");
  });
  it("rejects a wrong check character, wrong length, forbidden letters, letters in the region code", () => {
    expect(isValidCreditCode("91350100M000100Y44")).toBe(false);
    expect(isValidCreditCode("91350100M000100Y4")).toBe(false);
    expect(isValidCreditCode("91350100M000100Y433")).toBe(false);
    expect(isValidCreditCode(withCheckChar("91350100M000100Y4").replace("M", "I"))).toBe(false);
    expect(isValidCreditCode("9135A100M000100Y43")).toBe(false);
  });
  it("builds valid codes from any 17-character prefix", () => {
    for (const prefix of ["91350102MA00000A0", "12350203000000001", "Y1350100000000000"]) {
      const code = withCheckChar(prefix);
      expect(isValidCreditCode(code)).toBe(true);
      // Changing any one character breaks the check.
      const changed = code.slice(0, 10) + (code[10] === "1" ? "2" : "1") + code.slice(11);
      expect(isValidCreditCode(changed)).toBe(false);
    }
  });
  it("the schema trims and upper-cases, and reports the message code", () => {
    expect(CreditCode.parse(" 91350100m000100y43 ")).toBe("91350100M000100Y43");
    const r = CreditCode.safeParse("91350100M000100Y44");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("assistance.credit_code");
  });
});
