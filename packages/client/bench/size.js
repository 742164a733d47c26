// @ts-check
// The browser bundle: dist/index.js with openapi-fetch, as a browser bundler makes it (esbuild,
// ESM, minified), gzip level 9. Guard: at most 10 KiB, a ceiling that catches growth.
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { distDir } from "./lib.js";

const GUARD = 10_240;

/** @returns {Promise<import("./lib.js").Row[]>} */
export async function measureSize() {
  const result = await esbuild.build({
    entryPoints: [`${distDir}/index.js`],
    bundle: true,
    format: "esm",
    platform: "browser",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    tsconfigRaw: "{}",
  });
  const text = result.outputFiles[0]?.contents ?? new Uint8Array();
  const gzipped = gzipSync(text, { level: 9 }).byteLength;
  const inputs = Object.entries(result.metafile.outputs)[0]?.[1].inputs ?? {};
  return [
    {
      measure: "browser bundle with openapi-fetch, min+gzip",
      figure: `${gzipped.toLocaleString("en")} bytes (${text.byteLength.toLocaleString("en")} minified)`,
      guard: `<= ${GUARD.toLocaleString("en")} bytes`,
      met: gzipped <= GUARD,
      values: {
        gzipped,
        minified: text.byteLength,
        inputs: Object.fromEntries(
          Object.entries(inputs).map(([f, { bytesInOutput }]) => [f, bytesInOutput]),
        ),
      },
    },
  ];
}
