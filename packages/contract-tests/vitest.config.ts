import { defineConfig } from "vitest/config";

// Note: DLF_CONTRACT_TARGET=live runs test/live against the real service; otherwise everything
// else runs against a Prism mock of the spec.
const live = process.env.DLF_CONTRACT_TARGET === "live";

export default defineConfig({
  test: {
    globalSetup: ["./test/setup/prism.ts"],
    include: live ? ["test/live/**/*.test.ts"] : ["test/**/*.test.ts"],
    exclude: live ? [] : ["test/live/**"],
    // Note: the test files share one worker and its loaded modules (the spec, Ajv's compiled
    // validators and the client are loaded once, not once a file).
    isolate: false,
    // Note: deadlines that catch a hang, not a slow machine; tests that check a timeout set their own.
    testTimeout: 60_000,
    // Note: longer than Prism's own readiness deadline, so that its error (with Prism's output) is
    // the one reported.
    hookTimeout: 240_000,
  },
});
