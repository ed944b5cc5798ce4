import { OpenAPIHono } from "@hono/zod-openapi";
import { parseAcceptLanguage } from "@supervision/core/i18n/index";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { VisibleError } from "@supervision/core/error";
import { asFunction } from "@supervision/core/dynamo/function-kind";
import { ZodError } from "zod";
import { authenticate } from "./auth";
import { docsPage } from "./docs";
import type { AppEnv } from "./env";
import { handleError } from "./errors";
import { alerts } from "./routes/alerts";
import { assistance } from "./routes/assistance";
import { assignments } from "./routes/assignments";
import { audit } from "./routes/audit";
import { outbox } from "./routes/outbox";
import { catalogue } from "./routes/catalogue";
import { dashboard } from "./routes/dashboard";
import { catalogueImport } from "./routes/catalogue-import";
import { disputes } from "./routes/disputes";
import { guides } from "./routes/guides";
import { draws, publicDraws } from "./routes/draws";
import { enforcement, publicEnforcement } from "./routes/enforcement";
import { inspectors } from "./routes/inspectors";
import { plans } from "./routes/plans";
import { me } from "./routes/me";
import { notices } from "./routes/notices";
import { inspections } from "./routes/inspections";
import { penalties } from "./routes/penalties";
import { businesses } from "./routes/businesses";
import { policy } from "./routes/policy";
import { PolicyConfig } from "@supervision/core/policy-config/index";
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
  // The API function's IAM policy answers for everything below (tests/security).
  await asFunction("api", next);
  c.header("content-language", locale);
  // No response of the API is ever to be sniffed into something executable.
  c.header("x-content-type-options", "nosniff");
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
const publicRoutes = app.route("/guides", guides).route("/public/enforcement", publicEnforcement).route("/public/draws", publicDraws);
export type PublicAppType = typeof publicRoutes;

app.use("*", authenticate);
// The rules in force: a version check at most every 30 s per process and tenant, not a read per request.
app.use("*", async (_c, next) => {
  await PolicyConfig.refresh();
  await next();
});

const routes = app.route("/me", me).route("/tenant", tenant).route("/audit", audit).route("/notices", notices).route("/catalogue/import", catalogueImport).route("/catalogue", catalogue).route("/assignments", assignments).route("/assistance", assistance).route("/alerts", alerts).route("/dashboard", dashboard).route("/outbox", outbox).route("/disputes", disputes).route("/recognitions", recognitions).route("/inspections", inspections).route("/penalties", penalties).route("/businesses", businesses).route("/referrals", referrals).route("/judicial-requests", judicialRequests).route("/policy", policy).route("/enforcement", enforcement).route("/inspectors", inspectors).route("/plans", plans).route("/draws", draws);

export type AppType = typeof routes;
export { app };
