import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/setup/prism.ts"],
    include: ["test/**/*.test.ts"],
    // Note: deadlines that catch a hang, not a slow machine: each test spawns Node processes.
    testTimeout: 120_000,
    // Note: longer than Prism's own readiness deadline, so that its error is the one reported.
    hookTimeout: 240_000,
  },
});
