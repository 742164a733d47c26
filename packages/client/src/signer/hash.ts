/**
 * SHA-256 and HMAC-SHA256 as hex, for the signer: node:crypto where the runtime hands it out
 * without an import (Node, Bun, Deno), so that the package loads in browsers too; Web Crypto
 * elsewhere.
 */

/** The two digests a signature needs. */
export interface Hash {
  /** hex(sha256(data)); a string is hashed as UTF-8. */
  sha256Hex(data: BufferSource | string): Promise<string>;
  /** hex(hmac_sha256(key = secretKey as UTF-8, data as UTF-8)). */
  hmacSha256Hex(secretKey: string, data: string): Promise<string>;
}

/** The part of node:crypto used here (the package is typed without Node's types). */
interface NodeCrypto {
  createHash(algorithm: "sha256"): Digester;
  createHmac(algorithm: "sha256", key: string): Digester;
}
interface Digester {
  update(data: string | ArrayBufferView): Digester;
  digest(encoding: "hex"): string;
}

const encoder = new TextEncoder();

function toHex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// Note: a client signs request after request with one key; importing it once saves a round trip
// through Web Crypto each time. The CryptoKey is non-extractable and module-private.
let lastKey: { secretKey: string; key: Promise<CryptoKey> } | undefined;

function hmacKey(secretKey: string): Promise<CryptoKey> {
  if (lastKey?.secretKey !== secretKey) {
    const key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secretKey),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    lastKey = { secretKey, key };
  }
  return lastKey.key;
}

/** Web Crypto: browsers, Deno, Bun, Node. */
export const webCryptoHash: Hash = {
  async sha256Hex(data) {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    return toHex(await crypto.subtle.digest("SHA-256", bytes));
  },
  async hmacSha256Hex(secretKey, data) {
    return toHex(await crypto.subtle.sign("HMAC", await hmacKey(secretKey), encoder.encode(data)));
  },
};

/** node:crypto, where the runtime has it: a fraction of Web Crypto's cost per digest. */
export function nodeCryptoHash(nodeCrypto: NodeCrypto): Hash {
  return {
    async sha256Hex(data) {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
      return nodeCrypto.createHash("sha256").update(bytes).digest("hex");
    },
    async hmacSha256Hex(secretKey, data) {
      return nodeCrypto.createHmac("sha256", secretKey).update(data).digest("hex");
    },
  };
}

function builtinCrypto(): NodeCrypto | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  try {
    return runtime?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
}

const nodeCrypto = builtinCrypto();

/** The digests this runtime computes fastest. */
export const hash: Hash = nodeCrypto ? nodeCryptoHash(nodeCrypto) : webCryptoHash;
