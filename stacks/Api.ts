import { Api as SstApi, Function as SstFunction, use, type StackContext } from "sst/constructs";
import { QueueNames } from "../packages/core/src/queue/definitions";
import { coreEnvironment } from "./environment";
import { assumeTenant, DynamoActions, sendTo, sharedAccess } from "./permissions";
import { Queues } from "./Queues";
import { LOG_RETENTION, oidcSettings } from "./settings";
import { Storage } from "./Storage";

export const API_HANDLER = "packages/functions/src/api/lambda.handler";
/** Every request under /api goes to the one Hono app (base path /api), each
 * method as its own route. Not `ANY /api/{proxy+}`: an ANY route would also
 * match the browser's CORS preflight (OPTIONS, sent without a token), and the
 * JWT authorizer would refuse it. With no OPTIONS route, API Gateway answers
 * preflights itself from the CORS settings below. */
export const PROTECTED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
export const PROTECTED_ROUTES = PROTECTED_METHODS.map((method) => `${method} /api/{proxy+}`);
/** Served without a token: the app registers these before its auth middleware. */
// Published without sign-in: the guides (一业一册), and under /api/public the enforcement bodies (执法主体清单), the draws anyone may re-run
// (双随机公示), a visit's code page (扫码入企) and published results; a business posts there too: a rating, a report of a visit
// without a code, an objection to a published record (each route validates its body; no rate limit yet).
export const PUBLIC_ROUTES = ["GET /api/openapi.json", "GET /api/docs", "GET /api/health", "GET /api/guides", "GET /api/guides/{industry}", "GET /api/public/{proxy+}", "POST /api/public/{proxy+}"] as const;
export const JWT_AUTHORIZER = "oidc";

/** The HTTP API: API Gateway checks the OIDC token (issuer, audience,
 * signature, expiry) before the function runs; the app checks it again and
 * derives the acting user and tenant from it. */
export function Api({ app, stack }: StackContext) {
  const { table, tenantRole } = use(Storage);
  const { queues } = use(Queues);
  const oidc = oidcSettings(app.stage);

  const handler = new SstFunction(stack, "api", {
    handler: API_HANDLER,
    description: "HTTP API (Hono)",
    memorySize: "1024 MB",
    // Below API Gateway's 30 s integration limit.
    timeout: "20 seconds",
    environment: {
      ...coreEnvironment(stack, table, queues, tenantRole),
      OIDC_ISSUER: oidc.issuer,
      OIDC_AUDIENCE: oidc.audience,
      ...(oidc.jwksUrl ? { OIDC_JWKS_URL: oidc.jwksUrl } : {}),
    },
    permissions: [
      // A signed-in request reads and writes as its tenant (the tenant data role);
      // an anonymous one only reads the province's published catalogue.
      assumeTenant(tenantRole.roleArn),
      ...DynamoActions.api.shared.map((name) => sharedAccess(table, name)),
      // Right after a commit the API relays the outbox messages to their queues.
      sendTo(QueueNames.map((n) => queues[n].queue)),
    ],
  });

  const api = new SstApi(stack, "http", {
    authorizers: {
      [JWT_AUTHORIZER]: { type: "jwt", jwt: { issuer: oidc.issuer, audience: [oidc.audience] } },
    },
    defaults: { authorizer: JWT_AUTHORIZER },
    // The portal is served from another origin (CloudFront). Tokens travel in
    // the Authorization header, never in cookies, so any origin may call; a
    // wildcard does not cover Authorization, so the headers are listed.
    cors: {
      allowOrigins: ["*"],
      allowMethods: ["ANY"],
      allowHeaders: ["authorization", "content-type", "accept-language", "x-request-id"],
      exposeHeaders: ["content-language", "x-request-id"],
      maxAge: "1 day",
    },
    accessLog: { retention: LOG_RETENTION },
    routes: {
      ...Object.fromEntries(PROTECTED_ROUTES.map((route) => [route, { function: handler }])),
      ...Object.fromEntries(PUBLIC_ROUTES.map((route) => [route, { function: handler, authorizer: "none" as const }])),
    },
  });

  stack.addOutputs({ ApiUrl: api.url, OidcIssuer: oidc.issuer, OidcAudience: oidc.audience });
  return { api, handler, oidc };
}
