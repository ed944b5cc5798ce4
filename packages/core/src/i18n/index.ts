import type * as z from "zod";
import en from "zod/v4/locales/en.js";
import zhCN from "zod/v4/locales/zh-CN.js";
import { AssignmentMessages } from "./assignment";
import { AssistanceMessages } from "./assistance";
import { BusinessMessages } from "./business";
import { CatalogueMessages } from "./catalogue";
import { ClueMessages } from "./clue";
import { DisputeMessages } from "./dispute";
import { DishonestyMessages } from "./dishonesty";
import { DisclosureMessages } from "./disclosure";
import { MessagingMessages } from "./messaging";
import { DrawsMessages } from "./draws";
import { EvidenceMessages } from "./evidence";
import { PenaltyMessages } from "./penalty";
import { PolicyMessages } from "./policy";
import { RecognitionMessages } from "./recognition";
import { ReferralMessages } from "./referral";
import { ScopeMessages } from "./scope";
import { VisitMessages } from "./visit";
import { WarningMessages } from "./warning";

/** The languages text is shown in; Simplified Chinese first. */
export type Locale = "zh-CN" | "en";

/** Every user-facing message, Simplified Chinese first. `{name}` is replaced
 * by the error's params. */
const CoreMessages = {
  "auth.missing_token": { zh: "请先登录：缺少访问令牌", en: "Sign in first: no access token" },
  "auth.invalid_token": { zh: "访问令牌无效或已过期，请重新登录", en: "The access token is invalid or expired; sign in again" },
  "auth.keys_unavailable": { zh: "暂时无法校验登录状态（认证服务无响应），请稍后重试", en: "Sign-in cannot be checked right now (the identity service did not answer); try again shortly" },
  "auth.no_tenant": { zh: "当前身份未绑定行政区划", en: "This identity belongs to no tenant" },
  "auth.forbidden": { zh: "您的角色（{role}）无权执行此操作（需要权限 {permission}）", en: "Your role ({role}) may not do this (needs permission {permission})" },
  "auth.role_not_at_level": { zh: "角色 {role} 不适用于{tenantName}（{tenantId}）这一级行政区划", en: "Role {role} is not held at the {level} level ({tenantId})" },
  "auth.role_without_organ": { zh: "司法联络人员的账号须属于本级的公安机关或检察院部门", en: "A judicial liaison's account must belong to a police or procuratorate department of this tenant" },
  "auth.bad_credentials": { zh: "用户名或密码错误", en: "Wrong user name or password" },
  "auth.unsupported_grant": { zh: "不支持的授权方式：{grant}", en: "Unsupported grant type: {grant}" },
  "request.not_found": { zh: "请求的资源不存在", en: "Not found" },
  "request.too_large": { zh: "请求体超过 {limit} 的上限", en: "The request body is over the {limit} limit" },
  "request.invalid": { zh: "输入有误，请检查标出的字段", en: "Invalid input; check the fields listed" },
  "request.invalid_json": { zh: "请求体不是合法的 JSON", en: "The request body is not valid JSON" },
  "date.format": { zh: "日期格式须为 YYYY-MM-DD", en: "Dates are written YYYY-MM-DD" },
  "date.not_a_day": { zh: "不是日历上存在的日期（月份 01–12，日期不超过当月天数，年份 1900–2199）", en: "Not a real calendar date (month 01–12, day within the month, year 1900–2199)" },
  "request.conflict": { zh: "该记录已被他人修改，请刷新后重试", en: "Someone else changed this record; reload and try again" },
  "server.internal": { zh: "服务器内部错误，请联系管理员并提供请求编号 {requestId}", en: "Internal error; contact support with request id {requestId}" },
  "tenant.not_found": { zh: "行政区划 {tenantId} 不存在", en: "Tenant {tenantId} does not exist" },
  "department.not_found": { zh: "部门不存在", en: "Department not found" },
  "department.organ_reserved": {
    zh: "部门类型 {type} 是具有专门职权的机关（公安、检察、编办、司法行政执法监督），只能由省级配置设立，不能在本级新增",
    en: "Department type {type} is an organ with powers of its own (police, procuratorate, establishment office, enforcement supervision): only the province's configuration sets it up",
  },
  "department.duplicate_name": { zh: "本级已存在同名部门：{name}", en: "A department named {name} already exists here" },
  "notice.not_found": { zh: "通知不存在", en: "Notice not found" },
  "notice.target_not_below": { zh: "只能向下级行政区划发送通知：{tenantId} 不是本级的下级", en: "Notices go only to tenants below yours: {tenantId} is not below" },
  "notice.no_targets": { zh: "请指定接收通知的下级行政区划：本级没有下级", en: "Name the tenants below yours to notify: yours has none below it" },
  "notice.already_acknowledged": { zh: "该通知已签收", en: "This notice is already acknowledged" },
  "message.invalid": { zh: "消息格式不合法：{reason}", en: "Malformed message: {reason}" },
  "message.forged": { zh: "消息来源无法核实：{reason}", en: "Message origin could not be verified: {reason}" },
  "audit.bulk_too_large": { zh: "单次事务的写入过多（{count}）", en: "Too many writes in one transaction ({count})" },
} as const satisfies Record<string, { zh: string; en: string }>;

/** Each module's messages are in a file of its own here, at the bottom of
 * core, so any layer can raise or render them without importing the module. */
export const Messages = {
  ...CoreMessages,
  ...CatalogueMessages,
  ...ClueMessages,
  ...DisputeMessages,
  ...DishonestyMessages,
  ...MessagingMessages,
  ...AssistanceMessages,
  ...RecognitionMessages,
  ...PenaltyMessages,
  ...PolicyMessages,
  ...AssignmentMessages,
  ...ReferralMessages,
  ...ScopeMessages,
  ...EvidenceMessages,
  ...DrawsMessages,
  ...BusinessMessages,
  ...VisitMessages,
  ...DisclosureMessages,
  ...WarningMessages,
};

export type MessageCode = keyof typeof Messages;

export function translate(code: string, locale: Locale, params: Record<string, unknown> = {}): string {
  const entry = (Messages as Record<string, { zh: string; en: string }>)[code];
  const template = entry ? (locale === "en" ? entry.en : entry.zh) : code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

export function parseAcceptLanguage(header: string | undefined | null): Locale {
  if (!header) return "zh-CN";
  const first = header
    .split(",")
    .map((part) => {
      const [tag, q] = part.trim().split(";q=");
      return { tag: (tag ?? "").toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q)[0];
  return first && first.tag.startsWith("en") ? "en" : "zh-CN";
}

// Only the two locales we show, not all of zod's.
const zodLocales = { "zh-CN": zhCN(), en: en() };

/** One line per field, naming the field and the rule broken, in the user's language. */
export function describeZodIssues(error: z.ZodError, locale: Locale) {
  const localeError = zodLocales[locale].localeError;
  return error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join(".") : "(body)";
    // Our own schemas set a message code like `id.format:dep`; zod's own issues
    // get zod's translated text.
    let message = issue.message;
    const custom = /^([a-z_]+\.[a-z_]+)(?::(.*))?$/.exec(issue.message);
    if (custom && custom[1] === "id.format") {
      message = locale === "en" ? `must be an ID of the form ${custom[2]}_<ULID>` : `必须是形如 ${custom[2]}_<ULID> 的编号`;
    } else if (custom && custom[1]! in Messages) {
      // A rule of our own (e.g. catalogue.item_code), with the issue's params.
      message = translate(custom[1]!, locale, (issue as { params?: Record<string, unknown> }).params ?? {});
    } else {
      const translated = localeError(issue as never);
      message = typeof translated === "string" ? translated : (translated?.message ?? issue.message);
    }
    return { field, rule: issue.code, message };
  });
}
