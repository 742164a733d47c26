import { existsSync } from "node:fs";
import { launchChromium } from "@dlf-release/chromium";
import * as esbuild from "esbuild";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type * as Client from "../src/index.js";
import { type Gateway, type ReceivedRequest, startGateway } from "./support/gateway.js";

// The package's browser build, as a bundler makes it from dist/ (fetch, and Web Crypto since a
// browser hands out no node:crypto), run in Debian's Chromium against the loopback gateway, which
// checks every signature with node:crypto. Chromium missing is a failure that says how to install it.

const TEMPORARY = { accessKey: "AK-BROWSER", secretKey: "sk-browser/+=", securityToken: "st-1" };
const ITEMS = Array.from({ length: 5 }, (_, i) => ({ pending_item_id: String(i) }));

/** What the gateway's stand-in service answers. */
function answer(request: ReceivedRequest) {
  const url = new URL(request.url, "http://x");
  if (url.pathname.endsWith("/pending-items")) {
    const limit = Number(url.searchParams.get("limit"));
    const offset = Number(url.searchParams.get("offset") ?? 0);
    return {
      json: { data: ITEMS.slice(offset * limit, (offset + 1) * limit), total: ITEMS.length },
    };
  }
  if (url.pathname.endsWith("/package")) {
    return {
      json: { release_package_id: "42", package_name: JSON.parse(`${request.body}`).package_name },
    };
  }
  return { json: { data: [], total: 0 } };
}

/** The browser bundle of dist/index.js, as a consumer's bundler makes it. */
async function browserBundle(): Promise<string> {
  if (!existsSync("dist/index.js")) throw new Error("dist/ is missing: run `pnpm build` first");
  const result = await esbuild.build({
    entryPoints: ["dist/index.js"],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
    tsconfigRaw: "{}",
  });
  return result.outputFiles[0]?.text ?? "";
}

type Window = { client: typeof Client };

describe("the browser build in Chromium", () => {
  let gateway: Gateway;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  /** Why Chromium did not start: every test fails with it (a missing browser is never a skip). */
  let launchError: unknown;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    gateway = await startGateway({
      credentials: new Map([
        [TEMPORARY.accessKey, { secretKey: TEMPORARY.secretKey, securityToken: "st-1" }],
      ]),
      handler: answer,
      files: {
        "/": {
          type: "text/html",
          body: '<!doctype html><script type="module">import * as client from "/client.js"; window.client = client;</script>',
        },
        "/client.js": { type: "text/javascript", body: await browserBundle() },
      },
    });
    try {
      browser = await launchChromium({ origin: gateway.url });
    } catch (error) {
      launchError = error;
      return;
    }
    context = browser.context;
    page = await context.newPage();
    await page.goto(`${gateway.url}/`);
    await page.waitForFunction(() => "client" in window);
  });

  afterAll(async () => {
    if (browser) expect(browser.outside, "requests that would have left 127.0.0.1").toEqual([]);
    await browser?.close();
    await gateway?.close();
  });

  beforeEach(() => {
    if (launchError !== undefined) throw launchError;
    gateway.requests.length = 0;
    gateway.rejections.length = 0;
  });

  test("signs with Web Crypto and sends with fetch: every operation and an iterator", async () => {
    const results = await page.evaluate(async (credentials) => {
      const { createDlfClient } = (window as unknown as Window).client;
      const dlf = createDlfClient({
        baseUrl: location.origin,
        projectId: "p1",
        workspace: "w1",
        credentials: async () => credentials,
      });
      const first = await dlf.listFactoryPendingItems({ limit: 2, item_name: "a b+é" });
      const created = await dlf.createFactoryPendingItemsPackage({
        apply_user_id: "u1",
        package_name: "nightly 一",
        pending_item_list: ["0", "1"],
        approver_ids: ["a1"],
      });
      await dlf.listFactoryReleasePackages({ deploy_status_filter: [1] });
      await dlf.showFactoryPackageDetail("42");
      const walked: string[] = [];
      for await (const item of dlf.pendingItems({}, { pageSize: 2 })) {
        walked.push(item.pending_item_id ?? "");
      }
      return { first: first.data?.length, created, walked };
    }, TEMPORARY);

    expect(results).toEqual({
      first: 2,
      created: { release_package_id: "42", package_name: "nightly 一" },
      walked: ["0", "1", "2", "3", "4"],
    });
    expect(gateway.rejections).toEqual([]);
    expect(gateway.requests).toHaveLength(7);
    for (const request of gateway.requests) {
      expect(request.headers["user-agent"]).toMatch(/HeadlessChrome/);
      expect(request.accessKey).toBe(TEMPORARY.accessKey);
      expect(request.signedHeaders).toEqual(
        expect.arrayContaining(["host", "x-project-id", "x-sdk-date", "x-security-token"]),
      );
    }
    expect(gateway.requests[0]?.url).toBe(
      "/v2/p1/factory/pending-items?limit=2&item_name=a%20b%2B%C3%A9",
    );
    expect(gateway.requests[1]?.signedHeaders).toContain("content-type");
  });

  test("a wrong secret key comes back as a DlfApiError, 401 APIG.0301", async () => {
    const error = await page.evaluate(async (accessKey) => {
      const { createDlfClient, DlfApiError } = (window as unknown as Window).client;
      const dlf = createDlfClient({
        baseUrl: location.origin,
        projectId: "p1",
        workspace: "w1",
        credentials: { accessKey, secretKey: "not-the-secret", securityToken: "st-1" },
      });
      const thrown = await dlf.listFactoryPendingItems().catch((e: unknown) => e);
      if (!(thrown instanceof DlfApiError)) return String(thrown);
      const { name, status, errorCode, retryable } = thrown;
      return { name, status, errorCode, retryable };
    }, TEMPORARY.accessKey);
    expect(error).toEqual({
      name: "DlfApiError",
      status: 401,
      errorCode: "APIG.0301",
      retryable: false,
    });
    expect(gateway.rejections.map((r) => r.reason)).toEqual(["signature does not match"]);
  });
});
