/**
 * AK/SK request signing ("SDK-HMAC-SHA256"), as Huawei Cloud's API gateway verifies it.
 * Portable: Web Crypto and TextEncoder (node:crypto where the runtime hands it out, for speed), so
 * it runs in browsers, Deno, Bun and Node 20+. Published as `@dlf-release/client/signer`, for
 * signing requests to other Huawei Cloud APIs too.
 */

import { platform } from "#platform";
import { checkAkSk } from "../credentials.js";
import type { Digests } from "./digest.js";

/** The signing algorithm's name, first word of the Authorization header. */
export const ALGORITHM = "SDK-HMAC-SHA256";

/** hex(sha256("")): the payload hash of a request without a body. */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * Request headers signed when the request carries them, lower-case and sorted as the canonical
 * headers list them: x-sdk-date is always there, and x-security-token whenever the credentials
 * have one; host is always present (from the URL).
 */
export const DEFAULT_HEADERS_TO_SIGN: readonly string[] = Object.freeze([
  "content-type",
  "host",
  // Note: the official SDK cores sign every header they set before signing, which for this API
  // includes the operation header `workspace`; signing it keeps the workspace choice tamper-proof.
  "workspace",
  "x-project-id",
  "x-sdk-date",
  "x-security-token",
]);

/** An AK/SK pair; temporary credentials also carry a security token. */
export interface SigningCredentials {
  /** Access key id (AK), sent in the Authorization header. */
  accessKey: string;
  /** Secret access key (SK): the HMAC key, never sent. */
  secretKey: string;
  /** Security token of temporary credentials: sent as X-Security-Token and signed. */
  securityToken?: string | undefined;
}

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
  /** The hash implementation; default the fastest the runtime has. */
  digests?: Digests | undefined;
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

const encoder = new TextEncoder();
const UNRESERVED = /^[A-Za-z0-9_.~-]*$/;
const UNRESERVED_PATH = /^[A-Za-z0-9_.~/-]*$/;
const ENCODE_URI_COMPONENT_LEFTOVERS = /[!'()*]/g;
const STRAY_PERCENT = /%(?![0-9A-Fa-f]{2})/g;
const PERCENT_TOKEN = /%[0-9A-Fa-f]{2}|[^%]+/g;
const HTTP_WHITESPACE_AROUND = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const FETCH_UPPERCASED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/**
 * Percent-encodes a string's UTF-8 bytes, leaving only A-Z a-z 0-9 - _ . ~ (upper-case hex). The
 * string must be well-formed, as every piece of a parsed URL is.
 */
export function percentEncode(value: string): string {
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(ENCODE_URI_COMPONENT_LEFTOVERS, escapeLeftover);
}

function escapeLeftover(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * Decodes percent-escapes the way URLSearchParams does: a stray "%" stays literal and bytes that
 * are not UTF-8 become U+FFFD, so any URL fetch accepts can be signed.
 */
function percentDecode(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    const bytes: number[] = [];
    for (const token of value.replace(STRAY_PERCENT, "%25").match(PERCENT_TOKEN) ?? []) {
      if (token.charCodeAt(0) === 37 /* % */) bytes.push(Number.parseInt(token.slice(1), 16));
      else for (const byte of encoder.encode(token)) bytes.push(byte);
    }
    return new TextDecoder().decode(new Uint8Array(bytes));
  }
}

/** The path re-encoded strictly, segment by segment, without CanonicalURI's trailing "/". */
function normalizePath(pathname: string): string {
  // Note: the usual path (unreserved characters and slashes) is its own strict encoding.
  if (UNRESERVED_PATH.test(pathname)) return pathname;
  const segments = pathname.split("/");
  for (let i = 0; i < segments.length; i++) {
    segments[i] = percentEncode(percentDecode(segments[i] as string));
  }
  return segments.join("/");
}

/** CanonicalURI of an (encoded) URL path: each segment strictly re-encoded, ending in "/". */
export function canonicalUri(pathname: string): string {
  const path = normalizePath(pathname);
  return path.endsWith("/") ? path : `${path}/`;
}

interface QueryParameter {
  key: string;
  value: string;
  /** `percentEncode(key)=percentEncode(value)`. */
  encoded: string;
}

/**
 * Splits a query as application/x-www-form-urlencoded ("+" is a space, a bare key has an empty
 * value, empty pieces are skipped), keeping order.
 */
function parseQuery(search: string): QueryParameter[] {
  const query = search.startsWith("?") ? search.slice(1) : search;
  const parameters: QueryParameter[] = [];
  if (query === "") return parameters;
  for (const piece of query.split("&")) {
    if (piece === "") continue;
    const equals = piece.indexOf("=");
    const rawKey = equals === -1 ? piece : piece.slice(0, equals);
    const rawValue = equals === -1 ? "" : piece.slice(equals + 1);
    // Note: the usual piece, unreserved characters around its "=", is its own strict encoding.
    if (equals !== -1 && UNRESERVED.test(rawKey) && UNRESERVED.test(rawValue)) {
      parameters.push({ key: rawKey, value: rawValue, encoded: piece });
      continue;
    }
    const key = percentDecode(rawKey.includes("+") ? rawKey.replaceAll("+", " ") : rawKey);
    const value = percentDecode(rawValue.includes("+") ? rawValue.replaceAll("+", " ") : rawValue);
    parameters.push({ key, value, encoded: `${percentEncode(key)}=${percentEncode(value)}` });
  }
  return parameters;
}

// Note: JavaScript's default string order (UTF-16 code units), as the official Node and Java cores
// sort; it differs from code point order only between astral characters and U+E000..U+FFFF.
function byKeyThenValue(a: QueryParameter, b: QueryParameter): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return 0;
}

/** The query to send, in its original order, and CanonicalQueryString: both strictly encoded. */
function encodeQuery(search: string): { query: string; canonical: string } {
  const parameters = parseQuery(search);
  const query = joinEncoded(parameters);
  if (parameters.length < 2) return { query, canonical: query };
  return { query, canonical: joinEncoded(parameters.sort(byKeyThenValue)) };
}

function joinEncoded(parameters: readonly QueryParameter[]): string {
  let joined = "";
  // Note: `encoded` always holds "=", so an empty `joined` means "first parameter".
  for (const { encoded } of parameters) joined += joined === "" ? encoded : `&${encoded}`;
  return joined;
}

/** CanonicalQueryString of a raw query ("?" optional): decoded pairs sorted by key then value, re-encoded strictly. */
export function canonicalQueryString(search: string): string {
  return joinEncoded(parseQuery(search).sort(byKeyThenValue));
}

/**
 * The URL with its path and query re-encoded strictly (parameter order kept, `k` becomes `k=`) and
 * its fragment dropped: sending this URL sends exactly what the signature covers.
 */
export function normalizeUrl(url: string | URL): string {
  const parsed = parseHttpUrl(url);
  return assembleUrl(
    parsed,
    normalizePath(parsed.pathname),
    joinEncoded(parseQuery(parsed.search)),
  );
}

/** The pieces of an http(s) URL that a signature reads. */
interface UrlParts {
  /** `protocol//host`. */
  origin: string;
  host: string;
  pathname: string;
  search: string;
}

function parseHttpUrl(url: string | URL): UrlParts {
  const parsed = typeof url === "string" ? new URL(url) : url;
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new TypeError(`cannot sign a ${parsed.protocol} URL: only http and https are supported`);
  }
  const { host, pathname, search } = parsed;
  return { origin: `${parsed.protocol}//${host}`, host, pathname, search };
}

/**
 * The pieces of a serialised http(s) URL (`href`, a Request's `url`) read off its text, as parsing
 * it would give them: serialised, such a URL has a lower-case host, a path that starts with "/",
 * and no "?" or "#" but the ones that start its query and fragment.
 */
function splitSerializedUrl(url: string): UrlParts {
  const hostStart = url.startsWith("https://") ? 8 : url.startsWith("http://") ? 7 : -1;
  if (hostStart === -1) {
    throw new TypeError(
      `cannot sign ${url.slice(0, url.indexOf(":") + 1)} URLs: only http and https`,
    );
  }
  const pathStart = url.indexOf("/", hostStart);
  const host = url.slice(hostStart, pathStart);
  // Note: fetch refuses such URLs, and node:http would send them as Basic authentication.
  if (host.includes("@")) throw new TypeError("cannot sign a URL with credentials in it");
  const hash = url.indexOf("#", pathStart);
  const end = hash === -1 ? url.length : hash;
  const query = url.indexOf("?", pathStart);
  const pathEnd = query === -1 || query > end ? end : query;
  return {
    origin: url.slice(0, pathStart),
    host,
    pathname: url.slice(pathStart, pathEnd),
    search: pathEnd === end ? "" : url.slice(pathEnd, end),
  };
}

function assembleUrl(url: UrlParts, path: string, query: string): string {
  return `${url.origin}${path}${query === "" ? "" : `?${query}`}`;
}

// Note: what fetch's Headers strips from a value, and no more (String#trim also strips NBSP etc.).
function trimHttpWhitespace(value: string): string {
  return value.replace(HTTP_WHITESPACE_AROUND, "");
}

/** CanonicalHeaders and SignedHeaders of (lower-case name, value) pairs: names sorted, values trimmed. */
export function canonicalHeaders(headers: Iterable<readonly [name: string, value: string]>): {
  canonicalHeaders: string;
  signedHeaders: string;
} {
  const entries = Array.from(headers, ([name, value]) => [
    name.trim().toLowerCase(),
    trimHttpWhitespace(value),
  ]);
  entries.sort(([a], [b]) => (a === b ? 0 : (a as string) < (b as string) ? -1 : 1));
  let canonical = "";
  let signed = "";
  for (const [name, value] of entries) {
    canonical += `${name}:${value}\n`;
    signed += signed === "" ? name : `;${name}`;
  }
  return { canonicalHeaders: canonical, signedHeaders: signed };
}

/** The parts joined into a CanonicalRequest. */
export interface CanonicalRequestParts {
  /** HTTP method as sent. */
  method: string;
  /** See `canonicalUri`. */
  canonicalUri: string;
  /** See `canonicalQueryString`. */
  canonicalQueryString: string;
  /** Each signed header as "name:value\n", sorted by name. */
  canonicalHeaders: string;
  /** The signed names joined by ";". */
  signedHeaders: string;
  /** hex(sha256(body bytes)). */
  payloadHash: string;
}

/** CanonicalRequest: method, URI, query, headers, signed header names and payload hash, one per line. */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  return `${parts.method}\n${parts.canonicalUri}\n${parts.canonicalQueryString}\n${parts.canonicalHeaders}\n${parts.signedHeaders}\n${parts.payloadHash}`;
}

/** StringToSign: the algorithm, the X-Sdk-Date value and hex(sha256(CanonicalRequest)), one per line. */
export function stringToSign(sdkDate: string, canonicalRequestHash: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${canonicalRequestHash}`;
}

// Note: requests are dated by the second, so calls within the same second share one formatting.
let lastSecond = Number.NaN;
let lastSdkDate = "";

/** The X-Sdk-Date form of a time: UTC `YYYYMMDDTHHMMSSZ`. */
export function formatSdkDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastSecond) return lastSdkDate;
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) {
    throw new RangeError("X-Sdk-Date needs a valid date with a year from 0 to 9999");
  }
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  lastSdkDate = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  lastSecond = second;
  return lastSdkDate;
}

/** The Authorization header value. */
export function authorizationHeader(
  accessKey: string,
  signedHeaders: string,
  signature: string,
): string {
  return `${ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/** hex(sha256(data)); a string is hashed as UTF-8. */
export function sha256Hex(data: BufferSource | string): Promise<string> {
  return platform.digests.sha256Hex(data);
}

/** Signature: hex(hmac_sha256(key = SK as UTF-8, StringToSign)). */
export function computeSignature(secretKey: string, stringToSignValue: string): Promise<string> {
  return platform.digests.hmacSha256Hex(secretKey, stringToSignValue);
}

function isEmptyBody(body: RequestToSign["body"]): body is null | undefined | "" {
  if (body === null || body === undefined) return true;
  if (typeof body === "string") return body === "";
  return body.byteLength === 0;
}

const sortedNamesCache = new WeakMap<readonly string[], readonly string[]>();

/** The header names to sign, lower-case, deduplicated, sorted, with x-sdk-date and x-security-token. */
function namesToSign(headersToSign: readonly string[]): readonly string[] {
  let names = sortedNamesCache.get(headersToSign);
  if (names === undefined) {
    const set = new Set(headersToSign.map((name) => name.trim().toLowerCase()));
    set.add("x-sdk-date");
    set.add("x-security-token");
    set.delete("authorization");
    names = Object.freeze([...set].sort());
    sortedNamesCache.set(headersToSign, names);
  }
  return names;
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
  const { securityToken } = checkAkSk(credentials, (field) => field, "signRequest");
  const url = typeof request.url === "string" ? new URL(request.url) : request.url;
  const headers: Record<string, string> = {};
  new Headers(request.headers ?? undefined).forEach((value, name) => {
    headers[name] = value;
  });
  const upperMethod = request.method.toUpperCase();
  const parts: SignableRequest = {
    method: FETCH_UPPERCASED_METHODS.has(upperMethod) ? upperMethod : request.method,
    // Note: credentials in the URL are never sent as such; fetch refuses them.
    url: `${url.protocol}//${url.host}${url.pathname}${url.search}`,
    headers,
    body: request.body ?? null,
  };
  const signedUrl = await signInPlace(parts, credentials, options.now ?? new Date(), {
    names: namesToSign(options.headersToSign ?? DEFAULT_HEADERS_TO_SIGN),
    digests: options.digests,
  });
  const authorization = headers.authorization as string;
  const signed: AuthHeaders = {
    "X-Sdk-Date": headers["x-sdk-date"] as string,
    Authorization: authorization,
  };
  if (securityToken !== undefined) signed["X-Security-Token"] = securityToken;
  const signedHeaders = /SignedHeaders=([^,]*)/.exec(authorization)?.[1] ?? "";
  return { url: signedUrl, headers: signed, signedHeaders };
}

/** A request as it will be sent, which `signInPlace` signs. */
export interface SignableRequest {
  /** HTTP method, exactly as sent. */
  method: string;
  /** Absolute http(s) URL as a URL serialises it (`href`, a Request's `url`). */
  url: string;
  /** Lower-case names and values as sent; the signature's headers are added here. */
  headers: Record<string, string>;
  /** The exact body bytes that will be sent (a string is sent as UTF-8); null for none. */
  body: BufferSource | string | null;
}

/** Knobs of `signInPlace`. */
export interface SignInPlaceOptions {
  /** The header names to sign when present, lower-case and sorted, x-sdk-date and x-security-token included. */
  names?: readonly string[] | undefined;
  /** The hash implementation; default the fastest the runtime has. */
  digests?: Digests | undefined;
}

/**
 * Signs a request about to be sent, for credentials already checked: adds x-sdk-date, authorization
 * and, for temporary credentials, x-security-token to its `headers`, and gives the URL to send (the
 * path and query in the encoding that was signed). With digests computed in place (node:crypto) the
 * URL comes back at once, without waiting for a promise.
 */
export function signInPlace(
  request: SignableRequest,
  credentials: SigningCredentials,
  now: Date,
  options: SignInPlaceOptions = {},
): string | Promise<string> {
  const { headers } = request;
  const url = splitSerializedUrl(request.url);
  const sdkDate = formatSdkDate(now);
  const securityToken = credentials.securityToken;
  const path = normalizePath(url.pathname);
  const { query, canonical: canonicalQuery } = encodeQuery(url.search);

  let canonical = "";
  let signed = "";
  for (const name of options.names ?? DEFAULT_HEADERS_TO_SIGN) {
    let value: string | undefined;
    if (name === "x-sdk-date") value = sdkDate;
    else if (name === "x-security-token") value = securityToken ?? headers[name];
    else if (name === "host") value = headers.host ?? url.host;
    else value = headers[name];
    if (value === undefined) continue;
    canonical += `${name}:${value}\n`;
    signed += signed === "" ? name : `;${name}`;
  }
  const head = canonicalRequest({
    method: request.method,
    canonicalUri: path.endsWith("/") ? path : `${path}/`,
    canonicalQueryString: canonicalQuery,
    canonicalHeaders: canonical,
    signedHeaders: signed,
    // Note: appended once known, so that the body's hash can be computed meanwhile.
    payloadHash: "",
  });
  const finish = (signature: string): string => {
    headers["x-sdk-date"] = sdkDate;
    headers.authorization = authorizationHeader(credentials.accessKey, signed, signature);
    if (securityToken !== undefined) headers["x-security-token"] = securityToken;
    return `${url.origin}${path}${query === "" ? "" : `?${query}`}`;
  };

  const body = isEmptyBody(request.body) ? undefined : request.body;
  const digests = options.digests ?? platform.digests;
  if (digests.sync !== undefined) {
    const { sha256Hex, hmacSha256Hex } = digests.sync;
    const payloadHash = body === undefined ? EMPTY_BODY_SHA256 : sha256Hex(body);
    const toSign = stringToSign(sdkDate, sha256Hex(head + payloadHash));
    return finish(hmacSha256Hex(credentials.secretKey, toSign));
  }
  return (async () => {
    const payloadHash = body === undefined ? EMPTY_BODY_SHA256 : await digests.sha256Hex(body);
    const toSign = stringToSign(sdkDate, await digests.sha256Hex(head + payloadHash));
    return finish(await digests.hmacSha256Hex(credentials.secretKey, toSign));
  })();
}
