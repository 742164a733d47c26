/** The steps of SDK-HMAC-SHA256, one function each; `signRequest` calls them in turn. */

/** The signing algorithm's name, first word of the Authorization header. */
export const ALGORITHM = "SDK-HMAC-SHA256";

const UNRESERVED = /^[A-Za-z0-9_.~-]*$/;

/**
 * Percent-encodes a string's UTF-8 bytes, leaving only A-Z a-z 0-9 - _ . ~ (upper-case hex). The
 * string must be well-formed, as every piece of a parsed URL is.
 */
export function percentEncode(value: string): string {
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Decodes percent-escapes as URLSearchParams does: a stray "%" stays literal and bytes that are
 * not UTF-8 become U+FFFD, so that any URL fetch accepts can be signed.
 */
function percentDecode(value: string): string {
  if (!value.includes("%")) return value;
  const bytes: number[] = [];
  for (const [token] of value.matchAll(/%[0-9A-Fa-f]{2}|[^%]+|%/g)) {
    if (token.length === 3 && token[0] === "%") bytes.push(Number.parseInt(token.slice(1), 16));
    else bytes.push(...new TextEncoder().encode(token));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The path re-encoded strictly, segment by segment. */
function strictPath(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => percentEncode(percentDecode(segment)))
    .join("/");
}

/** CanonicalURI of an (encoded) URL path: each segment strictly re-encoded, ending in "/". */
export function canonicalUri(pathname: string): string {
  const path = strictPath(pathname);
  return path.endsWith("/") ? path : `${path}/`;
}

/**
 * A query's parameters as application/x-www-form-urlencoded reads them ("+" is a space, a bare key
 * has an empty value, empty pieces are skipped), in order, each as `key=value` strictly encoded.
 */
function queryParameters(search: string): { key: string; value: string; encoded: string }[] {
  const query = search.startsWith("?") ? search.slice(1) : search;
  return query
    .split("&")
    .filter((piece) => piece !== "")
    .map((piece) => {
      const [rawKey = "", ...rest] = piece.split("=");
      const key = percentDecode(rawKey.replaceAll("+", " "));
      const value = percentDecode(rest.join("=").replaceAll("+", " "));
      return { key, value, encoded: `${percentEncode(key)}=${percentEncode(value)}` };
    });
}

/** CanonicalQueryString of a raw query ("?" optional): decoded pairs sorted by key then value, re-encoded strictly. */
export function canonicalQueryString(search: string): string {
  // Note: JavaScript's default string order (UTF-16 code units), as the official Node and Java
  // cores sort.
  const byKeyThenValue = (a: { key: string; value: string }, b: typeof a) =>
    a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  return queryParameters(search)
    .sort(byKeyThenValue)
    .map(({ encoded }) => encoded)
    .join("&");
}

/**
 * The URL with its path and query re-encoded strictly (parameter order kept, `k` becomes `k=`) and
 * its fragment dropped: sending this URL sends exactly what the signature covers.
 */
export function normalizeUrl(url: string | URL): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new TypeError(`cannot sign a ${parsed.protocol} URL: only http and https are supported`);
  }
  const query = queryParameters(parsed.search).map(({ encoded }) => encoded);
  const search = query.length === 0 ? "" : `?${query.join("&")}`;
  return `${parsed.protocol}//${parsed.host}${strictPath(parsed.pathname)}${search}`;
}

/** CanonicalHeaders and SignedHeaders of (name, value) pairs: names lower-cased and sorted, values trimmed. */
export function canonicalHeaders(headers: Iterable<readonly [name: string, value: string]>): {
  canonicalHeaders: string;
  signedHeaders: string;
} {
  // Note: what fetch's Headers strips from a value, and no more (String#trim also strips NBSP).
  const entries = Array.from(headers, ([name, value]) => [
    name.trim().toLowerCase(),
    value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, ""),
  ]);
  entries.sort(([a = ""], [b = ""]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    canonicalHeaders: entries.map(([name, value]) => `${name}:${value}\n`).join(""),
    signedHeaders: entries.map(([name]) => name).join(";"),
  };
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

/** The X-Sdk-Date form of a time: UTC `YYYYMMDDTHHMMSSZ`. */
export function formatSdkDate(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) {
    throw new RangeError("X-Sdk-Date needs a valid date with a year from 0 to 9999");
  }
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/** The Authorization header value. */
export function authorizationHeader(
  accessKey: string,
  signedHeaders: string,
  signature: string,
): string {
  return `${ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
