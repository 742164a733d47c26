/**
 * AK/SK request signing ("SDK-HMAC-SHA256"), as Huawei Cloud's API gateway verifies it: one small
 * function per step, which `signRequest` calls in turn. Portable (Web Crypto, or node:crypto where
 * present), and published as `@dlf-release/client/signer` for other Huawei Cloud APIs too.
 */

import { type AkSkCredentials, checkAkSk } from "../credentials.js";
import { hash } from "./hash.js";
import {
  authorizationHeader,
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  formatSdkDate,
  normalizeUrl,
  stringToSign,
} from "./steps.js";

export * from "./steps.js";

/** hex(sha256("")): the payload hash of a request without a body. */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * Request headers signed when the request carries them (lower-case); host always is (from the
 * URL), x-sdk-date too, and x-security-token whenever the credentials have one.
 */
export const DEFAULT_HEADERS_TO_SIGN: readonly string[] = Object.freeze([
  "content-type",
  "host",
  // Note: the official SDK cores sign every header they set, this API's `workspace` included;
  // signing it keeps the workspace choice tamper-proof.
  "workspace",
  "x-project-id",
  "x-sdk-date",
  "x-security-token",
]);

/** An AK/SK pair; temporary credentials also carry a security token (sent and signed). */
export type SigningCredentials = AkSkCredentials;

/** The parts of a request that the signature covers. */
export interface RequestToSign {
  /** HTTP method; normalised as fetch does (the six standard methods are upper-cased). */
  method: string;
  /** Absolute http(s) URL; any encoding, the signed one is in the result's `url`. */
  url: string | URL;
  /** Headers that will be sent; the ones named in `headersToSign` are signed when present. */
  headers?: HeadersInit | undefined;
  /** The exact body bytes that will be sent (a string is sent as UTF-8); none means empty. */
  body?: BufferSource | string | null | undefined;
}

/** Knobs of `signRequest`. */
export interface SignOptions {
  /** The signing time, sent as X-Sdk-Date; default now. The gateway allows 15 minutes of skew. */
  now?: Date | undefined;
  /** Lower-case names of headers to sign when present; default `DEFAULT_HEADERS_TO_SIGN`. */
  headersToSign?: readonly string[] | undefined;
}

/** Headers to add to the request; the signature covers them. */
export interface AuthHeaders {
  /** Signing time, UTC `YYYYMMDDTHHMMSSZ`. */
  "X-Sdk-Date": string;
  /** `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex>`. */
  Authorization: string;
  /** The temporary credentials' security token, when there is one. */
  "X-Security-Token"?: string;
}

/** What to send: the URL in its signed encoding, plus the headers to add. */
export interface SignedRequest {
  /** The URL to send: path and query in exactly the encoding that was signed, fragment dropped. */
  url: string;
  /** Headers to set on the request before sending it. */
  headers: AuthHeaders;
  /** The names that were signed, `;`-separated (as in the Authorization header). */
  signedHeaders: string;
}

const FETCH_UPPERCASED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/** hex(sha256(data)); a string is hashed as UTF-8. */
export function sha256Hex(data: BufferSource | string): Promise<string> {
  return hash.sha256Hex(data);
}

/** Signature: hex(hmac_sha256(key = SK as UTF-8, StringToSign)). */
export function computeSignature(secretKey: string, stringToSignValue: string): Promise<string> {
  return hash.hmacSha256Hex(secretKey, stringToSignValue);
}

/**
 * Signs a request: returns the URL to send (its signed encoding) and the X-Sdk-Date, Authorization
 * and, for temporary credentials, X-Security-Token headers to add.
 */
export async function signRequest(
  request: RequestToSign,
  credentials: SigningCredentials,
  options: SignOptions = {},
): Promise<SignedRequest> {
  const { accessKey, secretKey, securityToken } = checkAkSk(credentials, (f) => f, "signRequest");
  const url = normalizeUrl(request.url);
  const { host, pathname, search } = new URL(url);
  const sdkDate = formatSdkDate(options.now ?? new Date());
  const headers = new Headers(request.headers);
  headers.set("x-sdk-date", sdkDate);
  if (!headers.has("host")) headers.set("host", host);
  if (securityToken !== undefined) headers.set("x-security-token", securityToken);
  const names = (options.headersToSign ?? DEFAULT_HEADERS_TO_SIGN).map((name) =>
    name.trim().toLowerCase(),
  );
  const toSign = new Set([...names, "x-sdk-date", "x-security-token"]);
  toSign.delete("authorization");
  const signed = canonicalHeaders([...headers].filter(([name]) => toSign.has(name)));
  const { body } = request;
  const empty = body == null || (typeof body === "string" ? body === "" : body.byteLength === 0);
  const upper = request.method.toUpperCase();
  const canonical = canonicalRequest({
    method: FETCH_UPPERCASED_METHODS.has(upper) ? upper : request.method,
    canonicalUri: canonicalUri(pathname),
    canonicalQueryString: canonicalQueryString(search),
    ...signed,
    payloadHash: empty ? EMPTY_BODY_SHA256 : await sha256Hex(body),
  });
  const signature = await computeSignature(
    secretKey,
    stringToSign(sdkDate, await sha256Hex(canonical)),
  );
  const authHeaders: AuthHeaders = {
    "X-Sdk-Date": sdkDate,
    Authorization: authorizationHeader(accessKey, signed.signedHeaders, signature),
  };
  if (securityToken !== undefined) authHeaders["X-Security-Token"] = securityToken;
  return { url, headers: authHeaders, signedHeaders: signed.signedHeaders };
}
