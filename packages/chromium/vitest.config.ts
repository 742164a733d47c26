import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Note: each test starts Node and Playwright in a child process; a deadline for hangs only.
    testTimeout: 60_000,
  },
});
