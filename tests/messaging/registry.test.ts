import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { Message } from "../../packages/core/src/message/index";
import { QueueNames } from "../../packages/core/src/message/queues";

/** Each consumer Lambda imports only its own queue's message registry (a
 * smaller bundle). A type missing there would be dead-lettered as unknown,
 * so each consumer, loaded alone in a fresh process, must know every type
 * that travels on its queue. */
const root = resolve(import.meta.dirname, "../..");

// Every module of core, not the registries under test: what exists is what must be registered.
beforeAll(async () => {
  const src = resolve(root, "packages/core/src");
  for (const dir of readdirSync(src, { withFileTypes: true })) {
    if (dir.isDirectory() && readdirSync(resolve(src, dir.name)).includes("index.ts")) await import(resolve(src, dir.name, "index.ts"));
  }
});

test.each(QueueNames)("the %s consumer, loaded alone, knows every message type of its queue", (queue) => {
  const expected = Message.definitions()
    .filter((d) => d.queue === queue)
    .map((d) => d.type)
    .sort();
  expect(expected.length).toBeGreaterThan(0);
  const script = `
    await import(${JSON.stringify(resolve(root, `packages/functions/src/consumers/${queue}.ts`))});
    const { Message } = await import(${JSON.stringify(resolve(root, "packages/core/src/message/index.ts"))});
    console.log(JSON.stringify(Message.definitions().map((d) => [d.queue, d.type])));`;
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  const loaded = JSON.parse(out.trim().split("\n").at(-1)!) as [string, string][];
  expect(loaded.filter(([q]) => q === queue).map(([, t]) => t).sort()).toEqual(expected);
}, 60_000);
