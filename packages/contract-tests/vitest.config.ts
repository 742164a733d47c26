import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/setup/prism.ts"],
    include: ["test/**/*.test.ts"],
    testTimeout: 15_000,
  },
});
