import path from "node:path";
import { StaticSite, use, type StackContext } from "sst/constructs";
import { Api } from "./Api";

export const WEB_PATH = "packages/web";

/** The portal (Vite, packages/web) on S3 + CloudFront. It is built during
 * deploy with VITE_API_URL as a placeholder that SST replaces with the API's
 * URL (https://<id>.execute-api.<region>.amazonaws.com, no trailing slash,
 * without /api) when it uploads the files.
 *
 * WEB_DIST (optional) deploys an already built site instead of building it:
 * a directory built with VITE_API_URL="{{ VITE_API_URL }}". */
export function Web({ stack }: StackContext) {
  const { api } = use(Api);
  const prebuilt = process.env.WEB_DIST?.trim();
  const site = new StaticSite(stack, "web", {
    path: WEB_PATH,
    buildCommand: prebuilt ? undefined : "npm run build",
    buildOutput: prebuilt ? path.relative(WEB_PATH, path.resolve(prebuilt)) : "dist",
    environment: { VITE_API_URL: api.url },
    // Client-side routes: unknown paths serve index.html.
    errorPage: "redirect_to_index_page",
    // SST writes an ImportMetaEnv declaration for the environment above; keep
    // it out of the web package's sources (which declare their own).
    vite: { types: path.relative(WEB_PATH, path.join(".sst", "types", "web-env.d.ts")) },
  });
  stack.addOutputs({ WebUrl: site.url });
  return { site };
}
