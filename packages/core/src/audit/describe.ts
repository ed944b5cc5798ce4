import { formatShanghai } from "../clock";
// The trail's texts are a catalogue of their own: only the trail reads them,
// so a consumer Lambda does not carry them.
import { AuditMessages } from "../i18n/audit";
import type { Locale } from "../i18n/index";
import { Tenant } from "../tenant/index";
import type { Summary } from "./chain";

/** The trail's text of an event, in the reader's language: the action's
 * template (i18n/audit.ts) filled with the summary's parameters. Pure; never
 * throws: an action without a template shows as its code and parameters. */

type Text = { zh: string; en: string };
const catalogue: Record<string, Text | undefined> = AuditMessages;

function lookup(code: string, locale: Locale): string | undefined {
  const entry = catalogue[code];
  return entry ? (locale === "en" ? entry.en : entry.zh) : undefined;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const TENANT_CODE = /^\d{6}$/;
/** An instant in Beijing time, `YYYY-MM-DD HH:mm`, as every time on the platform is shown. */
function beijing(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : formatShanghai(iso).slice(0, 16);
}

/** One parameter in words; `undefined` when it is absent. */
function word(module: string, key: string, value: unknown, locale: Locale): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const parts = value.map((v) => word(module, key, v, locale)).filter((v): v is string => v !== undefined);
    return parts.join(locale === "en" ? ", " : "、");
  }
  if (typeof value === "boolean") return lookup(`audit.value.${module}.${key}.${value}`, locale) ?? lookup(`audit.value.${value}`, locale) ?? String(value);
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    const named = lookup(`audit.value.${module}.${key}.${value}`, locale);
    if (named !== undefined) return named;
    if (TENANT_CODE.test(value)) return Tenant.nameOf(value);
    if (INSTANT.test(value)) return beijing(value);
    return value;
  }
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.name === "string") return o.name;
    return JSON.stringify(value);
  }
  return String(value);
}

/** Fill `{name}`s; a `[…]` section whose parameters are not all present is left out. */
function fill(template: string, params: Record<string, string | undefined>): string {
  const sub = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? "");
  return sub(
    template.replace(/\[([^[\]]*)\]/g, (_, section: string) => {
      const names = [...section.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      return names.every((k) => params[k] !== undefined && params[k] !== "") ? section : "";
    }),
  );
}

export function describe(event: { action: string; summary?: Summary | null }, locale: Locale): string {
  try {
    const module = event.action.split(".")[0] ?? "";
    const summary = event.summary && typeof event.summary === "object" ? event.summary : {};
    const params: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(summary)) params[k] = word(module, k, v, locale);
    const template = lookup(`audit.action.${event.action}`, locale);
    if (template !== undefined) return fill(template, params);
    const shown = Object.entries(params).filter(([, v]) => v !== undefined && v !== "");
    return shown.length ? `${event.action} (${shown.map(([k, v]) => `${k}: ${v}`).join("; ")})` : event.action;
  } catch {
    return event.action;
  }
}
