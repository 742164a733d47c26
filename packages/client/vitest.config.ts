import { defineConfig } from "vitest/config";

// Every test in Node as it is; the ones that sign with AK/SK once more as browsers and workers run
// the client (no Node built-ins: Web Crypto hashes). Token calls never hash, and run in Node alone.
// test/browser.test.ts runs the browser build in Chromium itself.
export default defineConfig({
  test: {
    // Note: deadlines that catch a hang, not a slow machine; tests that check a timeout set their
    // own, shorter ones on the client, never on vitest. Hooks start Chromium, and wait longer than
    // its launcher's own deadline, so that its error is the one reported.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Note: `pnpm coverage`; the generated schema is types and the wire facts are data.
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      exclude: ["src/generated/**"],
      reporter: ["text-summary", "json-summary"],
    },
    projects: [
      {
        extends: true,
        // Note: the test files share one worker and its loaded modules (importing the client and
        // its tests' helpers once, not once a file); the web project keeps a fresh one per file,
        // whose setup hides the built-ins before the client loads.
        test: { name: "node", include: ["test/**/*.test.ts"], isolate: false },
      },
      {
        extends: true,
        test: {
          name: "web",
          setupFiles: ["test/setup/web.ts"],
          include: ["test/aksk.test.ts", "test/hash.test.ts", "test/operations.gateway.test.ts"],
        },
      },
    ],
  },
});
