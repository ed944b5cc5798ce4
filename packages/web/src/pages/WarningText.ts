import { WarningMessages } from "@supervision/core/i18n/warning";
import { parseFact } from "@supervision/core/warning/rules";
import { useI18n } from "../i18n";

/** The warning and risk pages' strings (zh first), kept with the pages so they load with them. */
export function useText() {
  const { lang } = useI18n();
  return (zh: string, en: string) => (lang === "en" ? en : zh);
}

type Code = keyof typeof WarningMessages;

/** A fact or reason (`code {json}` or code + params) in the reader's language, with the catalogue core uses. */
export function renderCode(code: string, params: Record<string, unknown>, lang: "zh" | "en"): string {
  const entry = (WarningMessages as Record<string, { zh: string; en: string }>)[code as Code];
  const template = entry ? (lang === "en" ? entry.en : entry.zh) : code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

export function renderFact(fact: string, lang: "zh" | "en"): string {
  const f = parseFact(fact);
  return renderCode(f.code, f.params, lang);
}
