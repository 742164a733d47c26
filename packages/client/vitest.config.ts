import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Note: the tests run the sources, while the package's #platform import points at the build.
export default defineConfig({
  resolve: {
    alias: { "#platform": fileURLToPath(new URL("./src/platform/node.ts", import.meta.url)) },
  },
});
