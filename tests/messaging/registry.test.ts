import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test } from "vitest";
import { Message } from "../../packages/core/src/message/index";
import { QueueNames } from "../../packages/core/src/queue/definitions";
import { registries } from "../../packages/functions/src/consumers/registries";

/** Each consumer entry lists the message types it handles. A type defined in
 * core but missing from its queue's list would be dead-lettered as unknown,
 * so every definition any module exports must be in its queue's registry. */
const src = resolve(import.meta.dirname, "../../packages/core/src");

async function everyDefinition() {
  const found: Message.AnyDefinition[] = [];
  for (const dir of readdirSync(src, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(resolve(src, dir.name)).filter((f) => f.endsWith(".ts"))) {
      const mod = (await import(resolve(src, dir.name, file))) as Record<string, unknown>;
      for (const value of Object.values(mod)) if (Message.isDefinition(value) && !found.some((d) => d.type === value.type)) found.push(value);
    }
  }
  return found;
}

test.each(QueueNames)("the %s consumer lists every message type of its queue, and only those", async (queue) => {
  const expected = (await everyDefinition())
    .filter((d) => d.queue === queue)
    .map((d) => d.type)
    .sort();
  expect(expected.length).toBeGreaterThan(0);
  expect([...registries[queue].types.keys()].sort()).toEqual(expected);
});

test("a registry refuses a definition of another queue", async () => {
  const [other] = (await everyDefinition()).filter((d) => d.queue !== "recognition");
  expect(() => Message.registry("recognition", [other!])).toThrow(/travels on/);
});
