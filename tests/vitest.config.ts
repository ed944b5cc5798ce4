import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The repository root: test paths below are relative to it.
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["tests/**/*.test.ts", "packages/*/src/**/*.test.ts"],
    // DynamoDB Local (Java) and fauxqs start once for the run; each test file
    // gets its own table and queues (tests/setup/env.ts).
    globalSetup: ["tests/setup/global.ts"],
    setupFiles: ["tests/setup/env.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", POWERTOOLS_LOG_LEVEL: "CRITICAL" },
    // Waiting, not timing: a loaded CI machine may need longer for a page or a queue to settle.
    expect: { poll: { timeout: 15_000 } },
    pool: "forks",
    maxWorkers: 2,
  },
});
