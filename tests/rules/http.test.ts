import { serve, type ServerType } from "@hono/node-server";
import { request, Agent } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../../packages/functions/src/local/services";
import { startTestApi, type TestApi } from "../support/api";

/** The API over real HTTP, as a machine client sees it: one keep-alive connection for several calls. */
let api: TestApi;
let server: ServerType;
let port: number;
beforeAll(async () => {
  api = await startTestApi();
  port = await freePort();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: api.app.fetch, port, hostname: "127.0.0.1" }, () => resolve(s));
  });
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await api.stop();
});

function send(agent: Agent, method: string, path: string, body?: Buffer, slow = false) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string; socket: unknown }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, agent, headers: body ? { "content-type": "application/json", "content-length": body.length } : {} }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text, socket: req.socket }));
    });
    req.on("error", reject);
    if (!body) return req.end();
    if (!slow) return req.end(body);
    // A client on a slow line: the body arrives in pieces, well after the 413 has been sent.
    let at = 0;
    const step = () => {
      if (at >= body.length) return req.end();
      const next = Math.min(body.length, at + 256 * 1024);
      req.write(body.subarray(at, next));
      at = next;
      setTimeout(step, 250);
    };
    step();
  });
}

describe("413 on a keep-alive connection", () => {
  for (const slow of [false, true]) {
    test(`the next call on the same agent succeeds (${slow ? "slow upload" : "fast upload"})`, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const big = Buffer.from(JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }));
      const first = await send(agent, "POST", "/api/tenant/departments", big, slow);
      expect(first.status).toBe(413);
      expect(JSON.parse(first.text).error.code).toBe("request.too_large");
      // The server will not read the rest of an oversized body, so it says it closes the connection.
      expect(first.headers.connection).toBe("close");
      const second = await send(agent, "GET", "/api/health");
      expect(second.status).toBe(200);
      expect(JSON.parse(second.text)).toEqual({ ok: true });
      agent.destroy();
    });
  }

  test("an ordinary call keeps the connection for the next one", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const a = await send(agent, "GET", "/api/health");
    const b = await send(agent, "GET", "/api/health");
    expect(a.headers.connection).toBe("keep-alive");
    expect(b.status).toBe(200);
    expect(b.socket).toBe(a.socket);
    agent.destroy();
  });
});
