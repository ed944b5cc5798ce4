import { format, useI18n } from "../i18n";
import { en, zh } from "../locales/charts";

/** The dashboard's, documents' and evidence previews' own strings: kept out of
 * the global dictionary so they load with those (lazy) pages, not with the
 * sign-in and public pages (≤ 300 KB gzipped). */
export type TextKey = keyof typeof zh;
export function useText() {
  const { lang } = useI18n();
  return (key: TextKey, params?: Record<string, string | number>) => format((lang === "en" ? en : zh)[key], params);
}
