import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";
import { checkJava, JavaMissingError } from "../../packages/functions/src/local/services";
import { startRuntime, type Runtime } from "../../packages/functions/src/local/runtime";

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), "supervision-runtime-"));
let runtime: Runtime | undefined;
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(rt: Runtime, username: string) {
  const res = await fetch(`${rt.issuerUrl}/token`, { method: "POST", body: new URLSearchParams({ grant_type: "password", username, password: "demo123" }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function api(rt: Runtime, token: string, path: string, init: RequestInit = {}) {
  const res = await fetch(rt.apiUrl + path, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
  return { status: res.status, json: (await res.json()) as any };
}

describe("npm start's runtime", () => {
  test("restarting keeps every record, the sign-in keys and every message not yet consumed", { timeout: 180_000 }, async () => {
    // First run: consumers off, so the notice stays unconsumed when we stop.
    runtime = await startRuntime({ dataDir, seed: true, consumers: false });
    const fuzhou = await signIn(runtime, "fuzhou-admin");
    const gulou = await signIn(runtime, "gulou-admin");
    const sent = await api(runtime, fuzhou, "/notices", { method: "POST", body: JSON.stringify({ title: "重启前发出的通知", body: "内容", toTenants: ["350102"] }) });
    expect(sent.status).toBe(201);
    const dep = await api(runtime, gulou, "/tenant/departments", { method: "POST", body: JSON.stringify({ name: "鼓楼区重启测试局" }) });
    expect(dep.status).toBe(201);
    expect((await api(runtime, gulou, "/notices")).json).toEqual({ items: [], cursor: null });
    await runtime.stop();

    // Second run on the same data folder, with fresh emulator queues.
    runtime = await startRuntime({ dataDir, seed: true, sweepIntervalMs: 200 });
    // The token from the first run still verifies: the issuer's keys were kept.
    const again = await api(runtime, gulou, `/tenant/departments/${dep.json.id}`);
    expect(again.status).toBe(200);
    expect(again.json.name).toBe("鼓楼区重启测试局");
    const start = Date.now();
    let inbox: any[] = [];
    while (Date.now() - start < 20_000) {
      inbox = (await api(runtime, gulou, "/notices")).json.items;
      if (inbox.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(inbox.map((n) => n.title)).toEqual(["重启前发出的通知"]);
    // Seeding twice created nothing twice.
    const deps = (await api(runtime, gulou, "/tenant/departments?limit=200")).json.items;
    expect(deps.filter((d: any) => d.name === "鼓楼区市场监督管理局")).toHaveLength(1);
    const verify = await api(runtime, gulou, "/audit/verify");
    expect(verify.json.ok).toBe(true);
  });

  test("serves the API docs and OpenAPI without a token", async () => {
    const docs = await fetch(`${runtime!.apiUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("API 文档");
    const spec = await fetch(`${runtime!.apiUrl}/openapi.json`);
    expect(((await spec.json()) as any).openapi).toBe("3.1.0");
  });

  test("the issuer refuses a wrong password in Chinese", async () => {
    const res = await fetch(`${runtime!.issuerUrl}/token`, { method: "POST", body: new URLSearchParams({ grant_type: "password", username: "gulou-admin", password: "wrong" }) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error_description).toBe("用户名或密码错误");
  });
});

describe("start-up checks", () => {
  test("without Java, says how to install Java 17", () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      expect(() => checkJava()).toThrow(JavaMissingError);
      expect(() => checkJava()).toThrow(/apt-get install -y openjdk-17-jre-headless/);
    } finally {
      process.env.PATH = path;
    }
  });

  test("npm start refuses bad configuration naming the variable", async () => {
    const err = await run(process.execPath, ["--import", "tsx", "packages/functions/src/local/start.ts"], {
      env: { ...process.env, PORT: "not-a-port" },
      encoding: "utf8",
    }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain("PORT");
    expect(err.stderr).toContain("配置错误");
  });

  test("npm start without Java stops at once with the install hint", async () => {
    const err = await run(process.execPath, ["--import", "tsx", "packages/functions/src/local/start.ts"], {
      env: { ...process.env, PATH: "/nonexistent", PORT: "3999" },
      encoding: "utf8",
    }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain("Java 17");
  });
});
