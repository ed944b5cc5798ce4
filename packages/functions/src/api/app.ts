import { OpenAPIHono } from "@hono/zod-openapi";
import { parseAcceptLanguage } from "@supervision/core/i18n/index";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { VisibleError } from "@supervision/core/error";
import { asFunction } from "@supervision/core/dynamo/function-kind";
import { authenticate } from "./auth";
import { docsPage } from "./docs";
import type { AppEnv } from "./env";
import { handleError } from "./errors";
import { validationHook } from "./common";
import { lazy, loadedGroups } from "./lazy";
import { PolicyConfig } from "@supervision/core/policy-config/index";

export const MAX_BODY_BYTES = 1024 * 1024;

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).basePath("/api");

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
const LARGE_BODIES: Record<string, number> = {
  "POST /api/catalogue/versions": 6 * 1024 * 1024,
  "POST /api/catalogue/import": 6 * 1024 * 1024,
  // One file of up to 4 MB (evidence/limits.ts) as base64 in JSON.
  "POST /api/assistance/attachments": 6 * 1024 * 1024,
  "POST /api/evidence": 6 * 1024 * 1024,
};
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
/** Large bodies on paths with an ID in them: a visit's file (one file of up to 4 MB as base64). */
const LARGE_PATTERNS: [RegExp, number][] = [[/^POST \/api\/visits\/vst_[0-9A-Z]{26}\/files$/, 6 * 1024 * 1024]];
const largeOf = (key: string) => LARGE_BODIES[key] ?? LARGE_PATTERNS.find(([re]) => re.test(key))?.[1];
app.use((c, next) => limitOf(largeOf(`${c.req.method} ${c.req.path}`) ?? MAX_BODY_BYTES)(c, next));
app.onError(handleError);
app.notFound((c) => handleError(new VisibleError("request.not_found", {}, 404), c));

app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
  type: "http",
  scheme: "bearer",
  bearerFormat: "JWT",
  description: "OIDC 访问令牌 / an access token from the configured OIDC issuer",
});

const DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "跨部门综合监管平台 API / Cross-departmental supervision platform",
    version: "1.0.0",
    description: "错误统一为 { error: { code, message, details, requestId } }；Accept-Language: en 返回英文。",
  },
} as const;
let document: Promise<unknown> | undefined;
/** The document of every route: the lazily mounted groups are loaded for it (once per process). */
async function openApiDocument() {
  const docs = new OpenAPIHono<AppEnv>().basePath("/api");
  for (const def of app.openAPIRegistry.definitions) if (def.type === "component") docs.openAPIRegistry.registerComponent(def.componentType, def.name, def.component);
  for (const group of await loadedGroups(app, "/api")) docs.route(group.path, group.app);
  return docs.getOpenAPI31Document(DOCUMENT);
}

// Public: no token. Registered before the auth middleware, so it never runs for them.
app.get("/openapi.json", async (c) => {
  document ??= openApiDocument().catch((err: unknown) => {
    document = undefined;
    throw err;
  });
  return c.json(await document);
});
app.get("/docs", (c) => c.html(docsPage("/api/openapi.json")));
app.get("/health", (c) => c.json({ ok: true }));

// Routes: ONE LINE PER RESOURCE FILE, `.route("/path", lazy(() => import("./routes/<file>"), "<export>"))`.
// `lazy` imports the route file on its first request (not at cold start) and keeps its types for `hc`.
// A path that is a prefix of another goes below it ("/catalogue/import" before "/catalogue"). See /work/notes/cloud16-shared.md.
// 一业一册: public compliance guides.
const publicRoutes = app
  .route("/guides", lazy(() => import("./routes/guides"), "guides"))
  .route("/public/enforcement", lazy(() => import("./routes/enforcement"), "publicEnforcement"))
  .route("/public/draws", lazy(() => import("./routes/draws"), "publicDraws"))
  .route("/public/visits", lazy(() => import("./routes/visits"), "publicVisits"))
  .route("/public/visit-reports", lazy(() => import("./routes/visits"), "publicVisitReports"))
  .route("/public/disclosures", lazy(() => import("./routes/disclosures"), "publicDisclosures"));
export type PublicAppType = typeof publicRoutes;

app.use("*", authenticate);
// The rules in force: a version check at most every 30 s per process and tenant, not a read per request.
app.use("*", async (_c, next) => {
  await PolicyConfig.refresh();
  await next();
});

const routes = app
  .route("/me", lazy(() => import("./routes/me"), "me"))
  .route("/tenant", lazy(() => import("./routes/tenant"), "tenant"))
  .route("/audit", lazy(() => import("./routes/audit"), "audit"))
  .route("/notices", lazy(() => import("./routes/notices"), "notices"))
  .route("/catalogue/import", lazy(() => import("./routes/catalogue-import"), "catalogueImport"))
  .route("/catalogue", lazy(() => import("./routes/catalogue"), "catalogue"))
  .route("/assignments", lazy(() => import("./routes/assignments"), "assignments"))
  .route("/assistance", lazy(() => import("./routes/assistance"), "assistance"))
  .route("/alerts", lazy(() => import("./routes/alerts"), "alerts"))
  .route("/dashboard", lazy(() => import("./routes/dashboard"), "dashboard"))
  .route("/outbox", lazy(() => import("./routes/outbox"), "outbox"))
  .route("/disputes", lazy(() => import("./routes/disputes"), "disputes"))
  .route("/recognitions", lazy(() => import("./routes/recognitions"), "recognitions"))
  .route("/inspections", lazy(() => import("./routes/inspections"), "inspections"))
  .route("/penalties", lazy(() => import("./routes/penalties"), "penalties"))
  .route("/businesses", lazy(() => import("./routes/businesses"), "businesses"))
  .route("/credit", lazy(() => import("./routes/credit"), "credit"))
  .route("/referrals", lazy(() => import("./routes/referrals"), "referrals"))
  .route("/judicial-requests", lazy(() => import("./routes/referrals"), "judicialRequests"))
  .route("/policy", lazy(() => import("./routes/policy"), "policy"))
  .route("/enforcement", lazy(() => import("./routes/enforcement"), "enforcement"))
  .route("/inspectors", lazy(() => import("./routes/inspectors"), "inspectors"))
  .route("/plans", lazy(() => import("./routes/plans"), "plans"))
  .route("/draws", lazy(() => import("./routes/draws"), "draws"))
  .route("/evidence", lazy(() => import("./routes/evidence"), "evidence"))
  .route("/disclosures", lazy(() => import("./routes/disclosures"), "disclosures"))
  .route("/indicators", lazy(() => import("./routes/indicators"), "indicators"))
  .route("/clues", lazy(() => import("./routes/clues"), "clues"))
  .route("/campaigns", lazy(() => import("./routes/campaigns"), "campaigns"))
  .route("/documents", lazy(() => import("./routes/documents"), "documents"))
  .route("/dishonesty", lazy(() => import("./routes/dishonesty"), "dishonesty"))
  .route("/visits", lazy(() => import("./routes/visits"), "visits"))
  .route("/warnings", lazy(() => import("./routes/warnings"), "warnings"))
  .route("/risk", lazy(() => import("./routes/risk"), "risk"));

export type AppType = typeof routes;
export { app };
