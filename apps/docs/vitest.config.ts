import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Note: deadlines that catch a hang, not a slow machine, each longer than the deadlines inside
    // it (Playwright's actions, the launchers of Chromium and Prism), whose errors say more.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
