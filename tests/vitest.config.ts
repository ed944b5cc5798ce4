import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The repository root: test paths below are relative to it.
const root = fileURLToPath(new URL("..", import.meta.url));
/** Checks over what the whole suite did (tests/security/recorder.ts): they run after every other file. */
const RECORDED = "tests/security/**/*.recorded.test.ts";

export default defineConfig({
  root,
  test: {
    // DynamoDB Local (Java) and fauxqs start once for the run; each test file
    // gets its own table and queues (tests/setup/env.ts).
    globalSetup: ["tests/setup/global.ts"],
    projects: [
      { test: { ...common(), name: "suite", root, include: ["tests/**/*.test.ts", "packages/*/src/**/*.test.ts"], exclude: [RECORDED, "**/node_modules/**"], setupFiles: ["tests/setup/env.ts"] } },
      // A later group: starts only once the suite has finished, and reads what its recorders wrote.
      { test: { ...common(), name: "recorded", root, include: [RECORDED], sequence: { groupOrder: 1 } } },
    ],
  },
});

function common() {
  return {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", POWERTOOLS_LOG_LEVEL: "CRITICAL" },
    // Waiting, not timing: a loaded CI machine may need longer for a page or a queue to settle.
    expect: { poll: { timeout: 15_000 } },
    pool: "forks" as const,
    maxWorkers: 2,
  };
}
