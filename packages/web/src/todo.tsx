import { App as AntApp } from "antd";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { ApiError, call, client } from "./api";
import { departmentList } from "./data";
import { useStrings, type KeyOf, type MessageKey } from "./i18n";
import * as catalogueStrings from "./locales/catalogue";
import * as referralsStrings from "./locales/referrals";
import * as adminStrings from "./locales/admin";
import * as portalStrings from "./locales/portal";
import * as assistanceStrings from "./locales/assistance";
import { useSession } from "./session";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof catalogueStrings> | KeyOf<typeof referralsStrings> | KeyOf<typeof adminStrings> | KeyOf<typeof portalStrings> | KeyOf<typeof assistanceStrings>;

/** 今日待办: what waits on the signed-in user (or their department) across the
 * portal, gathered from the lists each page already reads — the first page of
 * each, so the home page never loads a whole partition. */

export type TodoKind =
  | "assistance.ack"
  | "assistance.answer"
  | "escalation"
  | "dispute.step"
  | "dispute.arbitrate"
  | "assignment.answer"
  | "referral.step"
  | "judicial.answer"
  | "notice.ack"
  | "alert.follow";

export interface TodoItem {
  key: string;
  kind: TodoKind;
  title: string;
  /** The other party or the source, shown under the title. */
  from?: string;
  dueAt?: string;
  overdue: boolean;
  /** Where one click takes the user to act. */
  href: string;
  /** The menu entry whose badge counts it. */
  menu: string;
  since?: string;
}

/** Lists are moving to cursor pages `{ items, cursor }`: accept both shapes. */
export function itemsOf<T>(page: T[] | { items: T[] }): T[] {
  return Array.isArray(page) ? page : page.items;
}

/** Overdue first, then the nearest clock, then items without a clock (oldest first). */
export function byUrgency(a: TodoItem, b: TodoItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.dueAt && b.dueAt) return a.dueAt.localeCompare(b.dueAt);
  if (a.dueAt || b.dueAt) return a.dueAt ? -1 : 1;
  return (a.since ?? "").localeCompare(b.since ?? "");
}

const past = (iso: string | undefined, now: number) => !!iso && Date.parse(iso) < now;

interface Todo {
  items: TodoItem[];
  counts: Record<string, number>;
  /** Sources that could not be read (network or server), by label key. */
  failed: { source: MessageKey | "crf.requests"; error: ApiError }[];
  loading: boolean;
  loadedAt: string | undefined;
  /** The type of the signed-in user's department (编办 = "establishment"). */
  departmentType: string | undefined;
  reload(): void;
}

const TodoContext = createContext<Todo>({ items: [], counts: {}, failed: [], loading: true, loadedAt: undefined, departmentType: undefined, reload: () => undefined });

/** Refresh the to-do list every minute while the portal is open. */
const REFRESH_MS = 60_000;

export function TodoProvider({ children }: { children: ReactNode }) {
  const { me, can } = useSession();
  const { t, lang } = useStrings(catalogueStrings, referralsStrings, adminStrings, portalStrings, assistanceStrings);
  const { notification } = AntApp.useApp();
  const [state, setState] = useState<Omit<Todo, "reload">>({ items: [], counts: {}, failed: [], loading: true, loadedAt: undefined, departmentType: undefined });
  const [tick, setTick] = useState(0);
  const seen = useRef<Set<string> | undefined>(undefined);

  useEffect(() => {
    if (!me) return;
    let live = true;
    const mine = (departmentId: string | undefined) => !me.departmentId || !departmentId || departmentId === me.departmentId;
    const failed: Todo["failed"] = [];
    const guard = async <T,>(source: MessageKey | "crf.requests", load: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await load();
      } catch (err) {
        failed.push({ source, error: err instanceof ApiError ? err : new ApiError(0, "client", String(err)) });
        return undefined;
      }
    };
    (async () => {
      const now = Date.now();
      const departments = await guard("nav.departments", () => departmentList());
      const depList = departments ? itemsOf(departments as never) as { id: string; name: string; type: string }[] : [];
      const myDep = depList.find((d) => d.id === me.departmentId);
      const depName = (id: string | undefined) => depList.find((d) => d.id === id)?.name ?? id ?? "";
      const isBianban = myDep?.type === "establishment";
      const organ = myDep?.type === "public-security" ? "police" : myDep?.type === "procuratorate" ? "procuratorate" : undefined;
      const items: TodoItem[] = [];
      const tasks: Promise<unknown>[] = [];

      if (can("assistance.handle") && !isBianban) {
        tasks.push(
          guard("nav.assistance", () => call(client.api.assistance.$get({ query: { box: "inbox", limit: "200" } }))).then((page) => {
            for (const r of page ? itemsOf(page as never) as Row<Awaited<ReturnType<typeof loadAssistance>>>[] : []) {
              if (!mine(r.departmentId)) continue;
              const subject = r.entityName ?? t(`asr.type.${r.type}` as PageKey);
              if (r.status === "received")
                items.push({ key: `a:${r.id}:ack`, kind: "assistance.ack", title: subject, from: r.fromTenantName, dueAt: r.ackDueAt, overdue: past(r.ackDueAt, now), href: `/assistance/${r.id}`, menu: "/assistance", since: r.receivedAt ?? r.sentAt });
              else if (r.status === "accepted")
                items.push({ key: `a:${r.id}:answer`, kind: "assistance.answer", title: subject, from: r.fromTenantName, dueAt: r.dueAt, overdue: past(r.dueAt, now), href: `/assistance/${r.id}`, menu: "/assistance", since: r.acknowledgedAt });
            }
          }),
        );
      }
      if (can("assistance.coordinate")) {
        tasks.push(
          guard("nav.escalations", () => call(client.api.assistance.escalations.$get({ query: { limit: "200" } }))).then((page) => {
            for (const e of page ? itemsOf(page as never) as { id: string; status: string; fromTenantName: string; toTenantName: string; entityName?: string; overdueSince: string; receivedAt: string }[] : []) {
              if (e.status !== "open") continue;
              items.push({ key: `e:${e.id}`, kind: "escalation", title: e.entityName ?? `${e.fromTenantName} → ${e.toTenantName}`, from: `${e.fromTenantName} → ${e.toTenantName}`, overdue: true, dueAt: e.overdueSince, href: "/assistance/escalations", menu: "/assistance/escalations", since: e.receivedAt });
            }
          }),
        );
      }
      if (can("dispute.act")) {
        tasks.push(
          guard("nav.disputes", () => call(client.api.disputes.$get({ query: { open: "true", limit: "200" } }))).then((page) => {
            for (const d of page ? itemsOf(page as never) as { id: string; status: string; itemName?: string; subject?: string; departments: { id: string }[]; host: { id: string }; updatedAt?: string; createdAt?: string }[] : []) {
              const title = d.itemName ?? d.subject ?? d.id;
              if (isBianban || me.role === "province-admin") {
                if (d.status === "filed" || d.status === "escalated")
                  items.push({ key: `d:${d.id}`, kind: "dispute.arbitrate", title, overdue: false, href: `/disputes/${d.id}`, menu: "/disputes", since: d.updatedAt ?? d.createdAt });
              } else if (d.status === "negotiating" || d.status === "proposed" || d.status === "agreed") {
                const party = !me.departmentId || d.host.id === me.departmentId || d.departments.some((x) => x.id === me.departmentId);
                if (party) items.push({ key: `d:${d.id}`, kind: "dispute.step", title, overdue: false, href: `/disputes/${d.id}`, menu: "/disputes", since: d.updatedAt ?? d.createdAt });
              }
            }
          }),
        );
      }
      if (can("assignment.answer") && !isBianban) {
        tasks.push(
          guard("nav.assignments", () => call(client.api.assignments.outstanding.$get())).then((o) => {
            for (const a of o?.toAnswer ?? []) {
              if (!mine(a.departmentId)) continue;
              items.push({ key: `s:${a.code}:${a.departmentId}`, kind: "assignment.answer", title: `${a.itemName}（${a.code}）`, from: depName(a.leadDepartmentId), overdue: false, href: `/assignments?answer=${encodeURIComponent(a.code)}`, menu: "/assignments" });
            }
          }),
        );
      }
      if (can("referral.read") && !isBianban && me.role !== "auditor") {
        tasks.push(
          guard("nav.referrals", () => call(client.api.referrals.$get({ query: { limit: "200" } }))).then((page) => {
            for (const r of page ? itemsOf(page as never) as { id: string; title: string; entityName?: string; openStep?: { step: string; by: string; dueAt?: string; overdue: boolean; startedAt: string }; departmentId?: string }[] : []) {
              const s = r.openStep;
              if (!s) continue;
              const owed =
                (s.by === "head" && can("referral.decide")) ||
                (s.by === "officer" && can("referral.write") && mine(r.departmentId)) ||
                (s.by === "police" && organ === "police") ||
                (s.by === "procuratorate" && organ === "procuratorate");
              if (owed) items.push({ key: `r:${r.id}:${s.step}`, kind: "referral.step", title: r.title, from: t(`crf.step.${s.step}` as PageKey), dueAt: s.dueAt, overdue: s.overdue, href: `/referrals?case=${r.id}`, menu: "/referrals", since: s.startedAt });
            }
          }),
          guard("crf.requests", () => call(client.api["judicial-requests"].$get({ query: { limit: "200" } }))).then((page) => {
            for (const q of page ? itemsOf(page as never) as { id: string; status: string; subject: string; toDepartmentId: string; fromDepartmentId: string; dueAt: string; overdue: boolean; createdAt: string }[] : []) {
              if (q.status !== "open" || organ) continue;
              if (me.departmentId && q.toDepartmentId !== me.departmentId) continue;
              items.push({ key: `j:${q.id}`, kind: "judicial.answer", title: q.subject, from: depName(q.fromDepartmentId), dueAt: q.dueAt, overdue: q.overdue, href: "/referrals?tab=requests", menu: "/referrals", since: q.createdAt });
            }
          }),
        );
      }
      if (can("notice.acknowledge")) {
        tasks.push(
          guard("nav.notices", () => call(client.api.notices.$get({ query: { box: "inbox", limit: "200" } }))).then((page) => {
            for (const n of page ? itemsOf(page as never) as { id: string; title: string; fromTenantName?: string; acknowledgedAt?: string; receivedAt?: string; sentAt: string }[] : []) {
              if (n.acknowledgedAt) continue;
              items.push({ key: `n:${n.id}`, kind: "notice.ack", title: n.title, from: n.fromTenantName, overdue: false, href: "/notices", menu: "/notices", since: n.receivedAt ?? n.sentAt });
            }
          }),
        );
      }
      if (can("alert.follow") && !isBianban) {
        tasks.push(
          guard("nav.alerts", () => call(client.api.alerts.$get({ query: { box: "inbox", limit: "200" } }))).then((page) => {
            for (const a of page ? itemsOf(page as never) as { id: string; title: string; fromTenantName?: string; followUp?: unknown; receivedAt?: string; sentAt: string }[] : []) {
              if (a.followUp) continue;
              items.push({ key: `l:${a.id}`, kind: "alert.follow", title: a.title, from: a.fromTenantName, overdue: false, href: "/alerts", menu: "/alerts", since: a.receivedAt ?? a.sentAt });
            }
          }),
        );
      }
      await Promise.all(tasks);
      if (!live) return;
      items.sort(byUrgency);
      const counts: Record<string, number> = {};
      for (const i of items) counts[i.menu] = (counts[i.menu] ?? 0) + 1;
      counts["/"] = items.length;
      // Notices for work that arrived since the last look (not on the first load).
      if (seen.current) {
        const fresh = items.filter((i) => !seen.current!.has(i.key));
        const escalations = fresh.filter((i) => i.kind === "escalation");
        if (fresh.length > 0)
          notification.info({
            key: "todo-new",
            message: escalations.length ? t("todo.newEscalations", { count: escalations.length }) : t("todo.newWork", { count: fresh.length }),
            description: fresh.slice(0, 3).map((i) => `${t(`todo.kind.${i.kind}` as PageKey)}：${i.title}`).join("\n"),
            placement: "bottomRight",
          });
      }
      seen.current = new Set(items.map((i) => i.key));
      setState({ items, counts, failed, loading: false, loadedAt: new Date().toISOString(), departmentType: myDep?.type });
    })();
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me, tick, lang]);

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const value = useMemo(() => ({ ...state, reload }), [state, reload]);
  return <TodoContext.Provider value={value}>{children}</TodoContext.Provider>;
}

type Row<P> = P extends { items: (infer T)[] } ? T : P extends (infer T)[] ? T : never;
// Only for its type: the inbox rows of the assistance list.
const loadAssistance = () => call(client.api.assistance.$get({ query: { box: "inbox", limit: "200" } }));

export function useTodo(): Todo {
  return useContext(TodoContext);
}
