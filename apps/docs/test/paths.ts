import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** The built page and the spec copies beside it. */
export const dist = {
  html: fileURLToPath(new URL("../dist/index.html", import.meta.url)),
  yaml: fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url)),
  json: fileURLToPath(new URL("../dist/openapi.json", import.meta.url)),
};

/** The bundle that @dlf-release/spec publishes. */
export const specBundle = {
  yaml: require.resolve("@dlf-release/spec/openapi.yaml"),
  json: require.resolve("@dlf-release/spec/openapi.json"),
};

/** The code samples that the spec's x-codeSamples reference. */
export const codeSamples = fileURLToPath(new URL("../../../spec/code-samples/", import.meta.url));

/** Where the browser test leaves its screenshots (gitignored). */
export const testResults = fileURLToPath(new URL("../test-results/", import.meta.url));

interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  "x-codeSamples"?: Array<{ lang: string; label?: string; source: string }>;
}

/** The operations of the bundled spec, in the order of its paths. */
export function operations(): Operation[] {
  const spec = JSON.parse(readFileSync(specBundle.json, "utf8")) as {
    paths: Record<string, Record<string, Operation>>;
  };
  return Object.values(spec.paths).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => ["get", "put", "post", "delete", "patch"].includes(method))
      .map(([, operation]) => operation),
  );
}
