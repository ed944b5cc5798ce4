import { builtinModules } from "node:module";
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// `npm run dev` proxies the API and the local issuer to `npm start` (port 3000).
const backend = process.env.BACKEND_URL ?? "http://127.0.0.1:3000";

/** The portal shares core's pure files with the server. Refuse, at build time,
 * anything that only runs on a server: Node built-ins (Vite would otherwise
 * stub them with a warning and the page would fail at run time), the AWS SDK,
 * ElectroDB, the functions package and core's I/O layers.
 * tests/web/browser-safe.test.ts checks the same rule on the sources. */
function browserSafe(): Plugin {
  const coreSrc = fileURLToPath(new URL("../core/src/", import.meta.url));
  const builtins = new Set(builtinModules);
  const serverPackages = [/^@aws-sdk\//, /^@smithy\//, /^@aws-lambda-powertools\//, /^electrodb$/, /^@supervision\/functions(\/|$)/];
  const ioLayers = /^(dynamo|queue|outbox|message)\/|^audit\/append(\.ts)?$/;
  const why = (source: string, importer: string): [zh: string, en: string] | undefined => {
    if (source.startsWith("node:") || builtins.has(source) || builtins.has(source.split("/")[0]!)) return ["Node 内置模块", "a Node built-in"];
    if (serverPackages.some((re) => re.test(source))) return ["仅限服务器端的包", "a server-only package"];
    const core = /^@supervision\/core\/(.+)$/.exec(source)?.[1];
    const target = core ?? (source.startsWith(".") ? relative(coreSrc, resolve(dirname(importer), source)) : undefined);
    if (target !== undefined && !target.startsWith("..") && ioLayers.test(target.split(sep).join("/"))) return ["core 的 I/O 层", "core's I/O layer"];
    return undefined;
  };
  return {
    name: "supervision:browser-safe",
    enforce: "pre",
    resolveId(source, importer) {
      // Only our own sources; third-party packages pick their browser builds themselves.
      if (!importer || importer.startsWith("\0") || importer.includes(`${sep}node_modules${sep}`)) return null;
      const reason = why(source, importer.replace(/[?#].*$/, ""));
      if (reason) {
        this.error(`门户（浏览器端）不得引入 ${reason[0]} "${source}"（来自 ${importer}）。\nThe portal (browser) may not import ${reason[1]}, "${source}" (from ${importer}).`);
      }
      return null;
    },
  };
}

export default defineConfig({
  plugins: [browserSafe(), react()],
  server: {
    proxy: {
      "/api": backend,
      "/oidc": backend,
    },
  },
  build: {
    target: "es2022",
    sourcemap: false,
    // Third-party code (antd and its rc-* parts, hono/client) is one cacheable ~0.9 MB chunk (~0.3 MB gzip).
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes("node_modules")) return undefined;
          if (/[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/.test(id)) return "react";
          if (/[\\/]node_modules[\\/](dayjs)[\\/]/.test(id)) return "dayjs";
          // Spreadsheet reading/writing: only the import page loads it.
          if (/[\\/]node_modules[\\/](read-excel-file|write-excel-file|papaparse|fflate|saxen|unzipper-esm|worker-f)[\\/]/.test(id)) return "sheets";
          return "vendor";
        },
      },
    },
  },
});
