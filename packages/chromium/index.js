// @ts-check
// Debian's Chromium driven by playwright-core, for the browser tests (the docs page, the client's
// browser build) and the docs benchmark.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { chromium } from "playwright-core";

/** Where Debian's `chromium` package puts the browser; CHROMIUM_PATH overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Headless, as root, in a closed network: without the background-networking flags Chromium keeps
 * calling Google's services.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** How long Chromium may take to start before the launch fails. */
export const LAUNCH_TIMEOUT_MS = 180_000;
/** How long a page action (a navigation, a wait for an element) may take before it fails. */
export const ACTION_TIMEOUT_MS = 180_000;
const TAIL_LINES = 20;

/**
 * Playwright's launch error, cut down to what says why: Chromium's exit code or signal and the last
 * lines it printed (Playwright puts them after a long command line, with colour codes).
 * @param {unknown} error
 */
function launchFailure(error) {
  const log = stripVTControlCharacters(String(error instanceof Error ? error.message : error));
  const exit = /process did exit: exitCode=(\S+), signal=(\S+?)>/.exec(log);
  const how = !exit
    ? "did not start"
    : exit[2] !== "null"
      ? `did not start (signal ${exit[2]})`
      : `did not start (exit code ${exit[1]})`;
  // Note: Playwright prints Chromium's lines twice, as "Browser logs" and in the "Call log".
  const callLog = log.includes("Call log:") ? log.slice(log.indexOf("Call log:")) : log;
  const output = [...callLog.matchAll(/\[pid=\d+\]\[(?:err|out)\] (.*)/g)].map((match) => match[1]);
  const tail = output.slice(-TAIL_LINES).join("\n") || "(none)";
  const timedOut = /Timeout \d+ms exceeded/.test(log) ? ` within ${LAUNCH_TIMEOUT_MS} ms` : "";
  return new Error(`Chromium (${chromiumPath}) ${how}${timedOut}; its last output:\n${tail}`, {
    cause: error,
  });
}

/**
 * Starts Chromium with a fresh user-data-dir, removed again by `close`. Every request to another
 * origin than `origin` is refused and its URL kept in `outside` (cleared by the caller as it likes).
 * Throws, saying how to install it, when Chromium is missing.
 * @param {{ origin: string, viewport?: { width: number, height: number } }} options
 */
export async function launchChromium(options) {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed (${chromiumPath} is missing). Install Debian's package:\n` +
        "  apt-get update && apt-get install -y chromium\n" +
        "(or set CHROMIUM_PATH to a Chromium binary; never `npx playwright install`).",
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), "dlf-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1440, height: 900 },
      // Note: a deadline for a browser that hangs, not for a slow machine.
      timeout: LAUNCH_TIMEOUT_MS,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw launchFailure(error);
  }
  // Note: Playwright's own default (30 s) is short for a big page on a loaded machine.
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  /** @type {string[]} */
  const outside = [];
  const origin = new URL(options.origin).origin;
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    outside.push(url);
    return route.abort("blockedbyclient");
  });
  return {
    context,
    outside,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
