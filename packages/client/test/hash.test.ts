import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { hash, nodeCryptoHash, webCryptoHash } from "../src/signer/hash.js";

const nodeHash = nodeCryptoHash(createRequire(import.meta.url)("node:crypto"));

test("the signer hashes with node:crypto where the runtime hands it out, else Web Crypto", () => {
  const hasBuiltins = typeof process.getBuiltinModule === "function";
  expect(hash === webCryptoHash).toBe(!hasBuiltins);
});

describe.each([
  ["Web Crypto", webCryptoHash],
  ["node:crypto", nodeHash],
])("%s", (_, implementation) => {
  test("hashes the empty body to e3b0c442...", async () => {
    expect(await implementation.sha256Hex(new ArrayBuffer(0))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});

test("both implementations agree on any bytes, views, text and key", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array(),
      fc.nat(8),
      fc.string({ unit: "grapheme" }),
      fc.string({ minLength: 1 }),
      async (bytes, cut, text, key) => {
        const view = bytes.subarray(Math.min(cut, bytes.length));
        for (const data of [bytes, bytes.buffer, view, text]) {
          expect(await nodeHash.sha256Hex(data)).toBe(await webCryptoHash.sha256Hex(data));
        }
        expect(await nodeHash.hmacSha256Hex(key, text)).toBe(
          await webCryptoHash.hmacSha256Hex(key, text),
        );
      },
    ),
    { seed: 7, numRuns: 200 },
  );
});
