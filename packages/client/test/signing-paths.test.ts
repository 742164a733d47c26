import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import createClient from "openapi-fetch";
import { describe, expect, test } from "vitest";
import { akskAuth } from "../src/auth/aksk.js";
import { nodeCryptoDigests, webCryptoDigests } from "../src/auth/digest.js";
import { formatSdkDate, signFetchRequest, signRequest } from "../src/auth/signer.js";

// The shortcuts taken for speed must give what the general paths give.

const CREDENTIALS = { accessKey: "AK", secretKey: "SK-0123456789" };
const NOW = new Date("2026-11-25T08:30:00Z");

describe("signing a fetch Request reads its URL off the text, as parsing it would", () => {
  const segment = fc.oneof(
    fc.constantFrom("v2", "p", "a b", "é", "%41", "%zz", ".", "..", "", "~x", "a;b", "(x)"),
    fc.string({ maxLength: 4 }),
  );
  const query = fc.oneof(
    fc.constantFrom("", "?", "?a=1", "?b=2&a=1", "?a&a=", "?x=%20+y", "?q=a?b", "?&&k=v&"),
    fc.string({ maxLength: 12 }).map((text) => `?${text}`),
  );
  const origin = fc.constantFrom(
    "https://dayu.cn-north-4.myhuaweicloud.com",
    "http://127.0.0.1:4010",
    "HTTPS://Example.COM:443",
    "http://[::1]:8080",
    "http://user:pass@example.com",
    "http://example.com:80",
  );
  const fragment = fc.constantFrom("", "#", "#frag", "#a?b=c");

  test("for any path, query, fragment and host", async () => {
    await fc.assert(
      fc.asyncProperty(
        origin,
        fc.array(segment, { maxLength: 4 }),
        query,
        fragment,
        async (base, segments, search, hash) => {
          // Note: a Request's url is the URL serialised; URL gives the same text, and also takes
          // credentials, which Request refuses.
          const url = new URL(`${base}/${segments.join("/")}${search}${hash}`).href;
          const headers = new Headers({ "X-Project-Id": "p", workspace: "w" });
          const parts = { method: "GET", url, headers, body: null };
          const expected = await signRequest(parts, CREDENTIALS, { now: NOW });
          expect(signFetchRequest(parts, CREDENTIALS, { now: NOW })).toEqual(expected);
        },
      ),
      { seed: 11, numRuns: 500 },
    );
  });

  test("refuses what is not http(s), as signRequest does", () => {
    const parts = { method: "GET", url: "ftp://example.com/x", headers: new Headers() };
    expect(() => signFetchRequest(parts, CREDENTIALS)).toThrow("only http and https");
  });
});

describe("a query already in its strict encoding is signed as any other", () => {
  test.each([
    ["?b=2&a=1", "?b=%32&a=1"],
    ["?a=2&a=1&a-b=0", "?a=%32&a=1&a-b=0"],
    ["?limit=10&offset=0&submit_user_name=bench", "?limit=1%30&offset=0&submit_user_name=bench"],
    ["?z=&y=_~.-", "?z&y=_~.-"],
  ])("%s", async (plain, escaped) => {
    const sign = (search: string) =>
      signRequest({ method: "GET", url: `https://h/x${search}` }, CREDENTIALS, { now: NOW });
    const [a, b] = await Promise.all([sign(plain), sign(escaped)]);
    expect(a.headers.Authorization).toBe(b.headers.Authorization);
    expect(a.url).toBe(b.url);
    expect(a.url).toBe(`https://h/x${plain}`);
  });
});

describe("formatSdkDate, which reuses the text within a second", () => {
  test("gives each second its own text, however they alternate", () => {
    const dates = [
      "2026-11-25T08:30:00.000Z",
      "2026-11-25T08:30:00.999Z",
      "2026-11-25T08:30:01.000Z",
      "2026-11-25T08:30:00.500Z",
      "1969-12-31T23:59:59.500Z",
      "1970-01-01T00:00:00.000Z",
      "1969-12-31T23:59:59.999Z",
    ];
    expect(dates.map((iso) => formatSdkDate(new Date(iso)))).toEqual([
      "20261125T083000Z",
      "20261125T083000Z",
      "20261125T083001Z",
      "20261125T083000Z",
      "19691231T235959Z",
      "19700101T000000Z",
      "19691231T235959Z",
    ]);
  });

  test("still refuses an invalid date right after a valid one", () => {
    formatSdkDate(NOW);
    expect(() => formatSdkDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatSdkDate(new Date("+010000-01-01T00:00:00Z"))).toThrow(RangeError);
  });
});

describe("node:crypto digests computed in place", () => {
  const sync = nodeCryptoDigests?.sync;
  if (!sync) throw new Error("node:crypto is not reachable on this Node");

  test("HMAC computed in place equals createHmac, for any key and text", () => {
    const key = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: "grapheme", maxLength: 10 }),
      fc.constantFrom("", "k".repeat(64), "k".repeat(65), "é", "\uD800"),
    );
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 3 }), fc.string(), (keys, text) => {
        // Note: several keys in turn, as rotating credentials would.
        for (const secret of [...keys, ...keys]) {
          expect(sync.hmacSha256Hex(secret, text)).toBe(
            createHmac("sha256", secret).update(text).digest("hex"),
          );
        }
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  test("SHA-256 equals createHash for text, bytes, views and buffers", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.string(), (bytes, text) => {
        const expected = createHash("sha256").update(bytes).digest("hex");
        expect(sync.sha256Hex(bytes)).toBe(expected);
        expect(sync.sha256Hex(new DataView(bytes.buffer, bytes.byteOffset, bytes.length))).toBe(
          expected,
        );
        expect(sync.sha256Hex(bytes.slice().buffer)).toBe(expected);
        expect(sync.sha256Hex(text)).toBe(createHash("sha256").update(text).digest("hex"));
      }),
      { seed: 6, numRuns: 200 },
    );
  });

  test("a signature comes back at once with them, and as a promise with Web Crypto", async () => {
    const request = {
      method: "POST",
      url: "https://h/x?b=1&a=2",
      headers: new Headers({ "content-type": "application/json" }),
      body: '{"a":1}',
    };
    const now = signFetchRequest(request, CREDENTIALS, { now: NOW });
    const later = signFetchRequest(request, CREDENTIALS, { now: NOW, digests: webCryptoDigests });
    expect(now).not.toBeInstanceOf(Promise);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toEqual(now);
  });
});

describe("the AK/SK middleware with each kind of credentials source", () => {
  const url = "https://h/v2/p/things?a=1";
  const call = (source: () => unknown) =>
    akskAuth(source as never).onRequest?.({
      request: new Request(url),
      schemaPath: "/v2/{p}/things",
      params: {},
      options: {} as never,
      id: "1",
    });

  test("signs a read at once from a source that answers at once", () => {
    const signed = call(() => CREDENTIALS);
    expect(signed).toBeInstanceOf(Request);
    expect((signed as Request).headers.get("authorization")).toMatch(/^SDK-HMAC-SHA256 Access=AK,/);
  });

  test("waits for a promise or any thenable, and signs the same way", async () => {
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is no Promise is the point here
    const thenable = { then: (resolve: (value: unknown) => void) => resolve(CREDENTIALS) };
    for (const source of [async () => CREDENTIALS, () => thenable]) {
      const signed = (await call(source)) as Request;
      expect(signed.headers.get("authorization")).toMatch(/^SDK-HMAC-SHA256 Access=AK,/);
    }
  });

  test("a source that throws at once fails the call with its error", async () => {
    const failure = new Error("no credentials today");
    const client = createClient<Record<string, never>>({ baseUrl: "https://h" });
    client.use(
      akskAuth(() => {
        throw failure;
      }),
    );
    await expect(client.GET("/x" as never)).rejects.toBe(failure);
  });
});
