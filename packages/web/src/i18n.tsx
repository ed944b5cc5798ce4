import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import * as assistance from "./locales/assistance";
import * as catalogue from "./locales/catalogue";
import * as disputes from "./locales/disputes";
import * as guides from "./locales/guides";
import * as recognition from "./locales/recognition";
import * as referrals from "./locales/referrals";
import * as portal from "./locales/portal";
import * as penalties from "./locales/penalties";
import * as policy from "./locales/policy";
import * as businesses from "./locales/businesses";
import * as draws from "./locales/draws";
import * as spotcheck from "./locales/spotcheck";
import * as tables from "./locales/tables";
import * as leftovers from "./locales/leftovers";
import * as visits from "./locales/visits";
import * as warnings from "./locales/warnings";
import * as clues from "./locales/clues";
import * as dishonesty from "./locales/dishonesty";
import * as disclosures from "./locales/disclosures";

export type Lang = "zh" | "en";

/** Every UI string, Simplified Chinese first. English keys must match. */
const base = {
  "app.title": "跨部门综合监管平台",
  "app.brand": "跨部门综合监管平台",
  "app.subtitle": "福建省跨部门综合监管 · 门户",
  "app.skip": "跳到主要内容",
  "lang.switchTo": "English",
  "lang.group": "界面语言：",

  "signin.title": "登录",
  "signin.heading": "工作人员登录",
  "signin.username": "用户名",
  "signin.password": "密码",
  "signin.submit": "登录",
  "signin.usernameRequired": "请输入用户名",
  "signin.passwordRequired": "请输入密码",
  "signin.failed": "登录失败",
  "signin.badCredentials": "用户名或密码错误",
  "signin.network": "无法连接认证服务，请稍后重试",
  "signin.demo": "演示账号",
  "signin.demoHint": "本地演示模式：选择一个账号即可填入用户名和密码（演示密码 {password}）。",
  "signin.demoPick": "选择演示账号",
  "signin.expired": "登录已失效，请重新登录",

  "nav.label": "主导航",
  "nav.home": "今日待办",
  "nav.departments": "部门",
  "nav.audit": "审计留痕",
  "nav.notices": "通知",
  "nav.section.overview": "概况",
  "nav.section.catalogue": "监管事项",
  "nav.section.enforcement": "协同执法",
  "nav.section.admin": "本级管理",
  "header.user": "当前用户：",
  "header.role": "角色：",
  "header.tenant": "所属行政区划：",
  "header.signout": "退出登录",

  "level.province": "省级",
  "level.city": "市级",
  "level.county": "县级",

  "common.loading": "加载中…",
  "common.retry": "重试",
  "common.error": "出错了",
  "common.cancel": "取消",
  "common.save": "保存",
  "common.refresh": "刷新",
  "common.code": "区划代码",
  "common.name": "名称",
  "common.level": "层级",
  "common.none": "无",
  "common.requestId": "请求编号：{id}",
  "common.forbidden": "您的角色无权访问此页面",
  "common.notFound": "页面不存在",
  "common.backHome": "返回今日待办",

  "home.title": "本级概况",
  "home.mine": "本级",
  "home.parent": "上级",
  "home.children": "下级行政区划（{count}）",
  "home.noParent": "无上级（省级）",
  "home.noChildren": "本级以下无行政区划",

  "dep.title": "部门",
  "dep.caption": "{tenant}的部门",
  "dep.name": "部门名称",
  "dep.type": "类型",
  "dep.status": "状态",
  "dep.updatedAt": "更新时间",
  "dep.actions": "操作",
  "dep.active": "启用",
  "dep.disabled": "停用",
  "dep.add": "新增部门",
  "dep.edit": "修改",
  "dep.editTitle": "修改部门：{name}",
  "dep.addTitle": "新增部门",
  "dep.nameEn": "英文名称",
  "dep.nameRequired": "请输入部门名称",
  "dep.typeOther": "其他",
  "dep.created": "已新增部门：{name}",
  "dep.updated": "已保存：{name}",
  "dep.readOnly": "您的角色只能查看部门，不能新增或修改。",

  "audit.title": "审计留痕",
  "audit.seq": "序号",
  "audit.at": "时间（北京时间）",
  "audit.actor": "操作人",
  "audit.action": "操作",
  "audit.target": "对象",
  "audit.hash": "哈希前缀",
  "audit.prev": "上一页",
  "audit.next": "下一页",
  "audit.first": "第一页",
  "audit.page": "第 {page} 页",
  "audit.verifying": "正在校验哈希链…",
  "audit.verifyOk": "校验通过：本级审计链共 {count} 条事件，哈希链完整",
  "audit.verifyOkHead": "链头：第 {seq} 条，哈希 {hash}",
  "audit.verifyEmpty": "校验通过：本级尚无审计事件",
  "audit.verifyBroken": "校验未通过：哈希链在第 {seq} 条断裂",
  "audit.verifyBrokenDetail": "首个断裂的事件：{id}（原因：{reason}）。其后的记录不可信，请立即报告。",
  "audit.verifyFailed": "无法校验哈希链",
  "audit.reverify": "重新校验",
  "audit.reason.hash_mismatch": "事件内容与哈希不符",
  "audit.reason.link_mismatch": "与前一事件的链接不符",
  "audit.reason.sequence_gap": "序号不连续",
  "audit.reason.head_mismatch": "链头与最后一条事件不符",
  "audit.reason.state_mismatch": "记录的现状与事件中的状态哈希不符",
  "audit.reason.anchor_mismatch": "与上级保存的锚点不符",
  "audit.target.department": "部门",
  "audit.target.assignment": "属地监管责任",
  "audit.target.assistance": "跨区域协助请求",
  "audit.target.attachment": "附件",
  "audit.target.escalation": "逾期督办",
  "audit.target.alert": "预警",
  "audit.target.inspection": "检查",
  "audit.target.penalty": "行政处罚",
  "audit.target.recognition": "互认结果",
  "audit.target.referral": "行刑衔接移送",
  "audit.target.judicial-request": "司法机关协助请求",
  "audit.target.catalogueVersion": "监管事项清单版本",
  "audit.target.tenant": "行政区划",
  "audit.target.notice": "通知",
  "audit.actor.system": "系统",

  "notice.title": "通知",
  "notice.inbox": "收件箱",
  "notice.sent": "已发送",
  "notice.compose": "发送通知",
  "notice.subject": "标题",
  "notice.from": "发文单位",
  "notice.to": "接收单位",
  "notice.sentAt": "发送时间",
  "notice.status": "签收状态",
  "notice.acknowledged": "已签收 {at}",
  "notice.pending": "未签收",
  "notice.acknowledge": "签收",
  "notice.acknowledgeOf": "签收：{title}",
  "notice.acknowledgedMsg": "已签收：{title}",
  "notice.empty": "暂无通知",
  "notice.body": "正文",
  "notice.sender": "发送人",
  "notice.subjectRequired": "请输入标题",
  "notice.bodyRequired": "请输入正文",
  "notice.toHint": "不选择则发送给本级以下全部行政区划",
  "notice.toPlaceholder": "全部下级行政区划",
  "notice.send": "发送",
  "notice.sentMsg": "已发送：{title}",
  "notice.noChildren": "本级以下没有行政区划，无法发送通知。",
  "notice.recipients": "{count} 个单位",
};

const baseEn: Record<keyof typeof base, string> = {
  "app.title": "Cross-departmental Supervision Platform",
  "app.brand": "Supervision Platform",
  "app.subtitle": "Fujian cross-departmental supervision · Portal",
  "app.skip": "Skip to main content",
  "lang.switchTo": "中文",
  "lang.group": "Language: ",

  "signin.title": "Sign in",
  "signin.heading": "Staff sign-in",
  "signin.username": "User name",
  "signin.password": "Password",
  "signin.submit": "Sign in",
  "signin.usernameRequired": "Enter your user name",
  "signin.passwordRequired": "Enter your password",
  "signin.failed": "Sign-in failed",
  "signin.badCredentials": "Wrong user name or password",
  "signin.network": "The sign-in service cannot be reached; try again later",
  "signin.demo": "Demo accounts",
  "signin.demoHint": "Local demo mode: pick an account to fill in the user name and password (demo password {password}).",
  "signin.demoPick": "Pick a demo account",
  "signin.expired": "Your session has ended; please sign in again",

  "nav.label": "Main navigation",
  "nav.home": "To do today",
  "nav.departments": "Departments",
  "nav.audit": "Audit trail",
  "nav.notices": "Notices",
  "nav.section.overview": "Overview",
  "nav.section.catalogue": "Supervision items",
  "nav.section.enforcement": "Joint enforcement",
  "nav.section.admin": "Administration",
  "header.user": "User: ",
  "header.role": "Role: ",
  "header.tenant": "Region: ",
  "header.signout": "Sign out",

  "level.province": "Province",
  "level.city": "City",
  "level.county": "County",

  "common.loading": "Loading…",
  "common.retry": "Retry",
  "common.error": "Something went wrong",
  "common.cancel": "Cancel",
  "common.save": "Save",
  "common.refresh": "Refresh",
  "common.code": "Division code",
  "common.name": "Name",
  "common.level": "Level",
  "common.none": "None",
  "common.requestId": "Request id: {id}",
  "common.forbidden": "Your role may not open this page",
  "common.notFound": "Page not found",
  "common.backHome": "Back to the to-do list",

  "home.title": "Overview",
  "home.mine": "My region",
  "home.parent": "Parent",
  "home.children": "Regions below ({count})",
  "home.noParent": "None (province level)",
  "home.noChildren": "No regions below this one",

  "dep.title": "Departments",
  "dep.caption": "Departments of {tenant}",
  "dep.name": "Department",
  "dep.type": "Type",
  "dep.status": "Status",
  "dep.updatedAt": "Updated",
  "dep.actions": "Actions",
  "dep.active": "Active",
  "dep.disabled": "Disabled",
  "dep.add": "Add department",
  "dep.edit": "Edit",
  "dep.editTitle": "Edit department: {name}",
  "dep.addTitle": "Add department",
  "dep.nameEn": "English name",
  "dep.nameRequired": "Enter the department name",
  "dep.typeOther": "Other",
  "dep.created": "Department added: {name}",
  "dep.updated": "Saved: {name}",
  "dep.readOnly": "Your role may view departments but not add or change them.",

  "audit.title": "Audit trail",
  "audit.seq": "No.",
  "audit.at": "Time (Beijing)",
  "audit.actor": "Actor",
  "audit.action": "Action",
  "audit.target": "Target",
  "audit.hash": "Hash prefix",
  "audit.prev": "Previous",
  "audit.next": "Next",
  "audit.first": "First page",
  "audit.page": "Page {page}",
  "audit.verifying": "Verifying the hash chain…",
  "audit.verifyOk": "Verified: the chain of {count} events is intact",
  "audit.verifyOkHead": "Head: event {seq}, hash {hash}",
  "audit.verifyEmpty": "Verified: no audit events yet",
  "audit.verifyBroken": "Verification failed: the chain breaks at event {seq}",
  "audit.verifyBrokenDetail": "First broken event: {id} (reason: {reason}). Records after it cannot be trusted; report this now.",
  "audit.verifyFailed": "The hash chain could not be verified",
  "audit.reverify": "Verify again",
  "audit.reason.hash_mismatch": "event content does not match its hash",
  "audit.reason.link_mismatch": "link to the previous event does not match",
  "audit.reason.sequence_gap": "gap in the sequence",
  "audit.reason.head_mismatch": "chain head does not match the last event",
  "audit.reason.state_mismatch": "a record no longer matches the state hash in its event",
  "audit.reason.anchor_mismatch": "does not match the anchor held by the superior",
  "audit.target.department": "Department",
  "audit.target.assignment": "Responsibility",
  "audit.target.assistance": "Assistance request",
  "audit.target.attachment": "Attachment",
  "audit.target.escalation": "Escalation",
  "audit.target.alert": "Alert",
  "audit.target.inspection": "Inspection",
  "audit.target.penalty": "Penalty",
  "audit.target.recognition": "Recognised result",
  "audit.target.referral": "Criminal transfer",
  "audit.target.judicial-request": "Judicial request",
  "audit.target.catalogueVersion": "Catalogue version",
  "audit.target.tenant": "Region",
  "audit.target.notice": "Notice",
  "audit.actor.system": "System",

  "notice.title": "Notices",
  "notice.inbox": "Inbox",
  "notice.sent": "Sent",
  "notice.compose": "Send a notice",
  "notice.subject": "Title",
  "notice.from": "From",
  "notice.to": "To",
  "notice.sentAt": "Sent",
  "notice.status": "Acknowledgement",
  "notice.acknowledged": "Acknowledged {at}",
  "notice.pending": "Not acknowledged",
  "notice.acknowledge": "Acknowledge",
  "notice.acknowledgeOf": "Acknowledge: {title}",
  "notice.acknowledgedMsg": "Acknowledged: {title}",
  "notice.empty": "No notices",
  "notice.body": "Text",
  "notice.sender": "Sent by",
  "notice.subjectRequired": "Enter a title",
  "notice.bodyRequired": "Enter the text",
  "notice.toHint": "Leave empty to send to every region directly below",
  "notice.toPlaceholder": "All regions below",
  "notice.send": "Send",
  "notice.sentMsg": "Sent: {title}",
  "notice.noChildren": "There are no regions below yours to send a notice to.",
  "notice.recipients": "{count} regions",
};

// Each group of pages keeps its strings in ./locales.
const zh = { ...base, ...catalogue.zh, ...disputes.zh, ...guides.zh, ...assistance.zh, ...recognition.zh, ...referrals.zh, ...portal.zh, ...penalties.zh, ...policy.zh, ...businesses.zh, ...draws.zh, ...spotcheck.zh, ...tables.zh, ...leftovers.zh, ...visits.zh, ...warnings.zh, ...clues.zh, ...dishonesty.zh, ...disclosures.zh };
const en: Record<keyof typeof zh, string> = { ...baseEn, ...catalogue.en, ...disputes.en, ...guides.en, ...assistance.en, ...recognition.en, ...referrals.en, ...portal.en, ...penalties.en, ...policy.en, ...businesses.en, ...draws.en, ...spotcheck.en, ...tables.en, ...leftovers.en, ...visits.en, ...warnings.en, ...clues.en, ...dishonesty.en, ...disclosures.en };

export type MessageKey = keyof typeof zh;
const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

export function format(template: string, params: Record<string, string | number> = {}) {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** Translate a key that may not exist (e.g. an audit action code); falls back. */
  tMaybe(key: string, fallback: string): string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = "supervision.lang";

export function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

/** The API's Accept-Language for the current UI language (read outside React). */
let currentLang: Lang = initialLang();
export const acceptLanguage = () => (currentLang === "en" ? "en" : "zh-CN");

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang);
  const setLang = useCallback((next: Lang) => {
    currentLang = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
    document.title = dictionaries[lang]["app.title"];
    dayjs.locale(lang === "en" ? "en" : "zh-cn");
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const dict = dictionaries[lang];
    return {
      lang,
      setLang,
      t: (key, params) => format(dict[key], params),
      tMaybe: (key, fallback) => (key in dict ? dict[key as MessageKey] : fallback),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
