import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/setup/release.ts"],
    // Note: deadlines that catch a hang, not a slow machine: installs, tsc and three runtimes each
    // take seconds to tens of seconds on a busy 2-core machine; the commands have their own.
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
