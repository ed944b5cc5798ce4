import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { unsafeImport, type Unsafe } from "./browser-safe";

// `npm run dev` proxies the API and the local issuer to `npm start` (port 3000).
const backend = process.env.BACKEND_URL ?? "http://127.0.0.1:3000";

/** The portal shares core's pure files with the server. Refuse, at build time,
 * anything that only runs on a server: Node built-ins (Vite would otherwise
 * stub them with a warning and the page would fail at run time), the AWS SDK,
 * ElectroDB, the functions package and core's I/O layers.
 * tests/web/browser-safe.test.ts checks the same rule on the sources. */
function browserSafe(): Plugin {
  const coreSrc = fileURLToPath(new URL("../core/src/", import.meta.url));
  const why = (source: string, importer: string): Unsafe | undefined => {
    const core = /^@supervision\/core\/(.+)$/.exec(source)?.[1];
    const inCore = core ?? (source.startsWith(".") ? relative(coreSrc, resolve(dirname(importer), source)).split(sep).join("/") : undefined);
    if (inCore !== undefined && !inCore.startsWith("..")) return unsafeImport({ coreFile: inCore });
    return source.startsWith(".") ? undefined : unsafeImport({ module: source });
  };
  return {
    name: "supervision:browser-safe",
    enforce: "pre",
    resolveId(source, importer) {
      // Only our own sources; third-party packages pick their browser builds themselves.
      if (!importer || importer.startsWith("\0") || importer.includes(`${sep}node_modules${sep}`)) return null;
      const reason = why(source, importer.replace(/[?#].*$/, ""));
      if (reason) {
        this.error(`门户（浏览器端）不得引入 ${reason.zh} "${source}"（来自 ${importer}）。\nThe portal (browser) may not import "${source}" (from ${importer}): ${reason.en}.`);
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
    // dist/.vite/manifest.json: the chunk graph bench/cases/web-bundles.ts reads.
    manifest: true,
    // antd is not one vendor chunk: Rollup splits it by the pages that use each
    // component, so the sign-in and public pages load only their own parts
    // (≤ 300 KB gzipped script; bench/cases/web-bundles.ts reports each entry).
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes("node_modules")) return undefined;
          if (/[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/.test(id)) return "react";
          if (/[\\/]node_modules[\\/](dayjs)[\\/]/.test(id)) return "dayjs";
          // Spreadsheet reading/writing: only the import page loads it.
          if (/[\\/]node_modules[\\/](read-excel-file|write-excel-file|papaparse|fflate|saxen|unzipper-esm|worker-f)[\\/]/.test(id)) return "sheets";
          // Charts: only the dashboard loads them.
          if (/[\\/]node_modules[\\/](echarts|zrender)[\\/]/.test(id)) return "charts";
          return undefined;
        },
      },
    },
  },
});
