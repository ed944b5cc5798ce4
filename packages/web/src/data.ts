import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "./api";
import { useI18n } from "./i18n";

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/** Load once per change of `deps` (and of the UI language, so API messages follow it). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const { lang } = useI18n();
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => live && setState({ data, loading: false }),
      (err: unknown) =>
        live && setState((s) => ({ data: s.data, loading: false, error: err instanceof ApiError ? err : new ApiError(0, "client", String(err)) })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, lang, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** One page of a list API (`{ items, cursor }`, see util/page.ts in core). */
export interface PageOf<T> {
  items: T[];
  cursor?: string | null;
}

/** The rows of a list, page after page, up to `max` rows (a screen never
 * loads a whole partition; exports use `eachPage`). */
export async function collect<T>(load: (cursor: string | undefined) => Promise<PageOf<T>>, max = 1000): Promise<T[]> {
  const rows: T[] = [];
  for await (const page of eachPage(load)) {
    rows.push(...page);
    if (rows.length >= max) break;
  }
  return rows.slice(0, max);
}

/** Every page of a list, one at a time (for exports that stream). */
export async function* eachPage<T>(load: (cursor: string | undefined) => Promise<PageOf<T>>): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  do {
    const page = await load(cursor);
    yield page.items;
    cursor = page.cursor ?? undefined;
  } while (cursor);
}

/** The catalogue's items in force (paged by code on the server; up to 2,000 — a
 * version's size — for pickers and the items table), with the version they belong to. */
export async function catalogueItems() {
  const { call, client } = await import("./api");
  const first = await call(client.api.catalogue.items.$get({ query: { limit: "200" } }));
  const items = [...first.items];
  let cursor = first.cursor;
  while (cursor && items.length < 2000) {
    const next = await call(client.api.catalogue.items.$get({ query: { limit: "200", cursor } }));
    items.push(...next.items);
    cursor = next.cursor;
  }
  return { version: first.version, items };
}

/** The tenant's departments (paged on the server; a tenant has a few dozen). */
export async function departmentList() {
  const { call, client } = await import("./api");
  return collect((cursor) => call(client.api.tenant.departments.$get({ query: { limit: "200", cursor } })), 1000);
}
