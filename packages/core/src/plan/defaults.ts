/** The platform's defaults for yearly inspection plans as plain data (no I/O, no
 * node modules): the portal's plan form imports this file itself, rules.ts
 * re-exports it for the server. Each number carries its source. */

export const Grades = ["A", "B", "C", "D"] as const;
export type Grade = (typeof Grades)[number];

/** Ratios in basis points (1/100 of a percent): exact integer arithmetic in the draw. */
export type Ratios = Record<Grade, number>;

export const SpotCheckDefaults = {
  ratios: {
    value: { A: 500, B: 1000, C: 3000, D: 7000 } satisfies Ratios,
    /** Allowed range per grade, basis points, both ends inclusive; never 0 (不免抽: nobody is exempt). */
    ranges: { A: [1, 500], B: [500, 2000], C: [2100, 6000], D: [6100, 10000] } as Record<Grade, [number, number]>,
    source:
      "RULES.md spot-check ratio by credit risk grade (local example: Daqing credit classification rules, 2024): A up to 5%, B 5–20%, C 21–60%, D 61–100%; Shandong principle 不免抽",
  },
  yearlyCap: {
    value: 2,
    source: "RULES.md yearly cap per business: one body inspects one business at most twice a year (local example: 咸宁), special and case-driven checks ordered from above excepted (国办发〔2024〕54号)",
  },
  filingDate: {
    /** Month-day by which each body files its plan for the year. */
    value: "03-31",
    source: "RULES.md annual plan: each body files its yearly inspection plan by 31 March (local example: 聊城)",
  },
} as const;
