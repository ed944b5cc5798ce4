import { builtinModules } from "node:module";

/** The one rule of what may reach the portal's browser bundle, used by the
 * build (vite.config.ts refuses such an import) and by the source check
 * (tests/web/browser-safe.test.ts names the chain that reaches it). */

const builtins = new Set(builtinModules);
/** Packages that only run on a server. */
const serverPackages = [/^@aws-sdk\//, /^@smithy\//, /^@aws-lambda-powertools\//, /^electrodb$/, /^@supervision\/functions(\/|$)/];
/** Core's I/O layers, as paths relative to packages/core/src. */
const ioLayers = /^(dynamo|queue|outbox|message)\/|^audit\/append(\.ts)?$/;

export type Unsafe = { zh: string; en: string };

/** Why an import may not run in the browser, or undefined when it may: a
 * package by name, or a file of core by its path below packages/core/src
 * (forward slashes). */
export function unsafeImport(target: { module: string } | { coreFile: string }): Unsafe | undefined {
  if ("coreFile" in target) {
    const layer = ioLayers.exec(target.coreFile)?.[0];
    return layer ? { zh: `core 的 I/O 层 ${layer}`, en: `core I/O layer ${layer}` } : undefined;
  }
  const m = target.module;
  if (m.startsWith("node:") || builtins.has(m) || builtins.has(m.split("/")[0]!)) return { zh: "Node 内置模块", en: "Node built-in" };
  if (serverPackages.some((re) => re.test(m))) return { zh: "仅限服务器端的包", en: "server-only package" };
  return undefined;
}
