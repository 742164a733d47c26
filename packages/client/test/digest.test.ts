import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type Digests, webCryptoDigests } from "../src/auth/digest.js";
import { signRequest } from "../src/auth/signer.js";
import { nodeCryptoDigests } from "../src/node/digests.js";
import { platform } from "../src/platform/node.js";

const backends = [webCryptoDigests, nodeCryptoDigests].filter(
  (digests): digests is Digests => digests !== undefined,
);

test("node uses node:crypto, reached without an import", () => {
  expect(backends.map((digests) => digests.name)).toEqual(["web-crypto", "node-crypto"]);
  expect(platform.digests.name).toBe("node-crypto");
});

describe.each(backends)("$name", (digests) => {
  const EXAMPLE = { accessKey: "AccessKey", secretKey: "SecretKey" };

  test("signs the published python vectors", async () => {
    const url = "https://service.endpoint.myhuaweicloud.com/resources?size=1";
    const now = new Date("2020-06-08T02:39:00Z");
    const get = await signRequest({ method: "GET", url }, EXAMPLE, { now, digests });
    const post = await signRequest(
      { method: "POST", url, body: '{"name":"test","id":1}' },
      EXAMPLE,
      { now, digests },
    );
    expect(get.headers.Authorization).toMatch(
      /Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842$/,
    );
    expect(post.headers.Authorization).toMatch(
      /Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f$/,
    );
  });

  test("hashes the empty body to e3b0c442...", async () => {
    expect(await digests.sha256Hex(new ArrayBuffer(0))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});

test("both backends agree on any bytes, text and key", async () => {
  if (!nodeCryptoDigests) throw new Error("node:crypto is not reachable on this Node");
  const node = nodeCryptoDigests;
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array(),
      fc.string({ unit: "grapheme" }),
      fc.string({ minLength: 1 }),
      async (bytes, text, key) => {
        expect(await node.sha256Hex(bytes)).toBe(await webCryptoDigests.sha256Hex(bytes));
        expect(await node.sha256Hex(text)).toBe(await webCryptoDigests.sha256Hex(text));
        expect(await node.hmacSha256Hex(key, text)).toBe(
          await webCryptoDigests.hmacSha256Hex(key, text),
        );
      },
    ),
    { seed: 7, numRuns: 200 },
  );
});
