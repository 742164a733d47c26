import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { akskAuthorize } from "../src/auth/aksk.js";
import { webCryptoDigests } from "../src/auth/digest.js";
import { formatSdkDate, signInPlace, signRequest } from "../src/auth/signer.js";
import type { Outgoing } from "../src/engine.js";
import { nodeCryptoDigests } from "../src/node/digests.js";

// The shortcuts taken for speed must give what the general paths give.

const CREDENTIALS = { accessKey: "AK", secretKey: "SK-0123456789" };
const NOW = new Date("2026-11-25T08:30:00Z");

describe("signing reads a serialised URL off its text, as parsing it would", () => {
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
    "http://example.com:80",
  );
  const fragment = fc.constantFrom("", "#", "#frag", "#a?b=c");
  const sign = (url: string) => {
    const request = { method: "GET", url, headers: { "x-project-id": "p" }, body: null };
    return { url: signInPlace(request, CREDENTIALS, NOW), headers: request.headers };
  };

  test("for any path, query, fragment and host", () => {
    fc.assert(
      fc.property(
        origin,
        fc.array(segment, { maxLength: 4 }),
        query,
        fragment,
        (base, segments, search, hash) => {
          // Note: what URL parsing makes of the text is the reference: its own pieces, joined.
          const url = new URL(`${base}/${segments.join("/")}${search}${hash}`);
          const pieces = `${url.protocol}//${url.host}${url.pathname}${url.search}`;
          expect(sign(url.href)).toEqual(sign(pieces));
        },
      ),
      { seed: 11, numRuns: 500 },
    );
  });

  test("refuses what is not http(s), and URLs with credentials", () => {
    expect(() => sign("ftp://example.com/x")).toThrow("only http and https");
    expect(() => sign("http://user:pass@example.com/x")).toThrow("credentials");
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

  test("for any strict query, as when one of its characters is escaped", async () => {
    const unreserved = fc.constantFrom(..."aAzZ09-._~");
    const piece = fc.tuple(
      fc.string({ unit: unreserved, minLength: 1, maxLength: 3 }),
      fc.string({ unit: unreserved, maxLength: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 6 }), async (pieces) => {
        const plain = pieces.map(([key, value]) => `${key}=${value}`).join("&");
        // Note: %XX of the first key's first character: the same parameters, no longer strict.
        const first = plain.charCodeAt(0).toString(16).toUpperCase();
        const escaped = `%${first}${plain.slice(1)}`;
        const sign = (query: string) =>
          signRequest({ method: "GET", url: `https://h/x?${query}` }, CREDENTIALS, { now: NOW });
        const [a, b] = await Promise.all([sign(plain), sign(escaped)]);
        expect(a).toEqual(b);
      }),
      { seed: 12, numRuns: 400 },
    );
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
    const request = () => ({
      method: "POST",
      url: "https://h/x?b=1&a=2",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    const inPlace = request();
    const awaited = request();
    const now = signInPlace(inPlace, CREDENTIALS, NOW, { digests: nodeCryptoDigests });
    const later = signInPlace(awaited, CREDENTIALS, NOW, { digests: webCryptoDigests });
    expect(now).not.toBeInstanceOf(Promise);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toEqual(now);
    expect(awaited.headers).toEqual(inPlace.headers);
  });
});

describe("the AK/SK authorizer with each kind of credentials source", () => {
  const outgoing = (): Outgoing => ({
    method: "GET",
    url: "https://h/v2/p/things?a=1",
    headers: {},
    body: null,
  });

  test("signs at once with fixed credentials, or a source that answers at once", () => {
    for (const credentials of [CREDENTIALS, () => CREDENTIALS]) {
      const request = outgoing();
      expect(akskAuthorize(credentials)(request)).toBeUndefined();
      expect(request.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=AK,/);
    }
  });

  test("waits for a promise or any thenable, and signs the same way", async () => {
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is no Promise is the point here
    const thenable = { then: (resolve: (value: unknown) => void) => resolve(CREDENTIALS) };
    for (const source of [async () => CREDENTIALS, () => thenable]) {
      const request = outgoing();
      await akskAuthorize(source as never)(request);
      expect(request.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=AK,/);
    }
  });

  test("a source that throws at once throws its error", () => {
    const failure = new Error("no credentials today");
    const authorize = akskAuthorize(() => {
      throw failure;
    });
    expect(() => authorize(outgoing())).toThrow(failure);
  });
});
