import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import type { Context } from "hono";

/** The portal's files served as CloudFront serves them in the cloud:
 * compressed (br, else gzip) when the browser accepts it, hashed assets
 * (`/assets/name-<hash>.js`) cached for a year as immutable, everything else
 * — index.html above all, which names the current hashes — revalidated on
 * every load (`no-cache`) with an ETag. Unknown paths are the single-page
 * app's routes: index.html. Compressed bodies are kept in memory per file
 * version, so each file is compressed once. */

export const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json", ".txt"]);
/** Small files are not worth a compressed copy (CloudFront: 1,000 bytes). */
const MIN_COMPRESS = 1000;
const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

type Encoding = "br" | "gzip" | "identity";

interface Entry {
  mtimeMs: number;
  size: number;
  etag: string;
  bodies: Partial<Record<Encoding, Buffer>>;
}

/** Which encoding to send for an Accept-Encoding header (br preferred; q=0 refuses). */
export function pickEncoding(accept: string | undefined): Encoding {
  const offered = new Map<string, number>();
  for (const part of (accept ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
    offered.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (offered.get(name) ?? offered.get("*") ?? 0) > 0;
  if (ok("br")) return "br";
  if (ok("gzip")) return "gzip";
  return "identity";
}

/** `/assets/…-<8+ char hash>.<ext>`: Vite's content-hashed output. */
export function isHashedAsset(path: string): boolean {
  return /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(path);
}

export function staticFiles(webDir: string) {
  const dir = resolve(webDir);
  const cache = new Map<string, Entry>();

  function load(file: string): Entry {
    const st = statSync(file);
    const known = cache.get(file);
    if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) return known;
    const body = readFileSync(file);
    const entry: Entry = { mtimeMs: st.mtimeMs, size: st.size, etag: `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`, bodies: { identity: body } };
    cache.set(file, entry);
    return entry;
  }

  function body(entry: Entry, encoding: Encoding): Buffer {
    const existing = entry.bodies[encoding];
    if (existing) return existing;
    const raw = entry.bodies.identity!;
    const out =
      encoding === "br"
        ? brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } })
        : gzipSync(raw, { level: 9 });
    entry.bodies[encoding] = out;
    return out;
  }

  return (c: Context) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text("Bad Request", 400);
    }
    let file = resolve(dir, "." + path);
    const inside = file === dir || file.startsWith(dir + sep);
    let spaRoute = false;
    if (!inside || !existsSync(file) || statSync(file).isDirectory()) {
      // A missing hashed asset is a 404, not the app shell (a stale page must not parse HTML as script).
      if (path.startsWith("/assets/")) return c.text("Not Found", 404, { "cache-control": REVALIDATE });
      file = join(dir, "index.html");
      spaRoute = true;
    }
    const ext = extname(file);
    const entry = load(file);
    const encoding = COMPRESSIBLE.has(ext) && entry.size >= MIN_COMPRESS ? pickEncoding(c.req.header("accept-encoding")) : "identity";
    const etag = encoding === "identity" ? entry.etag : entry.etag.replace(/"$/, `-${encoding}"`);
    const headers: Record<string, string> = {
      "content-type": MIME[ext] ?? "application/octet-stream",
      "cache-control": !spaRoute && isHashedAsset(path) ? IMMUTABLE : REVALIDATE,
      etag,
      vary: "Accept-Encoding",
      "x-content-type-options": "nosniff",
    };
    if (encoding !== "identity") headers["content-encoding"] = encoding;
    const inm = c.req.header("if-none-match");
    if (inm && inm.split(",").some((v) => v.trim().replace(/^W\//, "") === etag)) return c.body(null, 304, headers);
    return c.body(new Uint8Array(body(entry, encoding)), 200, headers);
  };
}
