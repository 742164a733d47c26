import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createDlfClient, DlfError, type OffsetMode } from "../src/index.js";

/** A loopback service holding `count` items and release packages, paged as `mode` says. */
async function startCatalogue(count: number, mode: OffsetMode) {
  const seen: { limit: number; offset: number }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://x");
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    const limit = Number(url.searchParams.get("limit") ?? body.limit ?? 10);
    const offset = Number(url.searchParams.get("offset") ?? body.offset ?? 0);
    seen.push({ limit, offset });
    const start = mode === "page" ? offset * limit : offset;
    const ids = Array.from({ length: Math.max(0, Math.min(limit, count - start)) }, (_, i) =>
      String(start + i),
    );
    const data = url.pathname.endsWith("pending-items")
      ? ids.map((pending_item_id) => ({ pending_item_id }))
      : ids.map((package_id) => ({ package_id }));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ data, total: count }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      server.close();
      await once(server, "close");
    },
  };
}

let catalogue: Awaited<ReturnType<typeof startCatalogue>>;
afterEach(() => catalogue.close());

const client = (offsetMode?: OffsetMode) =>
  createDlfClient({
    baseUrl: catalogue.url,
    projectId: "p",
    workspace: "w",
    credentials: { token: "t" },
    env: {},
    ...(offsetMode ? { offsetMode } : {}),
  });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe.each<OffsetMode>(["page", "record"])("offset as a %s", (mode) => {
  beforeEach(async () => {
    catalogue = await startCatalogue(250, mode);
  });

  test("walks every pending item once, in order", async () => {
    const items = await collect(client(mode).pendingItems({ item_name: "job" }, { pageSize: 100 }));
    expect(items.map((i) => i.pending_item_id)).toEqual(
      Array.from({ length: 250 }, (_, i) => String(i)),
    );
    expect(catalogue.seen.map((s) => s.offset)).toEqual(
      mode === "page" ? [0, 1, 2] : [0, 100, 200],
    );
  });

  test("walks every release package once, in order", async () => {
    const packages = await collect(client(mode).releasePackages({}, { pageSize: 30 }));
    expect(packages.map((p) => p.package_id)).toEqual(
      Array.from({ length: 250 }, (_, i) => String(i)),
    );
    expect(catalogue.seen).toHaveLength(9);
  });
});

describe("iteration stops where it should", () => {
  beforeEach(async () => {
    catalogue = await startCatalogue(200, "page");
  });

  test("by default, pages of 100 and the offset a page number", async () => {
    await collect(client().pendingItems());
    expect(catalogue.seen).toEqual([
      { limit: 100, offset: 0 },
      { limit: 100, offset: 1 },
    ]);
  });

  test("total reached ends it without asking for an empty page", async () => {
    await collect(client().releasePackages({}, { pageSize: 100 }));
    expect(catalogue.seen).toHaveLength(2);
  });

  test("more than 10,000 items throws unless maxItems says otherwise", async () => {
    await catalogue.close();
    catalogue = await startCatalogue(10_001, "page");
    await expect(collect(client().pendingItems())).rejects.toThrow(
      "stopped after 10000 items (maxItems): the service reports 10001",
    );
    expect(catalogue.seen).toHaveLength(101);
  });

  test("maxItems may be Infinity", async () => {
    const items = await collect(client().pendingItems({}, { maxItems: Infinity }));
    expect(items).toHaveLength(200);
  });

  test("more than maxItems throws rather than stop silently", async () => {
    const iterate = collect(client().pendingItems({}, { pageSize: 50, maxItems: 120 }));
    await expect(iterate).rejects.toBeInstanceOf(DlfError);
    await expect(iterate).rejects.toThrow(/maxItems/);
  });

  test("breaking out early asks for no further page", async () => {
    for await (const item of client().pendingItems({}, { pageSize: 10 })) {
      if (item.pending_item_id === "5") break;
    }
    expect(catalogue.seen).toHaveLength(1);
  });
});

describe("the iterator keeps an async generator's promises", () => {
  beforeEach(async () => {
    catalogue = await startCatalogue(25, "page");
  });

  test("next() called many times at once answers in order, one page request at a time", async () => {
    const items = client().pendingItems({}, { pageSize: 10 });
    const results = await Promise.all(Array.from({ length: 27 }, () => items.next()));
    expect(results.slice(0, 25).map((r) => r.value?.pending_item_id)).toEqual(
      Array.from({ length: 25 }, (_, i) => String(i)),
    );
    expect(results.slice(25)).toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
    expect(catalogue.seen.map((s) => s.offset)).toEqual([0, 1, 2]);
  });

  test("return() while a page is on its way ends the iteration after the item asked for", async () => {
    const items = client().pendingItems({}, { pageSize: 10 });
    const first = items.next();
    await expect(items.return?.()).resolves.toEqual({ value: undefined, done: true });
    await expect(first).resolves.toEqual({ value: { pending_item_id: "0" }, done: false });
    await expect(items.next()).resolves.toEqual({ value: undefined, done: true });
    expect(catalogue.seen).toHaveLength(1);
  });

  test("a failed page rejects that next() and ends the iteration", async () => {
    const items = client().pendingItems({}, { pageSize: 10, maxItems: 5 });
    await expect(items.next()).rejects.toThrow(/maxItems/);
    await expect(items.next()).resolves.toEqual({ value: undefined, done: true });
    expect(catalogue.seen).toHaveLength(1);
  });

  test("it is its own async iterator", () => {
    const items = client().pendingItems();
    expect(items[Symbol.asyncIterator]()).toBe(items);
  });
});

describe("iterator options are checked before anything is sent", () => {
  beforeEach(async () => {
    catalogue = await startCatalogue(5, "page");
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["pageSize 0", { pageSize: 0 }, "options.pageSize"],
    ["pageSize 101", { pageSize: 101 }, "options.pageSize"],
    ["maxItems 0", { maxItems: 0 }, "options.maxItems"],
    ["a misspelt option", { pagesize: 10 }, "options.pagesize"],
    ["a bad call option", { timeoutMs: -1 }, "options.timeoutMs"],
  ])("%s", (_, options, field) => {
    expect(() => client().pendingItems({}, options as never)).toThrow(
      expect.objectContaining({ field }),
    );
    expect(catalogue.seen).toHaveLength(0);
  });
});

describe("a page that fails while next() calls wait for it", () => {
  beforeEach(async () => {
    catalogue = await startCatalogue(25, "page");
  });

  test("rejects the call that asked for it, and ends the waiting ones, as a generator would", async () => {
    const items = client().pendingItems({}, { pageSize: 10, maxItems: 5 });
    const [first, second, third] = await Promise.allSettled([
      items.next(),
      items.next(),
      items.next(),
    ]);
    expect(first).toMatchObject({ status: "rejected", reason: expect.any(DlfError) });
    expect(second).toEqual({ status: "fulfilled", value: { value: undefined, done: true } });
    expect(third).toEqual({ status: "fulfilled", value: { value: undefined, done: true } });
    expect(catalogue.seen).toHaveLength(1);
  });
});
