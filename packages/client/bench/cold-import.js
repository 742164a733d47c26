// @ts-check
// Cold import: a fresh `node` importing the built client, and one importing the official SDK core,
// each minus an empty `node -e ""` of the same round. Guard: no slower than the official core.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { distDir, interleave, QUICK, show, spread } from "./lib.js";

/** @returns {Promise<import("./lib.js").Row[]>} */
export async function measureColdImport() {
  const official = createRequire(import.meta.url).resolve("@huaweicloud/huaweicloud-sdk-core");
  /** @param {string} script */
  const start = (script) => () => {
    const began = performance.now();
    const child = spawnSync(process.execPath, ["-e", script], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    if (child.status !== 0) throw new Error(`node -e ${script} failed: ${child.stderr}`);
    return performance.now() - began;
  };
  const ms = await interleave(QUICK ? 4 : 15, {
    empty: start(""),
    ours: start(`import(${JSON.stringify(pathToFileURL(`${distDir}/index.js`).href)})`),
    official: start(`import(${JSON.stringify(pathToFileURL(official).href)})`),
  });
  const ours = ms.ours.map((x, i) => x - /** @type {number} */ (ms.empty[i]));
  const theirs = ms.official.map((x, i) => x - /** @type {number} */ (ms.empty[i]));
  return [
    {
      measure: "cold import, over an empty node start",
      figure: `${show(ours, 1)} ms against the official core's ${show(theirs, 1)} ms`,
      guard: "<= the official core's",
      met: spread(ours).median <= spread(theirs).median,
      values: { ours, official: theirs, emptyMs: ms.empty },
    },
  ];
}
