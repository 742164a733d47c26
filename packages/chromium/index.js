// @ts-check
// Debian's Chromium driven by playwright-core, for the browser tests (the docs page, the client's
// browser build) and the docs benchmark.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1440, height: 900 },
  });
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
