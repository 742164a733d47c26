import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Note: Chromium and Prism start in a few seconds, slower on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
