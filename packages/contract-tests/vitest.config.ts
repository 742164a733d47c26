import { defineConfig } from "vitest/config";

// Note: DLF_CONTRACT_TARGET=live runs test/live against the real service; otherwise everything
// else runs against a Prism mock of the spec.
const live = process.env.DLF_CONTRACT_TARGET === "live";

export default defineConfig({
  test: {
    globalSetup: ["./test/setup/prism.ts"],
    include: live ? ["test/live/**/*.test.ts"] : ["test/**/*.test.ts"],
    exclude: live ? [] : ["test/live/**"],
    testTimeout: live ? 60_000 : 15_000,
  },
});
