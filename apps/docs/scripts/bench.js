// @ts-check
// `pnpm bench`: the page's weight, and how fast Chromium first shows it, over a few cold loads.
// Builds nothing (turbo builds first); writes bench-results.json and prints a table. Guards, each
// about what a reader feels: nothing loaded from outside (the page works offline), the gzipped
// page under a ceiling that catches growth (a slow link), and the operation list painted with the
// first paint (it is server-rendered; it must not wait for Redoc). Like the client's bench, a
// missed guard is reported (MISSED), not an exit code.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { launchChromium } from "@dlf-release/chromium";
import { distDir, serveDist } from "./serve.js";

const RUNS = Number(process.env.DLF_BENCH_RUNS ?? 7);
/** The gzipped page's ceiling: 768 KiB, about 5% over its size when set (713 KiB). */
const GZIP_CEILING = 768 * 1024;
/** How long after the first paint the operation list may be painted: one frame and a margin. */
const LIST_AFTER_PAINT_MS = 50;
const resultsFile = fileURLToPath(new URL("../bench-results.json", import.meta.url));

/**
 * Runs in the page before anything else: notes when the operation list (the sidebar's tag groups)
 * is first in the DOM (checked on every animation frame) and the frame after that, and when
 * Redoc's code starts (its console banner). The list is server-rendered into the HTML, so it is
 * usually in the DOM before the first paint, and then painted by it.
 */
const MARKERS = () => {
  const marks = /** @type {Record<string, number>} */ ({});
  Object.defineProperty(window, "__benchMarks", { value: marks });
  const check = () => {
    const items = document.querySelectorAll('[data-component-name="Menu/MenuItem"]');
    if ([...items].some((item) => item.textContent?.includes("Release packages"))) {
      marks.operationListInDom = performance.now();
      requestAnimationFrame(() => {
        marks.frameAfterOperationList = performance.now();
      });
    } else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
  const info = console.info;
  console.info = (...args) => {
    if (marks.redocStarted === undefined && String(args[0]).includes("Redoc")) {
      marks.redocStarted = performance.now();
    }
    info.apply(console, args);
  };
};

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main() {
  const html = readFileSync(`${distDir}index.html`);
  const sizes = {
    html: html.length,
    htmlGzip: gzipSync(html).length,
    htmlBrotli: brotliCompressSync(html).length,
    openapiYaml: readFileSync(`${distDir}openapi.yaml`).length,
    openapiJson: readFileSync(`${distDir}openapi.json`).length,
  };

  const docs = await serveDist();
  const browser = await launchChromium({ origin: docs.url });
  const { outside } = browser;
  await browser.context.addInitScript(MARKERS);
  const chromiumVersion = browser.context.browser()?.version() ?? "unknown";

  /** @type {Record<string, number[]>} */
  const samples = { firstContentfulPaint: [], operationList: [], redocStarted: [], load: [] };
  try {
    for (let run = 0; run < RUNS + 1; run++) {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await page.goto(docs.url, { waitUntil: "load" });
      await page.waitForFunction(
        () => "frameAfterOperationList" in (Reflect.get(window, "__benchMarks") ?? {}),
      );
      const timing = await page.evaluate(() => {
        const [navigation] = /** @type {PerformanceNavigationTiming[]} */ (
          performance.getEntriesByType("navigation")
        );
        const paint = performance.getEntriesByName("first-contentful-paint")[0];
        const marks = Reflect.get(window, "__benchMarks");
        const firstContentfulPaint = paint?.startTime ?? Number.NaN;
        return {
          firstContentfulPaint,
          // Painted by the first paint if it was there by then, else by the next frame.
          operationList:
            marks.operationListInDom <= firstContentfulPaint
              ? firstContentfulPaint
              : marks.frameAfterOperationList,
          redocStarted: marks.redocStarted ?? Number.NaN,
          load: navigation?.loadEventEnd ?? Number.NaN,
        };
      });
      await page.close();
      // Note: the first load warms Chromium up (its processes, fonts); it is not counted.
      if (run === 0) continue;
      for (const [key, value] of Object.entries(timing)) samples[key]?.push(value);
    }
  } finally {
    await browser.close();
    await docs.close();
  }

  const timings = Object.fromEntries(
    Object.entries(samples).map(([key, values]) => [
      key,
      {
        medianMs: Math.round(median(values)),
        minMs: Math.round(Math.min(...values)),
        maxMs: Math.round(Math.max(...values)),
        samplesMs: values.map(Math.round),
      },
    ]),
  );
  const results = {
    date: new Date().toISOString(),
    runs: RUNS,
    chromium: chromiumVersion,
    sizes,
    timings,
    outsideRequests: outside,
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

  const kib = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  const ms = (/** @type {string} */ key) => {
    const { medianMs, minMs, maxMs } = timings[key] ?? {};
    return `${medianMs} ms (${minMs} to ${maxMs})`;
  };
  // Note: per load, then the median: both paints of one load share its machine's moment.
  const listAfterPaint = Math.round(
    median(
      (samples.operationList ?? []).map((t, i) => t - (samples.firstContentfulPaint?.[i] ?? 0)),
    ),
  );
  /** @param {boolean} met */
  const verdict = (met) => (met ? "met" : "MISSED");
  /** @type {Array<[string, string, string?]>} */
  const rows = [
    ["index.html", kib(sizes.html)],
    [
      "index.html, gzip",
      `${kib(sizes.htmlGzip)}  <= ${kib(GZIP_CEILING)}`,
      verdict(sizes.htmlGzip <= GZIP_CEILING),
    ],
    ["index.html, brotli", kib(sizes.htmlBrotli)],
    ["first contentful paint", ms("firstContentfulPaint")],
    [
      "operation list painted",
      `${ms("operationList")}, ${listAfterPaint} ms after the first paint  <= ${LIST_AFTER_PAINT_MS} ms`,
      verdict(listAfterPaint <= LIST_AFTER_PAINT_MS),
    ],
    ["Redoc's code started", ms("redocStarted")],
    ["load event", ms("load")],
    ["requests to outside", `${outside.length}  = 0`, verdict(outside.length === 0)],
  ];
  console.log(
    `\nDocs page, ${RUNS} cold loads in headless Chromium ${results.chromium} (median, range)\n`,
  );
  for (const [name, value, met = ""] of rows) {
    console.log(`  ${name.padEnd(24)} ${value.padEnd(64)} ${met}`);
  }
  console.log(`\nWritten to ${resultsFile}`);
}

await main();
