import fc from "fast-check";

/** Wording variants of one clause, as officers (and attackers) write it. */
export const CLAUSE = "《食品安全法》第一百二十四条第一款";
const ZERO_WIDTH = ["\u200B", "\u2060", "\u00AD", "\uFEFF", "\u200C", "\u200D"];
const lawNames = fc.constantFrom("食品安全法", "中华人民共和国食品安全法", "中华人民共和国 食品安全法");
const brackets = fc.constantFrom(["《", "》"], ["〔", "〕"], ["【", "】"], ["(", ")"], ["（", "）"], ["", ""], ["「", "」"], ["<", ">"]);
const article = fc.constantFrom("第一百二十四条", "第124条", "第１２４条", "第 124 条", "第壹佰贰拾肆条", "第一二四条");
const paragraph = fc.constantFrom("第一款", "第1款", "第１款", "第 一 款");
const spaces = fc.constantFrom("", " ", "\u3000", "\t", "  ", "\u00A0");
/** Inserts a zero-width or other format character at some positions. */
const sprinkle = (s: string) =>
  fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ZERO_WIDTH)), { maxLength: 4 }).map((ins) => {
    const chars = [...s];
    for (const [at, ch] of ins) chars.splice(at % (chars.length + 1), 0, ch);
    return chars.join("");
  });
export const clauseVariant = fc
  .tuple(lawNames, brackets, article, paragraph, spaces, spaces, fc.constantFrom("", "、", "，", "。"))
  .map(([law, [open, close], art, para, s1, s2, punct]) => `${s1}${open}${law}${close}${s2}${art}${punct}${s1}${para}${s2}`)
  .chain(sprinkle);

export const CONDUCT = "销售超过保质期的预包装食品12件";
export const conductVariant = fc
  .tuple(fc.constantFrom("12", "十二", "１２", "一二", "壹拾贰"), spaces, fc.constantFrom("", "。", "！", "；"), fc.constantFrom(["", ""], ["“", "”"], ["「", "」"]))
  .map(([n, s, end, [o, c]]) => `${o}销售${s}超过保质期的预包装食品${n}${s}件${c}${end}`)
  .chain(sprinkle);

