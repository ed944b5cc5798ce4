import { createHash } from "node:crypto";
import { ulid } from "ulid";
import * as z from "zod";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Prefixes of every ID kind, so an ID says what it names. */
export const IdPrefix = {
  department: "dep",
  audit: "aud",
  message: "msg",
  notice: "ntc",
  request: "req",
  dispute: "dsp",
  post: "pst",
  assistance: "asr",
  alert: "alr",
  escalation: "esc",
  recognition: "rcg",
  inspection: "ist",
  penalty: "pen",
  referral: "crf",
  judicialRequest: "jrq",
  import: "imp",
  // 双随机 (issue 12): enforcement bodies, devolution batches, inspectors, plans, draws, tasks.
  body: "enb", batch: "dvb", inspector: "isp", plan: "pln", draw: "drw", task: "tsk",
  // 严重失信主体名单 (issue 13).
  dishonesty: "dsl",
  // 综合查一次 (issue 13): visits and reports of visits without a code.
  visit: "vst", visitReport: "vrp",
  // 一公开 (issue 13): published records and objections to them.
  disclosure: "dsc", objection: "dob",
  // 线索归集 (issue 14): clues, joint tasks from clues, special campaigns.
  clue: "clu", clueTask: "ctk", campaign: "cmp",
  // 预警 (issue 14): rule-fired warnings.
  warning: "wrn",
} as const;
export type IdPrefix = (typeof IdPrefix)[keyof typeof IdPrefix];

export function createId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}

/** A stable ID in ULID form derived from a seed, for seed data that must be
 * the same on every machine (demo accounts refer to seeded departments). */
export function deterministicId(prefix: IdPrefix, seed: string): string {
  const bytes = createHash("sha256").update(seed).digest();
  let out = "";
  for (let i = 0; i < 26; i++) out += CROCKFORD[bytes[i]! % 32];
  // Time part starts with 0 so it sorts before generated IDs and stays a valid ULID.
  return `${prefix}_0${out.slice(1)}`;
}

export function idSchema(prefix: IdPrefix) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`), { message: `id.format:${prefix}` })
    .meta({ "x-id-prefix": prefix });
}
