// @ts-check
// One pagination walk in a fresh process, so that its RSS is its own: the built client's iterator,
// or a plain fetch loop over the same pages, over COUNT pending items of the bench server (pages of
// 100). Prints one JSON line: the items walked, the peak RSS (sampled every 2 ms) over the RSS after
// warm-up and a GC, and the heap after a GC at the last item, the walk still under way (what the
// iterator holds on to then). Usage: node --expose-gc bench/paginate.js client|fetch BASE_URL COUNT
import { fromDist } from "./lib.js";

const { createDlfClient } = /** @type {typeof import("../dist/index.js")} */ (
  await fromDist("index.js")
);
const [mode, baseUrl, count] = process.argv.slice(2);
const gc = /** @type {(() => void) | undefined} */ (/** @type {any} */ (globalThis).gc);
if (baseUrl === undefined || gc === undefined) {
  throw new Error("usage: node --expose-gc bench/paginate.js client|fetch BASE_URL COUNT");
}
const dlf = createDlfClient({
  baseUrl,
  projectId: "bench-project",
  workspace: "bench-workspace",
  credentials: { token: "t".repeat(64) },
});
const headers = {
  "X-Project-Id": "bench-project",
  workspace: "bench-workspace",
  "X-Auth-Token": "t",
};
/** @param {number} page @returns {Promise<{ data: unknown[], total: number }>} */
const fetchPage = async (page) =>
  (
    await fetch(`${baseUrl}/v2/bench-project/factory/pending-items?limit=100&offset=${page}`, {
      headers,
    })
  ).json();
async function* fetchLoop() {
  for (let page = 0, received = 0; ; page++) {
    const { data, total } = await fetchPage(page);
    received += data.length;
    for (const item of data) yield item;
    if (data.length < 100 || received >= total) return;
  }
}
// Note: the first call loads undici and opens the connection; both belong before the baseline.
await dlf.listFactoryPendingItems({ limit: 100, offset: 0 });
await fetchPage(0);
gc();
const before = process.memoryUsage.rss();
let peak = before;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 2);
let items = 0;
let heap = 0;
const walk =
  mode === "fetch" ? fetchLoop() : dlf.pendingItems({}, { pageSize: 100, maxItems: Infinity });
for await (const _ of walk) {
  if (++items === Number(count)) {
    peak = Math.max(peak, process.memoryUsage.rss());
    // Note: fetch frees some of each request's parts in finalisers, which run after a GC, in a
    // later task; the second GC collects what they let go.
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc();
    heap = process.memoryUsage().heapUsed;
    break;
  }
}
clearInterval(sampler);
console.log(JSON.stringify({ items, growth: peak - before, heap }));
