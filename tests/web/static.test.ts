import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isHashedAsset, pickEncoding, staticFiles } from "../../packages/functions/src/local/static";

/** The local server sends the portal as CloudFront does: compressed, hashed
 * assets immutable, index.html revalidated. */

let dir: string;
let app: Hono;
const script = `console.log(${JSON.stringify("𠮷".repeat(2000))});\n`;
const html = `<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-AbCd1234.js"></script></head><body>${"<!-- pad -->".repeat(200)}</body></html>`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "web-static-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), html);
  writeFileSync(join(dir, "assets/index-AbCd1234.js"), script);
  writeFileSync(join(dir, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  app = new Hono();
  app.get("*", staticFiles(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (path: string, headers: Record<string, string> = {}) => app.request(`http://local${path}`, { headers });

describe("local static serving", () => {
  test("picks br over gzip, honours q=0, and sends identity when nothing is accepted", () => {
    expect(pickEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(pickEncoding("gzip, br;q=0")).toBe("gzip");
    expect(pickEncoding("identity")).toBe("identity");
    expect(pickEncoding(undefined)).toBe("identity");
    expect(pickEncoding("*")).toBe("br");
    expect(isHashedAsset("/assets/index-AbCd1234.js")).toBe(true);
    expect(isHashedAsset("/index.html")).toBe(false);
    expect(isHashedAsset("/favicon.svg")).toBe(false);
  });

  test("a hashed script is compressed (br or gzip, byte-identical once decoded) and immutable for a year", async () => {
    const br = await get("/assets/index-AbCd1234.js", { "accept-encoding": "gzip, br" });
    expect(br.status).toBe(200);
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(br.headers.get("vary")).toBe("Accept-Encoding");
    expect(br.headers.get("content-type")).toMatch(/^text\/javascript/);
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(Buffer.byteLength(script) / 5);
    expect(brotliDecompressSync(brBytes).toString("utf8")).toBe(script);

    const gz = await get("/assets/index-AbCd1234.js", { "accept-encoding": "gzip" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString("utf8")).toBe(script);

    const plain = await get("/assets/index-AbCd1234.js");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(script);
  });

  test("index.html and every app route are revalidated (no-cache) with an ETag, and 304 when unchanged", async () => {
    for (const path of ["/", "/index.html", "/assistance/asr_01", "/guides/catering"]) {
      const res = await get(path, { "accept-encoding": "gzip" });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("no-cache");
      expect(res.headers.get("content-type"), path).toMatch(/^text\/html/);
      expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString("utf8"), path).toBe(html);
    }
    const first = await get("/", { "accept-encoding": "gzip" });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^".+-gzip"$/);
    const again = await get("/", { "accept-encoding": "gzip", "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  test("small files are sent as they are; a missing asset is 404, not the app shell; no path leaves the folder", async () => {
    const icon = await get("/favicon.svg", { "accept-encoding": "br" });
    expect(icon.headers.get("content-encoding")).toBeNull();
    expect(icon.headers.get("cache-control")).toBe("no-cache");
    expect((await get("/assets/gone-ZZZZ9999.js")).status).toBe(404);
    const escape = await get("/..%2F..%2Fetc%2Fpasswd");
    expect(await escape.text()).toBe(html);
  });
});
