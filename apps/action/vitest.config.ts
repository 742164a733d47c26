import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Note: deadlines that catch a hang, not a slow machine: each test starts Node processes.
    testTimeout: 180_000,
  },
});
