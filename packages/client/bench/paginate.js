// @ts-check
// One pagination walk in a fresh process, so that its RSS is its own: the built client's iterator
// over COUNT pending items of the bench server (pages of 100). Prints one JSON line: the items
// walked and the peak RSS (sampled every 2 ms) over the RSS after warm-up and a GC.
// Usage: node --expose-gc bench/paginate.js BASE_URL COUNT
import { fromDist } from "./lib.js";

const { createDlfClient } = /** @type {typeof import("../dist/index.js")} */ (
  await fromDist("index.js")
);
const [baseUrl, count] = process.argv.slice(2);
const gc = /** @type {(() => void) | undefined} */ (/** @type {any} */ (globalThis).gc);
if (baseUrl === undefined || gc === undefined) {
  throw new Error("usage: node --expose-gc bench/paginate.js BASE_URL COUNT");
}
const dlf = createDlfClient({
  baseUrl,
  projectId: "bench-project",
  workspace: "bench-workspace",
  credentials: { token: "t".repeat(64) },
});
// Note: the first call loads undici and opens the connection; both belong before the baseline.
await dlf.listFactoryPendingItems({ limit: 100, offset: 0 });
gc();
const before = process.memoryUsage.rss();
let peak = before;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 2);
let items = 0;
for await (const _ of dlf.pendingItems({}, { pageSize: 100, maxItems: Infinity })) {
  if (++items === Number(count)) break;
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
console.log(JSON.stringify({ items, growth: peak - before }));
