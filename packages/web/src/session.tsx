import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { InferResponseType } from "hono/client";
import type { Permission } from "@supervision/core/auth/roles";
import { ApiError, call, client, session, setUnauthorizedHandler } from "./api";

export type Me = InferResponseType<typeof client.api.me.$get, 200>;

interface Session {
  token: string | null;
  me: Me | undefined;
  /** Why the user was sent back to the sign-in page, if not by choice. */
  notice: "expired" | undefined;
  error: ApiError | undefined;
  signedIn(token: string): void;
  signOut(reason?: "expired"): void;
  can(permission: Permission): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => session.token());
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState<"expired">();

  const signOut = useCallback((reason?: "expired") => {
    session.clear();
    setToken(null);
    setMe(undefined);
    setError(undefined);
    setNotice(reason);
  }, []);

  const signedIn = useCallback((next: string) => {
    session.set(next);
    setNotice(undefined);
    setError(undefined);
    setMe(undefined);
    setToken(next);
  }, []);

  useEffect(() => setUnauthorizedHandler(() => signOut("expired")), [signOut]);

  useEffect(() => {
    if (!token) return;
    let live = true;
    call(client.api.me.$get()).then(
      (m) => live && setMe(m),
      (err: unknown) => live && err instanceof ApiError && err.status !== 401 && setError(err),
    );
    return () => {
      live = false;
    };
  }, [token]);

  const value = useMemo<Session>(
    () => ({
      token,
      me,
      notice,
      error,
      signedIn,
      signOut,
      can: (permission) => !!me?.permissions.includes(permission),
    }),
    [token, me, notice, error, signedIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error("useSession outside SessionProvider");
  return ctx;
}
