import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const { version } = JSON.parse(readFileSync(new URL("package.json", import.meta.url), "utf8"));

export default defineConfig({
  // Note: main() runs in-process in most tests; the build sets this constant for the bin.
  define: { DLF_RELEASE_VERSION: JSON.stringify(version) },
  test: {
    globalSetup: ["./test/setup/prism.ts"],
    include: ["test/**/*.test.ts"],
    // Note: the test files share one worker and its loaded modules: the CLI and its stand-in are
    // imported once, not once a file (half the CPU time of this suite). Nothing a test sets lives
    // past it: main() takes its environment and streams as arguments.
    isolate: false,
    // Note: deadlines that catch a hang, not a slow machine: some tests spawn Node processes.
    testTimeout: 120_000,
    // Note: longer than Prism's own readiness deadline, so that its error is the one reported.
    hookTimeout: 240_000,
    // Note: `pnpm coverage`; what runs in-process (main) is measured, the built bin is not.
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts", "sandbox/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
    },
  },
});
