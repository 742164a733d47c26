// @ts-check
// Builds dist/sandbox.js, what `dlf-release sandbox` runs: the stand-in of sandbox/, with Ajv, the
// contract tests' validator and the bundled spec inlined, so that the published CLI needs neither
// the workspace nor a runtime dependency for it. `--help` and the other commands never load it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const specJson = readFileSync(require.resolve("@dlf-release/spec/openapi.json"), "utf8");

/** Both modules that read the spec from the workspace (ours and the contract tests') become the inlined copy. */
const inlineSpec = {
  name: "inline-spec",
  /** @param {import("esbuild").PluginBuild} build */
  setup(build) {
    build.onResolve({ filter: /^\.\/(bundled-spec|spec)\.js$/ }, () => ({
      path: "spec",
      namespace: "inline-spec",
    }));
    build.onLoad({ filter: /.*/, namespace: "inline-spec" }, () => ({
      contents: `export const spec = ${specJson};`,
      loader: "js",
    }));
  },
};

await build({
  entryPoints: [new URL("../sandbox/main.ts", import.meta.url).pathname],
  outfile: new URL("../dist/sandbox.js", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  plugins: [inlineSpec],
  logLevel: "warning",
});
