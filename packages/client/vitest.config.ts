import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const platform = (name: "node" | "web") => ({
  // Note: the tests run the sources, while the package's #platform import points at the build.
  alias: { "#platform": fileURLToPath(new URL(`./src/platform/${name}.ts`, import.meta.url)) },
});

// Every test on the Node platform (node:http, node:crypto), as Node runs the package; the tests
// that go through createDlfClient once more on the web platform (fetch, Web Crypto, fetch's own
// Request and Response), as browsers and workers run it.
export default defineConfig({
  test: {
    // Note: deadlines that catch a hang, not a slow machine; tests that check a timeout set their
    // own, shorter ones on the client, never on vitest. Hooks start Chromium, and wait longer than
    // its launcher's own deadline, so that its error is the one reported.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        resolve: platform("node"),
        test: { name: "node", include: ["test/**/*.test.ts"], env: { DLF_TEST_PLATFORM: "node" } },
      },
      {
        extends: true,
        resolve: platform("web"),
        test: {
          name: "web",
          env: { DLF_TEST_PLATFORM: "web" },
          include: [
            "test/client.test.ts",
            "test/faults.test.ts",
            "test/operations.gateway.test.ts",
            "test/pagination.test.ts",
            "test/platform.test.ts",
            "test/tolerant-reading.test.ts",
          ],
        },
      },
    ],
  },
});
