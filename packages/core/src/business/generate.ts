import { withCheckChar, CREDIT_CODE_ALPHABET } from "../entity/credit-code";
import { townshipsOf } from "../tenant/townships";
import divisions from "../../data/fujian-divisions.json";
import type { BusinessInput } from "./input";
import type { Grade } from "./names";

/** Realistic directories of any size for tests, the demo and the bench: pure
 * and seeded, so the same `{ count, seed, tenantId }` always yields the same
 * businesses in the same order, one at a time (200,000 never sit in memory). */

export interface GenerateOptions {
  count: number;
  seed: number | string;
  /** A county (its townships and region code are used). */
  tenantId: string;
  /** Share of each grade (default A 25%, B 55%, C 15%, D 5%). */
  grades?: Partial<Record<Grade, number>>;
  /** Share of names with a character beyond U+FFFF (default 2%). */
  rareShare?: number;
}

/** Catalogue items that apply to each industry (from the demo catalogue's supervised object types). */
const ITEMS: Record<string, string[]> = {"catering":["FJ-SP-001","FJ-SP-002","FJ-SP-005","FJ-SP-006","FJ-RQ-002","FJ-ZJF-002","FJ-TX-002","FJ-DQ-002","FJ-SW-002"],"food-retail":["FJ-SP-003","FJ-SP-005","FJ-SP-006","FJ-ZSCQ-001","FJ-ZSCQ-002"],"food-production":["FJ-SP-004","FJ-SP-005","FJ-SW-001","FJ-SW-002"],"pharmacy":["FJ-YP-001","FJ-YP-003"],"drug-wholesale":["FJ-YP-002"],"medical-institution":["FJ-YP-003","FJ-YLQX-002","FJ-SW-001","FJ-GF-003"],"medical-device-trade":["FJ-YLQX-001"],"chemicals":["FJ-WHP-001","FJ-WHP-002","FJ-WHP-003","FJ-DQ-001","FJ-GF-001"],"manufacturing":["FJ-WHP-002","FJ-TZSB-001","FJ-JZ-002","FJ-DL-002","FJ-ZSCQ-001","FJ-ZSCQ-002","FJ-DQ-001","FJ-SW-001","FJ-SW-002","FJ-GF-001","FJ-GF-002"],"road-freight":["FJ-WHP-003","FJ-CPY-002","FJ-DL-002"],"gas-supply":["FJ-RQ-001","FJ-RQ-003"],"rental-housing":["FJ-RQ-002","FJ-TZSB-002","FJ-ZJF-001","FJ-ZJF-002"],"special-equipment-user":["FJ-RQ-003","FJ-TZSB-001","FJ-TZSB-002","FJ-TZSB-003"],"construction":["FJ-TZSB-003","FJ-JZ-001","FJ-JZ-002","FJ-JZ-003","FJ-ZZ-002","FJ-DQ-002","FJ-GF-002"],"finance-services":["FJ-JR-001","FJ-JR-002"],"prepaid-business":["FJ-JR-001","FJ-YFK-001","FJ-YFK-002"],"fuel-station":["FJ-CPY-001","FJ-CPY-002"],"passenger-transport":["FJ-DL-001"],"testing-agency":["FJ-DL-003","FJ-ZZ-001"],"franchisor":["FJ-ZSCQ-001","FJ-TX-001","FJ-TX-002"],"waste-handling":["FJ-GF-001","FJ-GF-002"]};

/** Industry → words a name of that trade carries, and the licence it holds. */
const TRADES: { industry: string; words: string[]; licence?: [string, string] }[] = [
  { industry: "catering", words: ["餐饮管理", "餐厅", "小吃店", "茶餐厅", "火锅店", "沙县小吃"], licence: ["食品经营许可证", "JY1"] },
  { industry: "food-retail", words: ["食品商行", "超市", "便利店", "副食品店"], licence: ["食品经营许可证", "JY1"] },
  { industry: "food-production", words: ["食品", "茶业", "饮品"], licence: ["食品生产许可证", "SC1"] },
  { industry: "pharmacy", words: ["大药房", "医药连锁", "药店"], licence: ["药品经营许可证", "闽AA"] },
  { industry: "medical-device-trade", words: ["医疗器械", "医疗科技"], licence: ["医疗器械经营许可证", "闽榕药监械经营许"] },
  { industry: "chemicals", words: ["化工", "化学品贸易"], licence: ["危险化学品经营许可证", "闽榕危化经"] },
  { industry: "gas-supply", words: ["燃气", "液化气站"], licence: ["燃气经营许可证", "闽2026"] },
  { industry: "construction", words: ["建筑工程", "建设", "装饰工程"], licence: ["建筑业企业资质证书", "D2350"] },
  { industry: "fuel-station", words: ["加油站", "石化"], licence: ["成品油零售经营批准证书", "油零售证书第"] },
  { industry: "road-freight", words: ["物流", "运输", "货运"], licence: ["道路运输经营许可证", "闽交运管许可榕字"] },
  { industry: "manufacturing", words: ["机械制造", "电子科技", "鞋业", "纺织", "五金制品"] },
  { industry: "prepaid-business", words: ["健身", "美容美发", "教育培训", "洗车服务"] },
  { industry: "special-equipment-user", words: ["电梯工程", "锅炉设备"] },
  { industry: "testing-agency", words: ["检测技术", "检验检测"] },
  { industry: "rental-housing", words: ["民宿", "旅馆", "公寓管理"] },
];

const TRADE_NAMES = "鑫 盛 达 福 兴 华 泰 源 恒 顺 隆 宏 瑞 祥 安 康 永 昌 金 海 榕 闽 鼓 闽江 三坊 七巷 乌山 屏山 东街 南街 冶山 温泉 茉莉 榕城 新禾 百福 千禧 万家 同心 佳美 聚贤 和记 老字号 阿福".split(" ");
/** Characters beyond U+FFFF that occur in real names (CJK Extension B and later). */
const RARE = ["𠮷", "𡘙", "𪚥", "𤭢", "𠀾", "𨚕", "𩽾", "𫗧", "𬌗", "𡈽"];
const ROADS = ["五一中路", "八一七北路", "东街", "杨桥东路", "湖东路", "乌山路", "温泉支路", "鼓屏路", "华林路", "铜盘路", "西二环中路", "工业路", "福飞路", "北环中路"];

/** mulberry32: small, fast, good enough for test data, and the same everywhere. */
function rng(seed: number | string) {
  let a = typeof seed === "number" ? seed >>> 0 : [...seed].reduce((h, c) => (Math.imul(h ^ c.codePointAt(0)!, 2654435761) >>> 0), 2166136261);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const N31 = 31 ** 7;
/** A distinct 7-character organisation number per index: a multiplication modulo 31^7 by a unit is a permutation. */
function orgNumber(index: number, salt: number): string {
  let v = (((index + salt) % N31) * 1_000_003) % N31;
  let s = "";
  for (let i = 0; i < 7; i++) {
    s = CREDIT_CODE_ALPHABET[v % 31]! + s;
    v = Math.floor(v / 31);
  }
  return s;
}

const regionOf = (tenantId: string) => divisions.counties.find((c) => c.code === tenantId);
const cityOf = (tenantId: string) => divisions.cities.find((c) => c.code === `${tenantId.slice(0, 4)}00`);

export function* generate(options: GenerateOptions): Iterable<BusinessInput> {
  const random = rng(options.seed);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const county = regionOf(options.tenantId)?.name ?? "示范县";
  const city = cityOf(options.tenantId)?.name ?? "";
  const townships = townshipsOf(options.tenantId);
  const towns = townships.length ? townships : [{ id: `${options.tenantId}001`, name: "城关镇" }];
  const shares = { A: 0.25, B: 0.55, C: 0.15, D: 0.05, ...options.grades };
  const total = shares.A + shares.B + shares.C + shares.D;
  const rare = options.rareShare ?? 0.02;
  const salt = Math.floor(random() * N31);
  const shortCounty = county.replace(/(区|县|市)$/u, "");
  for (let i = 0; i < options.count; i++) {
    const kindRoll = random();
    const type = kindRoll < 0.55 ? "company" : kindRoll < 0.9 ? "sole-trader" : kindRoll < 0.95 ? "cooperative" : kindRoll < 0.98 ? "partnership" : "branch";
    const trade = pick(TRADES);
    const word = pick(trade.words);
    let brand = pick(TRADE_NAMES) + pick(TRADE_NAMES);
    if (random() < rare) brand = pick(RARE) + brand.slice(0, 1);
    const name =
      type === "sole-trader"
        ? `${shortCounty}${brand}${word.replace(/管理$/, "")}${random() < 0.5 ? "店" : ""}（个体工商户）`
        : type === "cooperative"
          ? `${county}${brand}农民专业合作社`
          : type === "partnership"
            ? `${city}${brand}${word}（普通合伙）`
            : type === "branch"
              ? `${city.replace(/市$/, "")}${brand}${word}有限公司${shortCounty}分公司`
              : `${random() < 0.5 ? city + county : city.replace(/市$/, "")}${brand}${word}有限公司`;
    const town = pick(towns);
    const typeDigit = type === "sole-trader" ? "2" : type === "cooperative" ? "3" : "1";
    const creditCode = withCheckChar(`9${typeDigit}${options.tenantId}MA${orgNumber(i, salt)}`);
    const g = random() * total;
    const grade: Grade = g < shares.A ? "A" : g < shares.A + shares.B ? "B" : g < shares.A + shares.B + shares.C ? "C" : "D";
    const industries = [trade.industry, ...(random() < 0.15 ? [pick(TRADES).industry] : [])].filter((v, j, a) => a.indexOf(v) === j);
    const items = [...new Set(industries.flatMap((ind) => ITEMS[ind] ?? []))].sort();
    const year = 2008 + Math.floor(random() * 18);
    const registeredOn = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
    const licences = trade.licence
      ? [{ kind: trade.licence[0], number: `${trade.licence[1]}${String(100000 + i).slice(-6)}${Math.floor(random() * 90 + 10)}`, validUntil: `${2025 + Math.floor(random() * 5)}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-15` }]
      : [];
    yield {
      creditCode,
      name,
      type,
      address: `福建省${city}${county}${town.name}${pick(ROADS)}${1 + Math.floor(random() * 300)}号${random() < 0.3 ? `${1 + Math.floor(random() * 20)}层` : ""}`,
      township: town.id,
      industries,
      licences,
      itemCodes: items,
      grade,
      registeredOn,
    };
  }
}
