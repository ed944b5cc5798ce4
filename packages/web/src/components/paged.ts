import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api";
import { eachPage, type PageOf } from "../data";
import { useI18n } from "../i18n";

/** A list read from the server one page (`{ items, cursor }`) at a time: the
 * first page on load, the next on `more()`; `pages()` walks every page from the
 * start for an export. Pages of a filtered list may be short while `cursor` is
 * set, so a short page is followed at once (up to a few) to fill the screen. */
export interface Paged<T> {
  rows: T[];
  error: ApiError | undefined;
  loading: boolean;
  hasMore: boolean;
  more(): void;
  reload(): void;
  pages(): AsyncGenerator<T[]>;
}

export function usePaged<T>(load: (cursor: string | undefined) => Promise<PageOf<T>>, deps: unknown[], pageSize = 50): Paged<T> {
  const { lang } = useI18n();
  const loadRef = useRef(load);
  loadRef.current = load;
  const [state, setState] = useState<{ rows: T[]; cursor: string | null; error?: ApiError; loading: boolean }>({ rows: [], cursor: null, loading: true });
  const [tick, setTick] = useState(0);
  const generation = useRef(0);

  const fetchFrom = useCallback(async (cursor: string | undefined, gen: number, base: T[]) => {
    setState((s) => ({ ...s, loading: true, error: undefined }));
    try {
      let rows = base;
      let next: string | undefined = cursor;
      // Follow short pages (filtered in page on the server) until a screenful or the end.
      for (let i = 0; i < 5; i++) {
        const page = await loadRef.current(next);
        rows = [...rows, ...page.items];
        next = page.cursor ?? undefined;
        if (!next || rows.length - base.length >= pageSize) break;
      }
      if (gen === generation.current) setState({ rows, cursor: next ?? null, loading: false });
    } catch (err) {
      if (gen === generation.current)
        setState((s) => ({ ...s, loading: false, error: err instanceof ApiError ? err : new ApiError(0, "client", String(err)) }));
    }
  }, [pageSize]);

  useEffect(() => {
    const gen = ++generation.current;
    setState({ rows: [], cursor: null, loading: true });
    void fetchFrom(undefined, gen, []);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, lang, tick]);

  const more = useCallback(() => {
    if (!state.cursor || state.loading) return;
    void fetchFrom(state.cursor, generation.current, state.rows);
  }, [state.cursor, state.loading, state.rows, fetchFrom]);

  return {
    rows: state.rows,
    error: state.error,
    loading: state.loading,
    hasMore: !!state.cursor,
    more,
    reload: useCallback(() => setTick((n) => n + 1), []),
    pages: () => eachPage((cursor) => loadRef.current(cursor)),
  };
}
