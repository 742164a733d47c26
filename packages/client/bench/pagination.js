// @ts-check
// Pagination memory: the RSS growth of a walk over 10,000 and over 100,000 items, each in a fresh
// process. Guards: at most 30 MB for 100,000, and not growing with the count (100,000 items at
// most 5 MB over 10,000: a leak of 50 bytes an item would show). The peer: a plain fetch loop.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { interleave, QUICK, show, spread } from "./lib.js";

const MB = 1024 * 1024;

/** @param {string} baseUrl @returns {Promise<import("./lib.js").Row[]>} */
export async function measurePagination(baseUrl) {
  const script = fileURLToPath(new URL("paginate.js", import.meta.url));
  /** @param {"client" | "fetch"} mode @param {number} count */
  const walk = (mode, count) => () => {
    const args = ["--expose-gc", script, mode, baseUrl, String(count)];
    const output = execFileSync(process.execPath, args);
    const { items, growth } = JSON.parse(output.toString());
    if (items !== count) throw new Error(`walked ${items} items, not ${count}`);
    return growth / MB;
  };
  const mb = await interleave(QUICK ? 2 : 5, {
    small: walk("client", 10_000),
    large: walk("client", 100_000),
    fetch: walk("fetch", 100_000),
  });
  const extra = mb.large.map((x, i) => x - /** @type {number} */ (mb.small[i]));
  return [
    {
      measure: "pagination: RSS growth over 100,000 items",
      figure: `${show(mb.large, 1)} MB (a fetch loop: ${show(mb.fetch, 1)} MB)`,
      guard: "<= 30 MB",
      met: spread(mb.large).median <= 30,
      values: { client: mb.large, fetch: mb.fetch },
    },
    {
      measure: "pagination: 100,000 items over 10,000",
      figure: `${show(extra, 1)} MB (10,000: ${show(mb.small, 1)} MB)`,
      guard: "<= 5 MB: not growing with the count",
      met: spread(extra).median <= 5,
      values: { small: mb.small, extra },
    },
  ];
}
