import { OpenAPIHono } from "@hono/zod-openapi";
import { VisibleError } from "@supervision/core/error";
import type { Context, Handler } from "hono";
import { validationHook } from "./common";
import type { AppEnv } from "./env";

/**
 * A resource group whose route file is imported on its first request, not at
 * cold start: the API function's init then compiles and runs only the app
 * skeleton and the auth path, and each group (its zod schemas, the core
 * modules and ElectroDB entities it uses) loads when first needed.
 *
 * `lazy(() => import("./routes/x"), "x")` returns a stand-in with the route
 * file's own type, so `app.route("/x", lazy(…))` gives the typed `hc` client
 * exactly the routes it had when mounted eagerly. At run time the stand-in
 * holds one catch-all route; it loads the group once, mounts it on a
 * dispatcher at the same path, and hands the request over with the parent's
 * variables (context, locale, request id). Errors and 404s are rethrown to
 * the parent app, whose error handler answers every request alike.
 */
export function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] {
  const group = new LazyGroup(async () => (await load())[name] as unknown as OpenAPIHono<AppEnv>);
  const standIn = new OpenAPIHono<AppEnv>();
  const handler: Handler<AppEnv> = (c) => group.dispatch(c);
  handlers.set(handler, group);
  standIn.all("/*", handler);
  return standIn as unknown as M[K];
}

/** The group behind each stand-in's handler (to find them in a parent's routes). */
const handlers = new WeakMap<object, LazyGroup>();

const parentVars = new WeakMap<Request, AppEnv["Variables"]>();

class LazyGroup {
  #app: Promise<OpenAPIHono<AppEnv>> | undefined;
  #dispatchers = new Map<string, OpenAPIHono<AppEnv>>();
  constructor(private readonly load: () => Promise<OpenAPIHono<AppEnv>>) {}

  module(): Promise<OpenAPIHono<AppEnv>> {
    // A failed import is retried on the next request rather than cached.
    this.#app ??= this.load().catch((err: unknown) => {
      this.#app = undefined;
      throw err;
    });
    return this.#app;
  }

  async dispatch(c: Context<AppEnv>): Promise<Response> {
    // "/api/tenant/*" → the group is mounted at "/api/tenant".
    const prefix = c.req.routePath.replace(/\/\*?$/, "") || "/";
    let dispatcher = this.#dispatchers.get(prefix);
    if (!dispatcher) {
      const sub = await this.module();
      dispatcher = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
      dispatcher.use(async (d, next) => {
        const vars = parentVars.get(d.req.raw);
        if (vars) for (const [k, v] of Object.entries(vars)) d.set(k as keyof AppEnv["Variables"], v as never);
        await next();
      });
      dispatcher.route(prefix, sub);
      dispatcher.onError((err) => {
        throw err;
      });
      dispatcher.notFound(() => {
        throw new VisibleError("request.not_found", {}, 404);
      });
      this.#dispatchers.set(prefix, dispatcher);
    }
    parentVars.set(c.req.raw, { ...c.var });
    return dispatcher.fetch(c.req.raw, c.env);
  }
}

/** Every lazy group mounted on `app`, loaded, with the path it is mounted at
 * (below the app's base path): what the OpenAPI document is built from. */
export async function loadedGroups(app: OpenAPIHono<AppEnv>, basePath: string): Promise<{ path: string; app: OpenAPIHono<AppEnv> }[]> {
  const found = new Map<LazyGroup, string>();
  for (const r of app.routes) {
    const group = handlers.get(r.handler);
    if (group && !found.has(group)) found.set(group, r.path.slice(basePath.length).replace(/\/\*$/, "") || "/");
  }
  // One group at a time: groups share core modules, and a module runner that
  // evaluates two importers of one module at once can hand the second a
  // half-evaluated module (seen under vitest with referrals + documents).
  const out: { path: string; app: OpenAPIHono<AppEnv> }[] = [];
  for (const [group, path] of found) out.push({ path, app: await group.module() });
  return out;
}
