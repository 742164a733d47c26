// @ts-check
// One pagination run, in a fresh process so that its RSS is its own: iterates every item of the
// loopback server's pending items (pages of 100) either through the built client's iterator
// (`client`) or through a plain fetch loop over the same pages (`raw`), and prints one JSON line:
// wall time, RSS before and peak during the walk (sampled every 2 ms, and the kernel's maxRSS),
// heap retained after a GC. Run with --expose-gc: node --expose-gc bench/paginate.js client URL
// (DLF_BENCH_DIST: another build of the client to load instead of ../dist, as in run.js).
import { pathToFileURL } from "node:url";

const distIndex = process.env.DLF_BENCH_DIST
  ? pathToFileURL(`${process.env.DLF_BENCH_DIST}/index.js`).href
  : new URL("../dist/index.js", import.meta.url).href;
const { createDlfClient } = /** @type {typeof import("../dist/index.js")} */ (
  await import(distIndex)
);

const [mode, baseUrl] = process.argv.slice(2);
if ((mode !== "client" && mode !== "raw") || baseUrl === undefined) {
  throw new Error("usage: node --expose-gc bench/paginate.js client|raw BASE_URL");
}
const collect = /** @type {(() => void) | undefined} */ (
  /** @type {Record<string, unknown>} */ (globalThis).gc
);
if (collect === undefined) throw new Error("run with --expose-gc");

const PAGE_SIZE = 100;
const projectId = "bench-project";
const workspace = "bench-workspace";
const token = "t".repeat(64);
const dlf = createDlfClient({ baseUrl, projectId, workspace, credentials: { token } });
const headers = { "X-Project-Id": projectId, workspace, "X-Auth-Token": token };

/** @param {number} page */
async function rawPage(page) {
  const url = `${baseUrl}/v2/${projectId}/factory/pending-items?limit=${PAGE_SIZE}&offset=${page}`;
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return /** @type {Promise<{ data?: { pending_item_id?: string }[], total: number }>} */ (
    response.json()
  );
}

/** The same walk as the client's iterator: until `total` items or a short page. */
async function* rawItems() {
  let received = 0;
  for (let page = 0; ; page++) {
    const { data = [], total } = await rawPage(page);
    received += data.length;
    yield* data;
    if (data.length < PAGE_SIZE || received >= total) return;
  }
}

// Note: the first fetch loads undici and opens the connection; both belong before the baseline.
if (mode === "client") await dlf.listFactoryPendingItems({ limit: PAGE_SIZE, offset: 0 });
else await rawPage(0);
collect();
collect();
const rssBefore = process.memoryUsage.rss();
const heapBefore = process.memoryUsage().heapUsed;
let rssPeak = rssBefore;
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > rssPeak) rssPeak = rss;
}, 2);

const items =
  mode === "client"
    ? dlf.pendingItems({}, { pageSize: PAGE_SIZE, maxItems: Infinity })
    : rawItems();
const start = performance.now();
let count = 0;
let idLength = 0;
/** RSS peak so far at every 10,000 items: flat memory levels off, a leak keeps climbing. */
const peakAt = [];
for await (const item of items) {
  count++;
  idLength += item.pending_item_id?.length ?? 0;
  if (count % 10_000 === 0) peakAt.push(Math.max(rssPeak, process.memoryUsage.rss()));
}
const wallMs = performance.now() - start;
clearInterval(sampler);
const rssAfter = process.memoryUsage.rss();
if (rssAfter > rssPeak) rssPeak = rssAfter;
collect();
collect();
const heapAfter = process.memoryUsage().heapUsed;

console.log(
  JSON.stringify({
    mode,
    items: count,
    idLength,
    wallMs,
    rssBefore,
    rssPeak,
    maxRss: process.resourceUsage().maxRSS * 1024,
    heapRetained: heapAfter - heapBefore,
    peakAt,
  }),
);
