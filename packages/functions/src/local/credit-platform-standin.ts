import { timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { CreditPlatformHeaders, CreditPlatformMessage } from "@supervision/core/dishonesty/contract";
import { sign } from "@supervision/core/dishonesty/platform";
import { Hono } from "hono";
import { freePort } from "./services";

/** A local stand-in for the province's public credit platform (信用中国（福建）):
 * it checks each delivery's signature and contract (version "1"), keeps the
 * first delivery of each idempotency key (a repeat is acknowledged, counted,
 * and not stored again), and shows what it received as HTML (`/`) and JSON
 * (`/messages`). `npm start` mounts it at /standin/credit-platform; tests run
 * their own and can make it answer 503 ("the receiver is down"). */

export interface Received {
  messageId: string;
  receivedAt: string;
  /** How many times this key was delivered (a repeat is not stored again). */
  deliveries: number;
  message: CreditPlatformMessage;
}

export interface StandinOptions {
  secret: string;
  /** Keep what was received across restarts (npm start's data directory). */
  file?: string;
}

export function createCreditPlatformStandin(options: StandinOptions) {
  const received = new Map<string, Received>();
  if (options.file && existsSync(options.file)) {
    for (const r of JSON.parse(readFileSync(options.file, "utf8")) as Received[]) received.set(r.messageId, r);
  }
  const persist = () => {
    if (options.file) writeFileSync(options.file, JSON.stringify([...received.values()], null, 1));
  };
  /** When set, every delivery is answered with this status (an outage). */
  let down: number | undefined;

  const app = new Hono()
    .post("/messages", async (c) => {
      if (down) return c.json({ error: "unavailable" }, down as 503);
      const body = await c.req.text();
      const key = c.req.header(CreditPlatformHeaders.idempotencyKey) ?? "";
      const timestamp = c.req.header(CreditPlatformHeaders.timestamp) ?? "";
      const signature = c.req.header(CreditPlatformHeaders.signature) ?? "";
      const expected = sign(options.secret, timestamp, body);
      if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
        return c.json({ error: "bad signature" }, 401);
      }
      let parsed;
      try {
        parsed = CreditPlatformMessage.safeParse(JSON.parse(body));
      } catch {
        return c.json({ error: "not JSON" }, 400);
      }
      if (!parsed.success) return c.json({ error: "contract", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, 400);
      if (parsed.data.messageId !== key) return c.json({ error: "idempotency key differs from messageId" }, 400);
      const seen = received.get(key);
      if (seen) {
        seen.deliveries++;
        persist();
        return c.json({ messageId: key, duplicate: true }, 200);
      }
      received.set(key, { messageId: key, receivedAt: new Date().toISOString(), deliveries: 1, message: parsed.data });
      persist();
      return c.json({ messageId: key, duplicate: false }, 201);
    })
    .get("/messages", (c) => c.json({ items: list() }))
    .get("/", (c) => c.html(page(list())));

  function list(): Received[] {
    return [...received.values()].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }

  return {
    app,
    received: list,
    /** Answer every delivery with `status` (an outage) until `setUp()`. */
    setDown(status = 503) {
      down = status;
    },
    setUp() {
      down = undefined;
    },
    clear() {
      received.clear();
      persist();
    },
  };
}

export type CreditPlatformStandin = ReturnType<typeof createCreditPlatformStandin>;

/** The stand-in on a loopback port of its own (tests). */
export async function startCreditPlatformStandin(options: StandinOptions & { port?: number }) {
  const standin = createCreditPlatformStandin(options);
  const port = options.port ?? (await freePort());
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: standin.app.fetch, port, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${port}`;
  return { ...standin, url, endpoint: `${url}/messages`, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const Events: Record<string, string> = { listed: "列入", measures_changed: "措施变更", removed: "期满移出", repaired: "信用修复移出" };

function page(items: Received[]): string {
  const rows = items
    .map(
      (r) =>
        `<tr><td>${esc(r.receivedAt)}</td><td>${esc(Events[r.message.event] ?? r.message.event)}<br><small>${esc(r.message.event)} · #${r.message.sequence}</small></td>` +
        `<td>${esc(r.message.listing.entityName)}<br><small>${esc(r.message.listing.creditCode)}</small></td><td>${esc(r.message.listing.category.name.zh)}</td>` +
        `<td>${r.message.listing.measures.map((m) => esc(m.name.zh)).join("<br>")}</td><td>${esc(r.message.listing.expiresAt)}</td>` +
        `<td>${r.deliveries}</td><td><details><summary>${esc(r.messageId)}</summary><pre>${esc(JSON.stringify(r.message, null, 1))}</pre></details></td></tr>`,
    )
    .join("");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>信用中国（福建）本地替身 / credit platform stand-in</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:16px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;font-size:14px}pre{white-space:pre-wrap;max-width:60ch}.wrap{overflow-x:auto}</style></head>
<body><h1>信用中国（福建）本地替身</h1><p>Local stand-in for the province's public credit platform: what the platform sent (contract version 1, one row per idempotency key; “次数” counts repeated deliveries). JSON: <a href="messages">messages</a></p>
<div class="wrap"><table><thead><tr><th>接收时间 received</th><th>事件 event</th><th>主体 business</th><th>类别 category</th><th>措施 measures</th><th>公示截止 until</th><th>次数 deliveries</th><th>消息 message</th></tr></thead>
<tbody>${rows || `<tr><td colspan="8">尚未收到消息 / nothing received yet</td></tr>`}</tbody></table></div></body></html>`;
}
