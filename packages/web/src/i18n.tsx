import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import * as common from "./locales/common";

export type Lang = "zh" | "en";

/** The global dictionary's keys: the frame, sign-in, menu, tables, network errors,
 * confirmations (locales/common.ts). Everything else is a page dictionary. */
export type MessageKey = keyof typeof common.zh;

/** A page's (or a group of pages') own strings: a `locales/*.ts` module imported as
 * a namespace (`import * as assistance from "../locales/assistance"`) or any
 * `{ zh, en }` pair. Imported by the page, so it loads with the page's lazy chunk
 * and the sign-in and public pages carry only what they show (≤ 300 KB gzipped). */
export interface Strings {
  readonly zh: Readonly<Record<string, string>>;
  readonly en: Readonly<Record<string, string>>;
}
/** The keys of one page dictionary. */
export type KeyOf<S extends Strings> = keyof S["zh"] & string;
type KeysOf<L extends readonly Strings[]> = L[number] extends infer S ? (S extends Strings ? KeyOf<S> : never) : never;

const dictionaries: Record<Lang, Readonly<Record<string, string>>> = { zh: common.zh, en: common.en };

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
    document.title = common[lang]["app.title"];
    dayjs.locale(lang === "en" ? "en" : "zh-cn");
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => format(lookup([], lang, key) ?? key, params),
      tMaybe: (key, fallback) => lookup([], lang, key) ?? fallback,
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}

/** The page's dictionaries first, then the global one. A key found nowhere shows
 * as itself rather than breaking the page (typed keys make that a type error). */
function lookup(dicts: readonly Strings[], lang: Lang, key: string): string | undefined {
  for (const d of [...dicts, dictionaries]) if (Object.hasOwn(d[lang], key)) return d[lang][key];
  return undefined;
}

/** A `t` that knows the keys K (for helpers outside a component). */
export type Translate<K extends string> = (key: K, params?: Record<string, string | number>) => string;

export interface PageI18n<K extends string> extends Omit<I18n, "t"> {
  t(key: MessageKey | K, params?: Record<string, string | number>): string;
}

/** `useI18n()` plus the page's own dictionaries: `const { t } = useStrings(assistance, spotcheck)`.
 * `t` accepts the global keys and those of the dictionaries given (type-checked);
 * `tMaybe` looks in the same places. Stable per language, like `useI18n().t`. */
export function useStrings<L extends readonly Strings[]>(...dicts: L): PageI18n<KeysOf<L>> {
  const i18n = useI18n();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the dictionaries are modules: fixed per call site
  return useMemo(() => {
    const { lang } = i18n;
    return {
      ...i18n,
      t: (key: string, params?: Record<string, string | number>) => format(lookup(dicts, lang, key) ?? key, params),
      tMaybe: (key: string, fallback: string) => lookup(dicts, lang, key) ?? fallback,
    };
  }, [i18n, ...dicts]);
}
