import { OpenAPIHono } from "@hono/zod-openapi";
import { parseAcceptLanguage } from "@supervision/core/i18n/index";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { VisibleError } from "@supervision/core/error";
import { ZodError } from "zod";
import { authenticate } from "./auth";
import { docsPage } from "./docs";
import type { AppEnv } from "./env";
import { handleError } from "./errors";
import { alerts } from "./routes/alerts";
import { assistance } from "./routes/assistance";
import { assignments } from "./routes/assignments";
import { audit } from "./routes/audit";
import { catalogue } from "./routes/catalogue";
import { dashboard } from "./routes/dashboard";
import { catalogueImport } from "./routes/catalogue-import";
import { disputes } from "./routes/disputes";
import { guides } from "./routes/guides";
import { me } from "./routes/me";
import { notices } from "./routes/notices";
import { inspections } from "./routes/inspections";
import { penalties } from "./routes/penalties";
import { recognitions } from "./routes/recognitions";
import { judicialRequests, referrals } from "./routes/referrals";
import { tenant } from "./routes/tenant";

export const MAX_BODY_BYTES = 1024 * 1024;

const app = new OpenAPIHono<AppEnv>({
  // Validation failures go through the one error handler, in the user's language.
  defaultHook: (result) => {
    if (!result.success) throw result.error instanceof ZodError ? result.error : new VisibleError("request.invalid");
  },
}).basePath("/api");

app.use(requestId({ headerName: "x-request-id" }));
app.use(async (c, next) => {
  const lang = c.req.query("lang");
  const locale = lang === "en" ? "en" : lang === "zh" ? "zh-CN" : parseAcceptLanguage(c.req.header("accept-language"));
  c.set("locale", locale);
  c.set("ctx", { actor: { type: "system", reason: "anonymous" }, requestId: c.var.requestId, locale });
  await next();
  c.header("content-language", locale);
});
/** Routes that take more than 1 MB: a 2,000-item catalogue version is several MB. */
const LARGE_BODIES: Record<string, number> = { "POST /api/catalogue/versions": 6 * 1024 * 1024, "POST /api/catalogue/import": 6 * 1024 * 1024 };
const limits = new Map<number, ReturnType<typeof bodyLimit>>();
function limitOf(maxSize: number) {
  let l = limits.get(maxSize);
  if (!l) {
    const limit = `${maxSize / 1024 / 1024} MB`;
    l = bodyLimit({
      maxSize,
      onError: () => {
        throw new VisibleError("request.too_large", { limit }, 413);
      },
    });
    limits.set(maxSize, l);
  }
  return l;
}
app.use((c, next) => limitOf(LARGE_BODIES[`${c.req.method} ${c.req.path}`] ?? MAX_BODY_BYTES)(c, next));
app.onError(handleError);
app.notFound((c) => handleError(new VisibleError("request.not_found", {}, 404), c));

app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
  type: "http",
  scheme: "bearer",
  bearerFormat: "JWT",
  description: "OIDC 访问令牌 / an access token from the configured OIDC issuer",
});

// Public: no token. Registered before the auth middleware, so it never runs for them.
app.doc31("/openapi.json", {
  openapi: "3.1.0",
  info: {
    title: "跨部门综合监管平台 API / Cross-departmental supervision platform",
    version: "1.0.0",
    description: "错误统一为 { error: { code, message, details, requestId } }；Accept-Language: en 返回英文。",
  },
});
app.get("/docs", (c) => c.html(docsPage("/api/openapi.json")));
app.get("/health", (c) => c.json({ ok: true }));
// 一业一册: public compliance guides.
const publicRoutes = app.route("/guides", guides);
export type PublicAppType = typeof publicRoutes;

app.use("*", authenticate);

const routes = app.route("/me", me).route("/tenant", tenant).route("/audit", audit).route("/notices", notices).route("/catalogue/import", catalogueImport).route("/catalogue", catalogue).route("/assignments", assignments).route("/assistance", assistance).route("/alerts", alerts).route("/dashboard", dashboard).route("/disputes", disputes).route("/recognitions", recognitions).route("/inspections", inspections).route("/penalties", penalties).route("/referrals", referrals).route("/judicial-requests", judicialRequests);

export type AppType = typeof routes;
export { app };
