import type { Middleware } from "openapi-fetch";
import { DlfValidationError } from "../errors.js";
import {
  DEFAULT_HEADERS_TO_SIGN,
  type SignedRequest,
  type SigningCredentials,
  signFetchRequest,
} from "./signer.js";

/** Returns the AK/SK to sign with; called once per request, so temporary credentials can rotate. */
export type SigningCredentialsSource = () => SigningCredentials | Promise<SigningCredentials>;

/** Knobs of `akskAuth`. */
export interface AkskAuthOptions {
  /** The clock that dates signatures; default `() => new Date()`. Correct a skewed clock here. */
  now?: () => Date;
  /** Lower-case names of headers to sign when present; default `DEFAULT_HEADERS_TO_SIGN`. */
  headersToSign?: readonly string[];
}

const WHERE = "akskAuth";
// Note: header values must be visible ASCII; checked here so that fetch's own "invalid header
// value" error, which quotes the value, never gets to print a security token.
const VISIBLE_ASCII = /^[\x21-\x7E]+$/;

function checkCredentials(credentials: unknown): SigningCredentials {
  if (typeof credentials !== "object" || credentials === null) {
    throw new DlfValidationError(
      "credentials",
      "must be an object { accessKey, secretKey, securityToken? }",
      WHERE,
    );
  }
  const { accessKey, secretKey, securityToken } = credentials as Record<string, unknown>;
  if (typeof accessKey !== "string" || accessKey === "") {
    throw new DlfValidationError("accessKey", "must be a non-empty string", WHERE);
  }
  if (!VISIBLE_ASCII.test(accessKey)) {
    throw new DlfValidationError("accessKey", "must be printable ASCII without spaces", WHERE);
  }
  if (typeof secretKey !== "string" || secretKey === "") {
    throw new DlfValidationError("secretKey", "must be a non-empty string", WHERE);
  }
  if (securityToken === undefined) return { accessKey, secretKey };
  if (typeof securityToken !== "string" || securityToken === "") {
    throw new DlfValidationError("securityToken", "must be a non-empty string when given", WHERE);
  }
  if (!VISIBLE_ASCII.test(securityToken)) {
    throw new DlfValidationError("securityToken", "must be printable ASCII without spaces", WHERE);
  }
  return { accessKey, secretKey, securityToken };
}

/**
 * An openapi-fetch middleware that signs each request with AK/SK (SDK-HMAC-SHA256) and sends it to
 * the URL in the exact encoding that was signed.
 */
export function akskAuth(
  getCredentials: SigningCredentialsSource,
  options: AkskAuthOptions = {},
): Middleware {
  if (typeof getCredentials !== "function") {
    throw new DlfValidationError("getCredentials", "must be a function", WHERE);
  }
  const now = options.now ?? (() => new Date());
  const headersToSign = options.headersToSign ?? DEFAULT_HEADERS_TO_SIGN;

  const sign = (request: Request, credentials: unknown): Request | Promise<Request> => {
    const checked = checkCredentials(credentials);
    // Note: read once; these are the bytes hashed and the bytes sent.
    if (request.body === null) return signed(request, null, checked);
    return request.arrayBuffer().then((bytes) => signed(request, new Uint8Array(bytes), checked));
  };
  const signed = (
    request: Request,
    body: Uint8Array<ArrayBuffer> | null,
    credentials: SigningCredentials,
  ): Request | Promise<Request> => {
    const signature = signFetchRequest(
      { method: request.method, url: request.url, headers: request.headers, body },
      credentials,
      { now: now(), headersToSign },
    );
    return signature instanceof Promise
      ? signature.then((result) => withSignature(request, body, result))
      : withSignature(request, body, signature);
  };

  return {
    // Note: not async: with a synchronous credentials source and a read, the request is signed
    // without waiting (node:crypto digests), and openapi-fetch awaits whatever comes back.
    onRequest({ request }) {
      const credentials = getCredentials();
      return isPromiseLike(credentials)
        ? Promise.resolve(credentials).then((resolved) => sign(request, resolved))
        : sign(request, credentials);
    },
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}

/** The request with the signature's headers, sent to the URL in the encoding that was signed. */
function withSignature(
  request: Request,
  body: Uint8Array<ArrayBuffer> | null,
  signed: SignedRequest,
): Request {
  // Note: the common case, a read whose URL already has the signed encoding, keeps the request
  // and only adds the headers.
  const inPlace = body === null && signed.url === request.url;
  const headers = inPlace ? request.headers : new Headers(request.headers);
  headers.set("X-Sdk-Date", signed.headers["X-Sdk-Date"]);
  headers.set("Authorization", signed.headers.Authorization);
  const securityToken = signed.headers["X-Security-Token"];
  if (securityToken !== undefined) headers.set("X-Security-Token", securityToken);
  if (inPlace) return request;

  // Note: the same class as the original, since openapi-fetch checks `instanceof` against the
  // Request class it was configured with.
  const RequestClass = request.constructor as typeof Request;
  const next = new RequestClass(signed.url, {
    method: request.method,
    headers,
    body,
    signal: request.signal,
    redirect: request.redirect,
    credentials: request.credentials,
    cache: request.cache,
    mode: request.mode,
    referrer: request.referrer,
    referrerPolicy: request.referrerPolicy,
    integrity: request.integrity,
    keepalive: request.keepalive,
  });
  // Note: openapi-fetch copies non-standard init options onto the request as own properties;
  // carry them over as it would.
  for (const key of Object.keys(request)) {
    if (!(key in next)) {
      (next as unknown as Record<string, unknown>)[key] = (
        request as unknown as Record<string, unknown>
      )[key];
    }
  }
  return next;
}
