/** SHA-256 and HMAC-SHA256 as hex, for the signer: the interface, and Web Crypto's. */

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

// Note: the last secret key's CryptoKey is kept, so that a client signing request after request
// imports its key once; it is non-extractable and module-private.
let lastSecretKey: string | undefined;
let lastKey: Promise<CryptoKey> | undefined;

function hmacKey(secretKey: string): Promise<CryptoKey> {
  if (lastKey === undefined || secretKey !== lastSecretKey) {
    const key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secretKey),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    lastSecretKey = secretKey;
    lastKey = key;
    // Note: a failed import must not stay cached; callers still see the rejection.
    key.catch(() => {
      if (lastKey === key) lastKey = undefined;
    });
  }
  return lastKey;
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
