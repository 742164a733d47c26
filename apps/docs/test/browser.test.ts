import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "@dlf-release/chromium";
import type { Result as AxeViolation } from "axe-core";
import type { BrowserContext, Locator, Page } from "playwright-core";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  type ExpectStatic,
  expect,
  it,
} from "vitest";
import { PAGES_BASE, serveDist } from "../scripts/serve.js";
import {
  axeScript,
  clientManifest,
  contrast,
  type Operation,
  operationHash,
  operations,
  specBundle,
  testResults,
} from "./paths.js";

/** axe-core's tags for the success criteria of WCAG 2.0 and 2.1 at levels A and AA. */
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * The rules of those tags whose outcome depends on the colours: all a second scheme can change, as
 * Redoc's schemes differ in CSS variables (the markup only in the colour-mode switcher's icon).
 */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/**
 * What may stand outside the page's landmarks (axe's `region` rule): axe's own list (dialogs and
 * pictures), and open menus, which Redoc draws at the end of the page as it does its dialogs.
 */
const OUTSIDE_LANDMARKS = "dialog, [role=dialog], [role=alertdialog], svg, [role=menu]";

// The built page in real Chromium, served on 127.0.0.1 under the subpath of the GitHub Pages project
// site (/dlf-release/), with every other request blocked. Chromium missing is a failure that says
// how to install it, never a skip.
describe("the docs page in Chromium", () => {
  let docs: Awaited<ReturnType<typeof serveDist>>;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  /** Why Chromium did not start: every test fails with it (a missing browser is never a skip). */
  let launchError: unknown;
  let context: BrowserContext;
  /** The page, loaded once: the tests move about it as a reader does, by links and hashes. */
  let page: Page;
  /** Every request of that one load. */
  const loaded: string[] = [];
  /** Requests that would have left 127.0.0.1, and loads refused by the page's CSP. */
  let outside: string[];
  let consoleErrors: string[] = [];

  /** A page whose console errors, CSP refusals and uncaught errors are noted. */
  async function watchedPage() {
    const opened = await context.newPage();
    opened.on("console", (message) => {
      if (message.type() !== "error") return;
      consoleErrors.push(message.text());
      if (message.text().includes("Content Security Policy")) outside.push(message.text());
    });
    opened.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
    return opened;
  }

  /** Loads the page in `into` and waits until Redoc has hydrated the server-rendered markup. */
  async function load(into: Page, hash = "") {
    await into.goto(docs.url + hash);
    // Note: the server-rendered menu is there at once but does nothing on a click until React has
    // hydrated it, which takes long on a busy machine; React marks the nodes it has taken over.
    await into.waitForFunction(() => {
      const menu = document.querySelector(".menu-content");
      return menu !== null && Object.keys(menu).some((key) => key.startsWith("__reactProps$"));
    });
  }

  /** goTo on the page the tests share; "#" is the overview. */
  async function visit(hash = "#") {
    await goTo(page, hash);
  }

  beforeAll(async () => {
    mkdirSync(testResults, { recursive: true });
    docs = await serveDist({ base: PAGES_BASE });
    try {
      browser = await launchChromium({ origin: docs.url });
    } catch (error) {
      launchError = error;
      return;
    }
    context = browser.context;
    outside = browser.outside;
    page = await watchedPage();
    page.on("request", (request) => loaded.push(request.url()));
    await load(page);
  });

  afterAll(async () => {
    await browser?.close();
    await docs?.close();
  });

  beforeEach(() => {
    if (launchError !== undefined) throw launchError;
  });

  // Note: what the load itself noted counts against the first test, and each test's own after it.
  afterEach(() => {
    if (launchError !== undefined) return;
    try {
      expect(outside, "requests that would have left 127.0.0.1").toEqual([]);
      expect(consoleErrors, "console errors").toEqual([]);
    } finally {
      outside.length = 0;
      consoleErrors = [];
    }
  });

  it("shows the overview with its sections", async () => {
    await visit();
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
    await visit();
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
    await visit();
    const results = await search(page, "release package", expect);
    expect(await results.count()).toBeGreaterThan(1);
    expect(await results.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining("Show a release package")]),
    );
    // Note: closed again, as a reader does, so that the dialog covers nothing the next test clicks.
    await closeSearch(page);
  });

  it("shows an operation with its TypeScript sample in the right panel", async () => {
    await visit();
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
    await visit("#/section/errors");
    // The Markdown link of the Errors section, written as Redoc 2 anchors are (#section/<Heading>).
    await page.locator('a[href="#section/Throttling-and-retries"]').first().click();
    await expect.poll(() => page.url()).toContain("#/section/throttling-and-retries");
    await page.getByRole("heading", { name: "Throttling and retries" }).first().waitFor();
  });

  it("offers the bundled spec for download, beside the page under its subpath", async () => {
    await visit();
    for (const file of ["openapi.yaml", "openapi.json"]) {
      const link = page.locator(`a[href="${file}"]`).first();
      await link.waitFor();
      // Note: the browser's own resolution of the link; a root-relative link would leave the subpath.
      const href = await link.evaluate((a) => (a as HTMLAnchorElement).href);
      expect(href).toBe(`${docs.url}${file}`);
      const response = await page.request.get(href);
      expect(response.status()).toBe(200);
      expect(await response.text()).toContain("DataArts Factory release-package API");
      expect((await page.request.get(new URL(`/${file}`, docs.url).href)).status()).toBe(404);
    }
  });

  it("loads everything from under its subpath", async () => {
    expect(docs.url).toMatch(/\/dlf-release\/$/);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((url) => !url.startsWith(docs.url) && !url.startsWith("data:"))).toEqual(
      [],
    );
    const bare = await page.request.get(docs.url.slice(0, -1), { maxRedirects: 0 });
    expect([bare.status(), bare.headers().location]).toEqual([301, PAGES_BASE]);
  });

  it("links every operation by a hash under the subpath, and opens it from that link", async () => {
    await visit();
    const hashes: string[] = [];
    for (const { operationId, summary, tags } of operations()) {
      const link = page.getByRole("link", { name: summary }).first();
      // Note: Redoc closes a menu group when another one becomes active: open the operation's own,
      // once it has moved to the last hash and opened or closed the groups for it.
      await settled(page);
      if (!(await link.isVisible())) {
        await page
          .getByRole("link", { name: String(tags[0]), exact: true })
          .first()
          .click();
      }
      await link.waitFor({ state: "visible" });
      // Note: a relative hash link ("#/tag/operation"); an absolute one would leave the subpath.
      const href = await link.getAttribute("href");
      expect(href).toMatch(new RegExp(`^#/[a-z-]+/${operationId.toLowerCase()}$`));
      await link.click();
      await expect.poll(() => new URL(page.url()).hash).toBe(href);
      expect(new URL(page.url()).pathname).toBe(PAGES_BASE);
      hashes.push(href ?? "");
    }
    // A link copied from the address bar opens the operation on a fresh page, scrolled to it.
    const last = operations().at(-1)!;
    const fresh = await watchedPage();
    try {
      await load(fresh, hashes.at(-1));
      await fresh
        .getByRole("heading", { name: last.summary })
        .first()
        .waitFor({ state: "visible" });
      await expect.poll(() => fresh.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    } finally {
      await fresh.close();
    }
  });

  it("shows the spec's version and the client version it documents", async () => {
    await visit();
    const spec = JSON.parse(readFileSync(specBundle.json, "utf8")) as { info: { version: string } };
    const client = JSON.parse(readFileSync(clientManifest, "utf8")) as { version: string };
    await expect
      .poll(() => page.locator("[data-spec-version]").first().textContent())
      .toBe(spec.info.version);
    expect(await page.locator("[data-client-version]").first().textContent()).toBe(
      `@dlf-release/client ${client.version}`,
    );
    expect(await page.getByRole("heading", { level: 1 }).first().textContent()).toContain(
      `(${spec.info.version})`,
    );
  });

  for (const colorScheme of ["light", "dark"] as const) {
    it(`draws the release workflow inline, readable in the ${colorScheme} scheme`, async () => {
      await page.emulateMedia({ colorScheme });
      await visit("#section/Release-workflow");
      const svg = page.locator("figure.dlf-workflow-figure > svg.dlf-workflow");
      await svg.waitFor({ state: "visible" });
      expect(
        await page
          .locator("figure.dlf-workflow-figure img, figure.dlf-workflow-figure object")
          .count(),
      ).toBe(0);
      const box = await svg.boundingBox();
      expect(box?.width).toBeGreaterThan(400);
      const statuses = await svg
        .locator("[data-deploy-status]")
        .evaluateAll((groups) =>
          groups.map((g) => [
            g.getAttribute("data-deploy-status"),
            [...g.querySelectorAll("text")].map((t) => t.textContent).join(" "),
          ]),
        );
      expect(statuses).toEqual([
        ["1", "2. Package, 3. review deploy_status 1 · to be reviewed"],
        ["5", "4. Release deploy_status 5 · being released"],
        ["2", "Released deploy_status 2 · successful"],
        ["3", "Failed deploy_status 3 · failed"],
      ]);
      // Every text against what is behind the picture: the first opaque background up the page.
      const colours = await svg.evaluate((element) => {
        let node: Element | null = element;
        let background = "rgb(255, 255, 255)";
        while (node) {
          const colour = getComputedStyle(node).backgroundColor;
          if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") {
            background = colour;
            break;
          }
          node = node.parentElement;
        }
        return {
          background,
          texts: [...element.querySelectorAll("text")].map((t) => getComputedStyle(t).fill),
        };
      });
      expect(colours.texts.length).toBeGreaterThan(10);
      for (const fill of colours.texts) {
        expect(
          contrast(fill, colours.background),
          `${fill} on ${colours.background}`,
        ).toBeGreaterThanOrEqual(4.5);
      }
      await svg.screenshot({ path: join(testResults, `docs-workflow-${colorScheme}.png`) });
    });

    it(`offers the picture on its own, readable in the ${colorScheme} scheme`, async () => {
      // Note: a page of its own: the picture is a document of its own.
      const page = await watchedPage();
      await page.emulateMedia({ colorScheme });
      await page.goto(`${docs.url}release-workflow.svg`);
      const text = await page.evaluate(
        () => getComputedStyle(document.querySelector("text")!).fill,
      );
      // Note: what is behind an SVG document is the browser's canvas, whose colour no style reports:
      // the screenshot's corner pixel is read back in a blank page.
      const shot = (await page.screenshot({ clip: { x: 0, y: 0, width: 4, height: 4 } })).toString(
        "base64",
      );
      await page.goto("about:blank");
      const canvas = await page.evaluate(async (png) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const context = document.createElement("canvas").getContext("2d")!;
        context.drawImage(image, 0, 0);
        const [r, g, b] = context.getImageData(1, 1, 1, 1).data;
        return `rgb(${r}, ${g}, ${b})`;
      }, shot);
      await page.close();
      expect(contrast(text, canvas), `${text} on ${canvas}`).toBeGreaterThanOrEqual(4.5);
    });
  }

  // axe-core on the views a reader reaches: the page as it opens, each operation's route opened up,
  // a curl sample, the security details and the search, in both schemes (the dark one against the
  // colour rules), one page per scheme that moves from route to route as the sidebar's links do.
  // Note: the schemes' pages and the narrow one are checked side by side (most of the time goes in
  // waiting for Redoc to settle), each one's views one after the other; each test asserts through
  // its own `expect`, which a test running beside others needs.
  describe.concurrent("axe's WCAG 2.1 A and AA rules and its region rule", () => {
    for (const colorScheme of ["light", "dark"] as const) {
      // Note: the light scheme is checked against every rule, the dark one against those the colours
      // decide; the rest would check the same markup again.
      const colourOnly = colorScheme === "dark";
      describe(`in the ${colorScheme} scheme${colourOnly ? " (the colour rules)" : ""}`, () => {
        /** The page opened in the scheme: Redoc picks its colours when it starts. */
        let schemed: Page;

        beforeAll(async () => {
          if (launchError !== undefined) return;
          schemed = await watchedPage();
          await schemed.emulateMedia({ colorScheme });
          await load(schemed);
        });

        afterAll(async () => {
          await schemed?.close();
        });

        it.sequential("pass on the page as it opens", async ({ expect }) => {
          expect(
            await schemed.evaluate(
              (scheme) => document.documentElement.classList.contains(scheme),
              colorScheme,
            ),
            `Redoc shows its ${colorScheme} scheme`,
          ).toBe(true);
          await settled(schemed);
          expect(await axeViolations(schemed, colourOnly)).toEqual([]);
        });

        for (const operation of operations()) {
          it.sequential(`pass on the operation "${operation.summary}", opened up`, async ({
            expect,
          }) => {
            const view = await openOperation(schemed, operation);
            // What a reader opens by clicking: the last example of each example menu, every schema
            // and sample expanded, then an example menu left open. Note: what the view shows as it
            // opens is the same kinds of element, fewer of them; the curl samples have a test below.
            const exampleMenus = view.locator(
              '[data-testid="right-panel"] [data-testid="panel-body"] button[aria-haspopup="menu"]',
            );
            for (const menu of await exampleMenus.all())
              await choose(schemed, menu, "last", expect);
            // Note: a click renames its button "Collapse all", and can rename another one back.
            const expandAll = view.getByRole("button", { name: "Expand all", exact: true });
            for (let clicks = 0; (await expandAll.count()) > 0; clicks++) {
              expect(clicks, '"Expand all" buttons left after that many clicks').toBeLessThan(10);
              await expandAll.first().click();
              await settled(schemed);
            }
            await exampleMenus.first().click();
            await schemed.getByRole("menu").waitFor();
            await settled(schemed);
            expect(await axeViolations(schemed, colourOnly)).toEqual([]);
            // Note: the menu closes on a second click of its button (not on Escape).
            await exampleMenus.first().click();
            await schemed.getByRole("menu").waitFor({ state: "hidden" });
          });
        }

        it.sequential("pass with an operation's curl sample shown", async ({ expect }) => {
          const view = await openOperation(schemed, operations()[0]!);
          const languageMenu = view
            .locator(
              '[data-testid="right-panel"] [data-component-name="Panel/PanelHeader"] button[aria-haspopup="menu"]',
            )
            .filter({ hasText: /^(TypeScript|curl \(mock\))$/ });
          await choose(schemed, languageMenu, "last", expect);
          await settled(schemed);
          expect(await axeViolations(schemed, colourOnly)).toEqual([]);
          // Note: Redoc keeps the language in a cookie, for every page of the browser.
          await choose(schemed, languageMenu, "first", expect);
        });

        // Note: every operation takes the same two security schemes, and shows the same details.
        it.sequential("pass with an operation's security details open", async ({ expect }) => {
          const view = await openOperation(schemed, operations()[0]!);
          await view.getByRole("button", { name: "View security details" }).click();
          await settled(schemed);
          expect.soft(await schemed.getByRole("dialog", { name: "Security" }).count()).toBe(1);
          expect(await axeViolations(schemed, colourOnly)).toEqual([]);
          await schemed.keyboard.press("Escape");
          // Note: the box is found by its markup, not its role: the wait holds without the template.
          await schemed
            .locator("body > div:not(#redoc) > div[tabindex='0']")
            .waitFor({ state: "detached" });
        });

        it.sequential("pass with the search's results open", async ({ expect }) => {
          await search(schemed, "release package", expect);
          await settled(schemed);
          expect(await axeViolations(schemed, colourOnly)).toEqual([]);
          await closeSearch(schemed);
        });
      });
    }

    describe("in a narrow viewport", () => {
      it.sequential("pass as it opens and with the navigation menu open", async ({ expect }) => {
        const narrow = await watchedPage();
        try {
          await narrow.setViewportSize({ width: 390, height: 844 });
          await narrow.emulateMedia({ colorScheme: "light" });
          await load(narrow);
          await settled(narrow);
          expect.soft(await axeViolations(narrow), "as it opens").toEqual([]);
          expect(
            await narrow.evaluate(() => document.documentElement.scrollWidth),
            "no sideways scrolling",
          ).toBeLessThanOrEqual(390);
          await narrow.getByRole("button", { name: "Open navigation menu" }).click();
          await narrow.getByRole("navigation", { name: "Contents" }).waitFor();
          await settled(narrow);
          expect(await axeViolations(narrow), "with the navigation menu open").toEqual([]);
        } finally {
          await narrow.close();
        }
      });
    });
  });
});

/** One line per element that breaks an axe rule: the rule, where, and why. */
function describeViolation(violation: AxeViolation): string[] {
  return violation.nodes.map((node) => {
    const why = [...node.any, ...node.all, ...node.none].map((check) => check.message);
    return `${violation.id} at ${node.target.join(" ")}: ${why.join("; ")}`;
  });
}

/**
 * axe-core's findings in the page as it is now: the WCAG 2.1 A and AA rules and `region`, or with
 * `colourOnly` just the COLOUR_RULES.
 */
async function axeViolations(page: Page, colourOnly = false): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) {
    await page.evaluate(readFileSync(axeScript, "utf8"));
    await page.evaluate((regionMatcher) => {
      const { axe } = window as unknown as { axe: typeof import("axe-core") };
      axe.configure({ checks: [{ id: "region", options: { regionMatcher } }] });
    }, OUTSIDE_LANDMARKS);
  }
  const violations = await page.evaluate(
    async ({ tags, colourRules }) => {
      const { axe } = window as unknown as { axe: typeof import("axe-core") };
      // Note: "region" (content outside landmarks) is a best practice, not tagged WCAG, and is
      // checked too, for the sidebar's landmark.
      const results = await axe.run(
        document,
        colourRules
          ? { runOnly: { type: "rule", values: colourRules } }
          : { runOnly: { type: "tag", values: tags }, rules: { region: { enabled: true } } },
      );
      return results.violations;
    },
    { tags: WCAG_21_AA, colourRules: colourOnly ? COLOUR_RULES : undefined },
  );
  return violations.flatMap(describeViolation);
}

/** Waits until nothing in the page has changed for `quiet` ms: Redoc draws a view in steps. */
async function settled(page: Page, quiet = 300) {
  await page.evaluate(
    (quiet) =>
      new Promise<void>((resolve) => {
        let timer = setTimeout(done, quiet);
        const observer = new MutationObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(done, quiet);
        });
        function done() {
          observer.disconnect();
          resolve();
        }
        observer.observe(document, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
      }),
    quiet,
  );
}

/**
 * Opens the search box, types `query` and waits for its results, which it returns. A click while
 * Redoc re-renders after a hash change can be lost, or land on an element that is then replaced,
 * and the box can close again before it is typed in: each step is short, and the steps are made
 * again from where the page is until the results are there.
 */
async function search(page: Page, query: string, expect: ExpectStatic): Promise<Locator> {
  const input = searchBox(page);
  const results = page.locator('[data-component-name="Search/SearchItem"]');
  const quick = { timeout: 2000 };
  await expect
    .poll(
      async () => {
        if (!(await input.isVisible())) {
          await page
            .getByText("Search", { exact: false })
            .first()
            .click(quick)
            .catch(() => {});
        } else if ((await input.inputValue(quick).catch(() => "")) !== query) {
          await input.fill(query, quick).catch(() => {});
        }
        return results.count();
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);
  return results;
}

/** The search box's input, there while the search is open. */
const searchBox = (page: Page) => page.getByPlaceholder("Search docs...");

/** Closes the search as a reader does, with Escape, and waits until it is gone. */
async function closeSearch(page: Page) {
  await page.keyboard.press("Escape");
  await searchBox(page).waitFor({ state: "hidden" });
}

/** Goes to a hash of the loaded page, as a click on a link there does, without reloading. */
async function goTo(page: Page, hash: string) {
  await page.evaluate((to) => {
    window.location.hash = to;
  }, hash);
}

/** Goes to an operation's route, as its sidebar link does; returns its view, drawn and settled. */
async function openOperation(page: Page, operation: Operation): Promise<Locator> {
  const hash = operationHash(operation);
  await goTo(page, hash);
  const view = page.locator(`[id="${hash.slice("#/".length)}"]`);
  await view.getByRole("heading", { name: operation.summary }).first().waitFor();
  await settled(page);
  return view;
}

/** Opens a dropdown menu and chooses its first or last item, which the button then shows. */
async function choose(
  page: Page,
  menuButton: Locator,
  which: "first" | "last",
  expect: ExpectStatic,
) {
  await menuButton.click();
  const item = page.getByRole("menu").getByRole("menuitem")[which]();
  const name = (await item.textContent())?.trim();
  await item.click();
  await page.getByRole("menu").waitFor({ state: "hidden" });
  await expect.poll(async () => (await menuButton.textContent())?.trim()).toBe(name);
}
