// @ts-check
// The package as bundlers see it: bundled for browsers, dist/index.js takes the "default" side of
// the #platform import (fetch, Web Crypto) and carries no Node code; bundled for Node, it takes
// the "node" side. Run by `check-package`, after the build.
import * as esbuild from "esbuild";

/** @param {"browser" | "node"} platform */
async function bundle(platform) {
  const result = await esbuild.build({
    entryPoints: ["dist/index.js"],
    bundle: true,
    format: "esm",
    platform,
    write: false,
    metafile: true,
    logLevel: "silent",
    // Note: not this package's tsconfig.json, whose `paths` are for type checks; a consumer's
    // bundler reads none of it.
    tsconfigRaw: "{}",
  });
  return {
    files: Object.keys(result.metafile.inputs).filter((file) => file.startsWith("dist/")),
    text: result.outputFiles[0]?.text ?? "",
  };
}

const problems = [];
const browser = await bundle("browser");
if (!browser.files.includes("dist/platform/web.js")) problems.push("browser: not the web platform");
const nodeOnly = browser.files.filter((file) => file.startsWith("dist/node/"));
if (nodeOnly.length > 0) problems.push(`browser: carries ${nodeOnly.join(", ")}`);
for (const text of ["getBuiltinModule", '"node:']) {
  if (browser.text.includes(text)) problems.push(`browser: mentions ${text}`);
}
const node = await bundle("node");
if (!node.files.includes("dist/platform/node.js")) problems.push("node: not the node platform");

if (problems.length > 0) {
  console.error(`check-bundle: ${problems.join("; ")}`);
  process.exit(1);
}
console.log(
  `check-bundle: the browser bundle takes dist/platform/web.js and no Node code (${browser.files.length} files), the Node bundle dist/platform/node.js`,
);
