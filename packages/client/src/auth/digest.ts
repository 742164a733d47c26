/**
 * SHA-256 and HMAC-SHA256 as hex, for the signer. Web Crypto everywhere; where the runtime offers
 * node:crypto without an import (Node 20.16+, Bun, Deno: process.getBuiltinModule) that is used
 * instead, because Web Crypto in Node runs each digest on a thread pool: ~12 µs a call against ~1 µs.
 * node:crypto also computes in place, so a signature can be made without a promise (`sync`).
 */

import { builtin } from "../builtin.js";

/** The two digests a signature needs. */
export interface Digests {
  /** Which implementation this is. */
  readonly name: "web-crypto" | "node-crypto";
  /** hex(sha256(data)); a string is hashed as UTF-8. */
  sha256Hex(data: BufferSource | string): Promise<string>;
  /** hex(hmac_sha256(key = secretKey as UTF-8, data as UTF-8)). */
  hmacSha256Hex(secretKey: string, data: string): Promise<string>;
  /** The same digests without a promise, where the implementation computes them in place. */
  readonly sync?: SyncDigests | undefined;
}

/** Digests computed in place, for a signature made without waiting. */
export interface SyncDigests {
  /** hex(sha256(data)); a string is hashed as UTF-8. */
  sha256Hex(data: BufferSource | string): string;
  /** hex(hmac_sha256(key = secretKey as UTF-8, data as UTF-8)). */
  hmacSha256Hex(secretKey: string, data: string): string;
}

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

function toHex(digest: ArrayBuffer): string {
  const bytes = new Uint8Array(digest);
  let hex = "";
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i] as number];
  return hex;
}

const MAX_CACHED_KEYS = 16;
// Note: keyed by the SK so rotating credentials reuse their key; the map is module-private, the
// keys are non-extractable, and it is bounded so rotated-out secrets do not pile up.
const hmacKeys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secretKey: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secretKey);
  if (key === undefined) {
    if (hmacKeys.size >= MAX_CACHED_KEYS) {
      const oldest = hmacKeys.keys().next();
      if (!oldest.done) hmacKeys.delete(oldest.value);
    }
    key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secretKey),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    hmacKeys.set(secretKey, key);
    // Note: a failed import must not stay cached; callers still see the rejection.
    key.catch(() => hmacKeys.delete(secretKey));
  }
  return key;
}

/** Web Crypto: browsers, Deno, Bun, Node. */
export const webCryptoDigests: Digests = {
  name: "web-crypto",
  async sha256Hex(data) {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    return toHex(await crypto.subtle.digest("SHA-256", bytes));
  },
  async hmacSha256Hex(secretKey, data) {
    return toHex(await crypto.subtle.sign("HMAC", await hmacKey(secretKey), encoder.encode(data)));
  },
};

/** The slice of node:crypto used here, typed locally so the package needs no Node types. */
interface NodeCrypto {
  createHash(algorithm: "sha256"): Hasher;
  createHmac(algorithm: "sha256", key: string): Hasher;
  /** One-shot digest (Node 20.12+, 21.7+): no Hash object to build and collect. */
  hash?: OneShotHash;
}
type OneShotHash = (
  algorithm: "sha256",
  data: string | ArrayBufferView,
  outputEncoding: "hex",
) => string;
interface Hasher {
  update(data: string | ArrayBufferView): Hasher;
  digest(encoding: "hex"): string;
}

function view(data: BufferSource | string): string | ArrayBufferView {
  if (typeof data === "string" || ArrayBuffer.isView(data)) return data;
  return new Uint8Array(data);
}

const nodeCrypto = builtin<NodeCrypto>("node:crypto");

function nodeSyncDigests(crypto: NodeCrypto): SyncDigests {
  const hash = crypto.hash?.bind(crypto) as OneShotHash | undefined;
  return {
    sha256Hex: hash
      ? (data) => hash("sha256", view(data), "hex")
      : (data) => crypto.createHash("sha256").update(view(data)).digest("hex"),
    hmacSha256Hex: (secretKey, data) =>
      crypto.createHmac("sha256", secretKey).update(data).digest("hex"),
  };
}

const nodeSync = nodeCrypto && nodeSyncDigests(nodeCrypto);

/** node:crypto, where the runtime hands it out without an import; undefined elsewhere. */
export const nodeCryptoDigests: Digests | undefined = nodeSync && {
  name: "node-crypto",
  async sha256Hex(data) {
    return nodeSync.sha256Hex(data);
  },
  async hmacSha256Hex(secretKey, data) {
    return nodeSync.hmacSha256Hex(secretKey, data);
  },
  sync: nodeSync,
};

/** The fastest digests this runtime has. */
export const defaultDigests: Digests = nodeCryptoDigests ?? webCryptoDigests;
