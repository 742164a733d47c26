import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/setup/node24.ts"],
    // Note: deadlines that catch a hang, not a slow machine: each test starts Node processes, and
    // a run of local-action took three minutes on a loaded machine.
    testTimeout: 900_000,
    // Note: a first run installs Node 24 from the registry (scripts/node-versions.sh).
    hookTimeout: 300_000,
  },
});
