import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` proxies the API and the local issuer to `npm start` (port 3000).
const backend = process.env.BACKEND_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
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
