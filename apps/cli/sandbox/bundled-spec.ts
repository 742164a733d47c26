import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The bundled spec (spec/dist/openapi.json), the artifact Prism serves; the sandbox's build inlines it. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, walked by its own structure
export const spec: Record<string, any> = JSON.parse(
  readFileSync(require.resolve("@dlf-release/spec/openapi.json"), "utf8"),
);
