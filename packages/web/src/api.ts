import { hc, type ClientResponse } from "hono/client";
// Type only: erased at build time, so no server code reaches the bundle.
import type { AppType } from "@supervision/functions/api/app";
import { acceptLanguage } from "./i18n";

export const apiBase = import.meta.env.VITE_API_URL ?? "/";
export const issuerBase = (import.meta.env.VITE_ISSUER_URL ?? "/oidc").replace(/\/$/, "");

const TOKEN_KEY = "supervision.token";

export const session = {
  token(): string | null {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set(token: string) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** Called when the API says the token is no longer good (set by the session provider). */
let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

export const client = hc<AppType>(apiBase, {
  headers: (): Record<string, string> => {
    const token = session.token();
    return { "accept-language": acceptLanguage(), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  },
});

export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

/** An error answered by the API: `{ error: { code, message, details?, requestId } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type SuccessStatus = 200 | 201;
type Ok<R> = R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatus ? T : never) : never;

/** Await a typed-client call; its success body, or an ApiError with the API's message. */
export async function call<R extends ClientResponse<unknown, number, string>>(request: Promise<R>): Promise<Ok<R>> {
  let res: R;
  try {
    res = await request;
  } catch (err) {
    throw new ApiError(0, "network", err instanceof Error ? err.message : String(err));
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) return body as Ok<R>;
  const error = (body as { error?: { code?: string; message?: string; details?: FieldError[]; requestId?: string } } | undefined)?.error;
  if (res.status === 401) onUnauthorized();
  throw new ApiError(res.status, error?.code ?? `http.${res.status}`, error?.message ?? `HTTP ${res.status}`, error?.details ?? [], error?.requestId);
}

export interface DemoAccount {
  username: string;
  name: string;
  tenantId: string;
  role: string;
}

/** Password grant against the issuer (local mode). Throws with the issuer's localized message. */
export async function signIn(username: string, password: string): Promise<string> {
  const res = await fetch(`${issuerBase}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": acceptLanguage() },
    body: new URLSearchParams({ grant_type: "password", username, password }),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) {
    throw new ApiError(res.status, body.error ?? "invalid_grant", body.error_description ?? "");
  }
  return body.access_token;
}

/** The issuer's demo accounts; empty when the issuer has none (production sign-on). */
export async function demoAccounts(): Promise<DemoAccount[]> {
  try {
    const res = await fetch(`${issuerBase}/accounts`);
    if (!res.ok) return [];
    const body: unknown = await res.json();
    return Array.isArray(body) ? (body as DemoAccount[]) : [];
  } catch {
    return [];
  }
}
