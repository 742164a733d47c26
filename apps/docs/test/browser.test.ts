import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "@dlf-release/chromium";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { serveDist } from "../scripts/serve.js";
import { operations, testResults } from "./paths.js";

// The built page in real Chromium, served on 127.0.0.1 with every other request blocked.
// Chromium missing is a failure that says how to install it, never a skip.
describe("the docs page in Chromium", () => {
  let docs: Awaited<ReturnType<typeof serveDist>>;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  /** Why Chromium did not start: every test fails with it (a missing browser is never a skip). */
  let launchError: unknown;
  let context: BrowserContext;
  let page: Page;
  /** Requests that would have left 127.0.0.1, and loads refused by the page's CSP. */
  let outside: string[];
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(testResults, { recursive: true });
    docs = await serveDist();
    try {
      browser = await launchChromium({ origin: docs.url });
    } catch (error) {
      launchError = error;
      return;
    }
    context = browser.context;
    outside = browser.outside;
  });

  afterAll(async () => {
    await browser?.close();
    await docs?.close();
  });

  beforeEach(async () => {
    if (launchError !== undefined) throw launchError;
    outside.length = 0;
    consoleErrors = [];
    page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      consoleErrors.push(message.text());
      if (message.text().includes("Content Security Policy")) outside.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  });

  afterEach(async () => {
    if (launchError !== undefined) return;
    await page.close();
    expect(outside, "requests that would have left 127.0.0.1").toEqual([]);
    expect(consoleErrors, "console errors").toEqual([]);
  });

  /** Opens the page and waits until Redoc has hydrated the server-rendered markup. */
  async function open(hash = "") {
    await page.goto(docs.url + hash);
    // Note: the server-rendered menu is there at once but does nothing on a click until React has
    // hydrated it, which takes long on a busy machine; React marks the nodes it has taken over.
    await page.waitForFunction(() => {
      const menu = document.querySelector(".menu-content");
      return menu !== null && Object.keys(menu).some((key) => key.startsWith("__reactProps$"));
    });
  }

  it("shows the overview with its sections", async () => {
    await open();
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).first().textContent())
      .toContain("DataArts Factory release-package API");
    for (const section of [
      "Release workflow",
      "Authentication",
      "Pagination",
      "Throttling and retries",
      "Errors",
    ]) {
      await page.getByRole("link", { name: section, exact: true }).first().waitFor();
    }
    await page.screenshot({ path: join(testResults, "docs-overview.png") });
  });

  it("lists the four operations by their summaries", async () => {
    const summaries = operations().map((operation) => operation.summary);
    expect(summaries).toEqual([
      "List items pending release",
      "Release a package",
      "List release packages",
      "Show a release package",
    ]);
    await open();
    // Note: each tag's operations are looked at as soon as it is opened: Redoc may close one group
    // when another becomes the active one, sooner or later depending on the machine.
    for (const tag of ["Pending items", "Release packages"]) {
      await page.getByRole("link", { name: tag, exact: true }).first().click();
      for (const { summary } of operations().filter((operation) => operation.tags[0] === tag)) {
        await page.getByRole("link", { name: summary }).first().waitFor({ state: "visible" });
      }
    }
  });

  it("finds release packages with its search box", async () => {
    await open();
    await page.getByText("Search", { exact: false }).first().click();
    const input = page.getByPlaceholder("Search docs...");
    await input.fill("release package");
    const results = page.locator('[data-component-name="Search/SearchItem"]');
    await results.first().waitFor({ state: "visible" });
    expect(await results.count()).toBeGreaterThan(1);
    await expect
      .poll(() => results.allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining("Show a release package")]));
  });

  it("shows an operation with its TypeScript sample in the right panel", async () => {
    await open();
    await page.getByRole("link", { name: "Pending items", exact: true }).first().click();
    await page.getByRole("link", { name: "List items pending release" }).first().click();
    await page.getByRole("heading", { name: "List items pending release" }).first().waitFor();
    const sample = page.getByText('import { createDlfClient } from "@dlf-release/client";');
    await sample.first().waitFor({ state: "visible" });
    // The right panel: the sample starts right of the middle of the 1440-pixel-wide viewport.
    const box = await sample.first().boundingBox();
    expect(box?.x).toBeGreaterThan(720);
    await page.getByText("dlf.listFactoryPendingItems(").first().waitFor({ state: "visible" });
    await page.screenshot({ path: join(testResults, "docs-operation.png") });
  });

  it("follows the links between sections of the descriptions", async () => {
    await open("#/section/errors");
    // The Markdown link of the Errors section, written as Redoc 2 anchors are (#section/<Heading>).
    await page.locator('a[href="#section/Throttling-and-retries"]').first().click();
    await expect.poll(() => page.url()).toContain("#/section/throttling-and-retries");
    await page.getByRole("heading", { name: "Throttling and retries" }).first().waitFor();
  });

  it("offers the bundled spec for download, served beside the page", async () => {
    await open();
    for (const file of ["openapi.yaml", "openapi.json"]) {
      const link = page.locator(`a[href="${file}"]`).first();
      await link.waitFor();
      const response = await page.request.get(new URL(file, docs.url).href);
      expect(response.status()).toBe(200);
      expect(await response.text()).toContain("DataArts Factory release-package API");
    }
  });
});
