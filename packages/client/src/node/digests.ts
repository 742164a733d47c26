/**
 * node:crypto's digests, where the runtime offers it without an import (Node 20.16+, Bun, Deno:
 * process.getBuiltinModule): Web Crypto in Node runs each digest on a thread pool, ~12 µs a call
 * against ~1 µs. node:crypto also computes in place, so a signature can be made without a promise.
 */

import type { Digests, SyncDigests } from "../auth/digest.js";
import { builtin } from "./builtin.js";

/** The slice of node:crypto used here, typed locally so the package needs no Node types. */
interface NodeCrypto {
  createHash(algorithm: "sha256"): Hasher;
  createHmac(algorithm: "sha256", key: SecretKey): Hasher;
  createSecretKey(key: string, encoding: "utf8"): SecretKey;
  /** One-shot digest (Node 20.12+, 21.7+): no Hash object to build and collect. */
  hash?: OneShotHash;
}
type OneShotHash = (
  algorithm: "sha256",
  data: string | ArrayBufferView,
  outputEncoding: "hex",
) => string;
/** A KeyObject: the key held natively, ready for HMAC. */
type SecretKey = object;
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
  // Note: the last secret key's KeyObject is kept, so that a client signing request after request
  // does not prepare its key each time; it is module-private, as the Web Crypto one is.
  let lastSecretKey: string | undefined;
  let lastKey: SecretKey | undefined;
  const keyOf = (secretKey: string): SecretKey => {
    if (lastKey === undefined || secretKey !== lastSecretKey) {
      lastKey = crypto.createSecretKey(secretKey, "utf8");
      lastSecretKey = secretKey;
    }
    return lastKey;
  };
  return {
    sha256Hex: hash
      ? (data) => hash("sha256", view(data), "hex")
      : (data) => crypto.createHash("sha256").update(view(data)).digest("hex"),
    hmacSha256Hex: (secretKey, data) =>
      crypto.createHmac("sha256", keyOf(secretKey)).update(data).digest("hex"),
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
