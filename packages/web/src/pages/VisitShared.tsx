import { Tag } from "antd";
import type { ReactNode } from "react";
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
// Type only: erased at build time.
import type { PublicAppType } from "@supervision/functions/api/app";
import { apiBase, call, client } from "../api";
import { acceptLanguage, format, useI18n } from "../i18n";
import { en, zh } from "./VisitText";

/** What the visit pages share: the visit API (contract 1 in the brief:
 * /api/visits and /api/public/visits), its shapes, the pages' own strings
 * (loaded with these lazy pages, not with the sign-in page) and small parts. */

const v = client.api.visits;

export type Visit = InferResponseType<(typeof v)[":visitId"]["$get"], 200>;
export type VisitStatus = Visit["status"];
export type OriginKind = Visit["origin"]["kind"];
export type VisitBody = Visit["bodies"][number];
export type VisitInspector = Visit["inspectors"][number];
export type VisitResult = Visit["results"][number];
export type Outcome = VisitResult["outcome"];
export type Checklist = InferResponseType<(typeof v)[":visitId"]["checklist"]["$get"], 200>;
export type ChecklistLine = Checklist["lines"][number];
export type ServerAnswer = NonNullable<ChecklistLine["answer"]>;
export type FileRef = ServerAnswer["files"][number];
export type AnswerValue = ServerAnswer["value"];
export type CreateVisit = InferRequestType<(typeof v)["$post"]>["json"];
export type ResultInput = InferRequestType<(typeof v)[":visitId"]["results"]["$post"]>["json"]["results"][number];
export type AnswerInput = InferRequestType<(typeof v)[":visitId"]["answers"]["$post"]>["json"]["answers"][number];
export type VisitReport = InferResponseType<(typeof v)["reports"]["$get"], 200>["items"][number];
export type VisitStats = InferResponseType<(typeof v)["stats"]["$get"], 200>;

export const STATUSES: VisitStatus[] = ["draft", "approved", "in-progress", "signed", "closed", "cancelled"];
export const ORIGINS: OriginKind[] = ["draw", "plan", "case", "clue", "special"];
export const OUTCOMES: Outcome[] = ["pass", "rectify", "case", "transfer"];

/** Public calls: no token is ever sent (the QR page and the report form are used by businesses, signed in or not). */
const publicClient = hc<PublicAppType>(apiBase, { headers: () => ({ "accept-language": acceptLanguage() }) });

const param = (visitId: string) => ({ param: { visitId } });

/** The visit API (typed by the server's routes: a change of contract fails the portal's type check). */
export const visitApi = {
  list: (query: { status?: VisitStatus; cursor?: string; limit?: number }) =>
    call(v.$get({ query: { ...(query.status ? { status: query.status } : {}), ...(query.cursor ? { cursor: query.cursor } : {}), limit: String(query.limit ?? 50) } })),
  get: (visitId: string) => call(v[":visitId"].$get(param(visitId))),
  create: (body: CreateVisit) => call(v.$post({ json: body })),
  approve: (visitId: string, version: number, afterTheFact?: boolean) => call(v[":visitId"].approve.$post({ ...param(visitId), json: { version, ...(afterTheFact ? { afterTheFact: true } : {}) } })),
  notify: (visitId: string, version: number) => call(v[":visitId"].notify.$post({ ...param(visitId), json: { version } })),
  checklist: (visitId: string) => call(v[":visitId"].checklist.$get(param(visitId))),
  answers: (visitId: string, answers: AnswerInput[]) => call(v[":visitId"].answers.$post({ ...param(visitId), json: { answers } })),
  file: (visitId: string, file: { name: string; type: string; contentBase64: string; sha256: string }) => call(v[":visitId"].files.$post({ ...param(visitId), json: file })),
  results: (visitId: string, version: number, results: ResultInput[]) => call(v[":visitId"].results.$post({ ...param(visitId), json: { version, results } })),
  sign: (visitId: string, version: number) => call(v[":visitId"].sign.$post({ ...param(visitId), json: { version } })),
  recheck: (visitId: string, body: { version: number; itemCode: string; outcome: "pass" | "fail"; note: string }) => call(v[":visitId"].recheck.$post({ ...param(visitId), json: body })),
  close: (visitId: string, version: number) => call(v[":visitId"].close.$post({ ...param(visitId), json: { version } })),
  reports: (query: { cursor?: string; limit?: number }) => call(v.reports.$get({ query: { ...(query.cursor ? { cursor: query.cursor } : {}), limit: String(query.limit ?? 50) } })),
  stats: (year: number) => call(v.stats.$get({ query: { year: String(year) } })),
};

export type PublicVisitView = InferResponseType<(typeof publicClient.api.public.visits)[":code"]["$get"], 200>;

export const publicVisitApi = {
  get: (code: string) => call(publicClient.api.public.visits[":code"].$get({ param: { code } })),
  rate: (code: string, body: { stars: number; comment?: string }) => call(publicClient.api.public.visits[":code"].rating.$post({ param: { code }, json: body })),
  report: (body: InferRequestType<(typeof publicClient.api.public)["visit-reports"]["$post"]>["json"]) => call(publicClient.api.public["visit-reports"].$post({ json: body })),
};

/** Approval is due: a draft, or an emergency visit already on site (approved after the fact). */
export const awaitsApproval = (v: Visit) => !v.approval && (v.status === "draft" || (v.emergency && v.status === "in-progress"));

/** The address the QR code carries: anyone who scans it lands on the public page. */
export const publicUrl = (code: string) => `${window.location.origin}/v/${encodeURIComponent(code)}`;

export type VisitTextKey = keyof typeof zh;
/** The visit pages' strings (Simplified Chinese first). */
export function useVisitText() {
  const { lang } = useI18n();
  return (key: VisitTextKey, params?: Record<string, string | number>) => format((lang === "en" ? en : zh)[key], params);
}

// Only colours whose text meets AA on their tag (styles.css darkens green and orange; gold and cyan fall short).
const STATUS_COLOR: Record<VisitStatus, string> = {
  draft: "default",
  approved: "blue",
  "in-progress": "orange",
  signed: "purple",
  closed: "green",
  cancelled: "default",
};

export function StatusTag({ status }: { status: VisitStatus }) {
  const vt = useVisitText();
  return (
    <Tag bordered={false} color={STATUS_COLOR[status]} data-testid="visit-status">
      {vt(`status.${status}`)}
    </Tag>
  );
}

export function OutcomeTag({ outcome }: { outcome: Outcome }): ReactNode {
  const vt = useVisitText();
  const color = outcome === "pass" ? "green" : outcome === "rectify" ? "orange" : outcome === "case" ? "red" : "purple";
  return (
    <Tag bordered={false} color={color}>
      {vt(`outcome.${outcome}`)}
    </Tag>
  );
}

/** A date window as the visit shows it (dates, Beijing time). */
export function windowText(w: { from: string; to: string }) {
  return w.from === w.to ? w.from : `${w.from} ~ ${w.to}`;
}

/** A card's heading (an h2 in the page's outline, at card-title size). */
export const H2 = { margin: 0, fontSize: 16 } as const;
