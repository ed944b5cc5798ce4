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
