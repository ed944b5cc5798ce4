import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { Message } from "../../packages/core/src/message/index";
import { QueueNames } from "../../packages/core/src/queue/definitions";
import { registries } from "../../packages/functions/src/consumers/registries";

/** Each consumer entry lists the message types it handles. A type defined in
 * core but missing from its queue's list would be dead-lettered as unknown,
 * so every definition any module exports must be in its queue's registry. */
const src = resolve(import.meta.dirname, "../../packages/core/src");

async function findEveryDefinition() {
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
// Importing every core module is slow on a loaded machine: once, before the tests, with room.
let definitions: Promise<Message.AnyDefinition[]>;
const everyDefinition = () => (definitions ??= findEveryDefinition());
beforeAll(() => everyDefinition(), 300_000);

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

test.each(QueueNames)("every type the %s consumer names loads the definition of that type and queue", async (queue) => {
  const all = await everyDefinition();
  for (const type of registries[queue].types.keys()) {
    const def = await Message.definitionOf(registries[queue], type);
    expect(def, type).toBe(all.find((d) => d.type === type));
    expect(def!.queue).toBe(queue);
  }
  expect(await Message.definitionOf(registries[queue], "no.such_type")).toBeUndefined();
});

test("a lazy entry whose loader brings another type is refused, and a failed load is tried again", async () => {
  const [recorded] = (await everyDefinition()).filter((d) => d.queue === "recognition");
  const wrong = Message.registry("recognition", [Message.lazy("recognition", "recognition.other", async () => recorded!)]);
  await expect(Message.definitionOf(wrong, "recognition.other")).rejects.toThrow(/loaded recognition\/recognition.recorded/);
  let calls = 0;
  const flaky = Message.lazy("recognition", recorded!.type, async () => {
    calls += 1;
    if (calls === 1) throw new Error("chunk not reachable");
    return recorded!;
  });
  const reg = Message.registry("recognition", [flaky]);
  await expect(Message.definitionOf(reg, recorded!.type)).rejects.toThrow(/chunk not reachable/);
  expect(await Message.definitionOf(reg, recorded!.type)).toBe(recorded);
  expect(await Message.definitionOf(reg, recorded!.type)).toBe(recorded);
  expect(calls).toBe(2);
});
