// @ts-check
// Pagination memory, each walk in a fresh process (paginate.js): the client's iterator over 10,000
// and over 100,000 items, and a plain fetch loop over the same 100,000. Guards: the heap after a GC
// at the last item is flat from 10,000 to 100,000 items (at most 2 MB more: a leak of 23 bytes an
// item, or of 2 KB a page, fails it; fetch alone adds about half a megabyte), and the RSS growth over 100,000 items is at most 1.5x the fetch loop's (most of
// both is fetch's: undici's buffers and stream garbage, which V8 collects late).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { interleave, QUICK, ratios, show, spread } from "./lib.js";

const MB = 1024 * 1024;
const HEAP_GUARD_MB = 2;
const RSS_GUARD = 1.5;

/** @param {string} baseUrl @returns {Promise<import("./lib.js").Row[]>} */
export async function measurePagination(baseUrl) {
  const script = fileURLToPath(new URL("paginate.js", import.meta.url));
  /** @type {Record<string, number[]>} */
  const heap = { small: [], large: [], fetch: [] };
  /** @param {"client" | "fetch"} mode @param {number} count @param {string} name */
  const walk = (mode, count, name) => () => {
    const args = ["--expose-gc", script, mode, baseUrl, String(count)];
    const output = execFileSync(process.execPath, args);
    const { items, growth, heap: heapUsed } = JSON.parse(output.toString());
    if (items !== count) throw new Error(`walked ${items} items, not ${count}`);
    heap[name]?.push(heapUsed / MB);
    return growth / MB;
  };
  const rss = await interleave(QUICK ? 2 : 5, {
    small: walk("client", 10_000, "small"),
    large: walk("client", 100_000, "large"),
    fetch: walk("fetch", 100_000, "fetch"),
  });
  const heapExtra = (heap.large ?? []).map((x, i) => x - (heap.small?.[i] ?? 0));
  const rssRatio = ratios(rss.large, rss.fetch);
  return [
    {
      measure: "pagination: heap after GC at 100,000 items over at 10,000",
      figure: `${show(heapExtra, 2)} MB (at 10,000: ${show(heap.small ?? [], 1)} MB; a fetch loop at 100,000: ${show(heap.fetch ?? [], 1)} MB)`,
      guard: `<= ${HEAP_GUARD_MB} MB: flat`,
      met: spread(heapExtra).median <= HEAP_GUARD_MB,
      values: { heap, heapExtra },
    },
    {
      measure: "pagination: RSS growth over 100,000 items, against a fetch loop's",
      figure: `${show(rssRatio)}x (${show(rss.large, 1)} MB against ${show(rss.fetch, 1)})`,
      guard: `<= ${RSS_GUARD}x`,
      met: spread(rssRatio).median <= RSS_GUARD,
      values: { ratio: rssRatio, client: rss.large, fetch: rss.fetch, small: rss.small },
    },
  ];
}
