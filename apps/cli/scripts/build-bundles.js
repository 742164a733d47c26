// @ts-check
// The two bundles of the package, after tsc has compiled src/ to dist/:
// - dist/bin.cjs, the entry point: src/bin.ts with the program's definition and commander inlined,
//   as CommonJS, so that `--help` and `--version` load one file and never start Node's ESM loader
//   (bench/cold-start.js measures it). Each command's code is imported from dist/ when it runs.
// - dist/sandbox.js, what `dlf-release sandbox` runs: sandbox/ with Ajv, the contract tests'
//   validator and the bundled spec inlined, so that the published CLI needs neither the workspace
//   nor a runtime dependency for it; and dist/doctor/run.js, `dlf-release doctor`, which checks
//   the live service's answers with that same validator. The two share one chunk of it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
/** @param {string} path a path relative to this script */
const at = (path) => new URL(path, import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(at("../package.json"), "utf8"));
// Note: commander exports neither its package.json nor its licence; they sit beside its index.js.
const commanderDir = dirname(require.resolve("commander"));
const commander = JSON.parse(readFileSync(join(commanderDir, "package.json"), "utf8"));
const commanderLicense = readFileSync(join(commanderDir, "LICENSE"), "utf8");
const specJson = readFileSync(require.resolve("@dlf-release/spec/openapi.json"), "utf8");

const node = {
  bundle: true,
  platform: /** @type {const} */ ("node"),
  target: "node20",
  logLevel: /** @type {const} */ ("warning"),
};

await build({
  ...node,
  entryPoints: [at("../src/bin.ts")],
  outfile: at("../dist/bin.cjs"),
  format: "cjs",
  // Note: what is imported when a command runs stays a file of dist/, compiled by tsc.
  external: ["./commands/*", "./context.js", "./report.js", "./sandbox.js", "./doctor/*"],
  define: { DLF_RELEASE_VERSION: JSON.stringify(version) },
  banner: {
    js: `/*! Includes commander ${commander.version} (https://github.com/tj/commander.js):\n${commanderLicense}*/`,
  },
});

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

/**
 * What src/doctor and the sandbox import from the rest of src/ stays a file of dist/, compiled by
 * tsc: one copy of each module, so that `instanceof CliError` holds across them.
 */
const restOfSrc = {
  name: "rest-of-src",
  /** @param {import("esbuild").PluginBuild} build */
  setup(build) {
    build.onResolve({ filter: /^\.\.\// }, (args) => {
      if (args.importer.includes("/src/doctor/")) return { path: args.path, external: true };
      if (args.importer.includes("/sandbox/") && args.path.startsWith("../src/"))
        return { path: `./${args.path.slice("../src/".length)}`, external: true };
      return undefined;
    });
  },
};

await build({
  ...node,
  entryPoints: { sandbox: at("../sandbox/main.ts"), "doctor/run": at("../src/doctor/run.ts") },
  outdir: at("../dist"),
  format: "esm",
  splitting: true,
  chunkNames: "shared/[name]",
  // Note: the client and undici are the package's dependencies, installed beside it.
  external: ["@dlf-release/client", "undici"],
  plugins: [inlineSpec, restOfSrc],
});
