import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { idCheckChar, looksLikeIdNumber, maskIdNumbers, maskName, publicName } from "../../packages/core/src/disclosure/mask";
import { queryToken, tokensOf } from "../../packages/core/src/disclosure/rules";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";

/** 一公开 masking (issue 13): a sole trader's name and any resident ID number
 * are masked before publication; rare characters count as one character. */

const id18 = (first17: string) => first17 + idCheckChar(first17);

describe("masking personal data", () => {
  test("a sole trader's name keeps its first (and last) character; its （个体工商户） ending stays", () => {
    expect(maskName("张三")).toBe("张*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskName("王小明")).toBe("王**");
    expect(publicName("张三（个体工商户）")).toBe("张*（个体工商户）");
    expect(publicName("鼓楼李四小吃店", "sole-trader")).toBe("鼓*****店");
    expect(publicName("福州示例食品有限公司", "company")).toBe("福州示例食品有限公司");
  });

  test("a rare character beyond U+FFFF is one character: masked or kept whole, never split", () => {
    expect(maskName("𠮷")).toBe("𠮷");
    expect(maskName("𠮷三")).toBe("𠮷*");
    expect(publicName("𠮷祥小吃店（个体工商户）")).toBe("𠮷***店（个体工商户）");
    expect(publicName("张𠮷", "sole-trader")).toBe("张*");
  });

  test("property: a masked name has as many characters as the original, and no lone surrogate", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("张", "𠮷", "欧", "阳", "祥", "A", "𪚥"), { minLength: 1, maxLength: 12 }), (cs) => {
        const masked = maskName(cs.join(""));
        expect(Array.from(masked)).toHaveLength(cs.length);
        expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(masked)).toBe(false);
      }),
    );
  });

  test("ID numbers in text are masked (18 and 15 digits, the region kept), credit codes and other numbers are not", () => {
    const id = id18("35010219900307123");
    expect(looksLikeIdNumber(id)).toBe(true);
    expect(maskIdNumbers(`经营者身份证号${id}，电话 059112345678`)).toBe(`经营者身份证号350102************，电话 059112345678`);
    expect(maskIdNumbers("旧证 350102900307123 号")).toBe("旧证 350102********* 号");
    // A mistyped check character is still somebody's ID number.
    const typo = id.slice(0, 17) + (id[17] === "1" ? "2" : "1");
    expect(maskIdNumbers(typo)).toBe("350102************");
    // A credit code (its own check character) is public and stays.
    const cc = withCheckChar("91350102MA2Y1A2B3");
    expect(maskIdNumbers(`信用代码 ${cc}`)).toBe(`信用代码 ${cc}`);
    // Not a real birth date: not an ID number.
    expect(maskIdNumbers("编号 350102199013401234")).toBe("编号 350102199013401234");
  });
});

describe("search tokens", () => {
  test("a name is indexed by its two-character pieces (rare characters whole), the credit code and '*'", () => {
    const t = tokensOf("福州𠮷祥食品", "91350102MA2Y1A2B3B");
    expect(t).toEqual(["*", "cc:91350102MA2Y1A2B3B", "n:福州", "n:州𠮷", "n:𠮷祥", "n:祥食", "n:食品"]);
  });

  test("a query reads exactly one token; too short a query is refused", () => {
    expect(queryToken("𠮷祥食品")).toEqual({ token: "n:𠮷祥", contains: "𠮷祥食品" });
    expect(queryToken("９１３５０１０２ma2y1a2b3b")).toEqual({ token: "cc:91350102MA2Y1A2B3B" });
    expect(queryToken("91350102ma2y1a2b3b")).toEqual({ token: "cc:91350102MA2Y1A2B3B" });
    expect(queryToken("𠮷")).toBeUndefined();
    expect(queryToken(undefined)).toEqual({ token: "*" });
  });
});
