import type { Middleware } from "openapi-fetch";
import { DlfValidationError } from "../errors.js";
import { DEFAULT_HEADERS_TO_SIGN, type SigningCredentials, signRequest } from "./signer.js";

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
  return {
    async onRequest({ request }) {
      const credentials = checkCredentials(await getCredentials());
      // Note: read once; these are the bytes hashed and the bytes sent.
      const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
      const signed = await signRequest(
        { method: request.method, url: request.url, headers: request.headers, body },
        credentials,
        { now: now(), headersToSign },
      );
      // Note: the common case, a read whose URL already has the signed encoding, keeps the request
      // and only adds the headers.
      const inPlace = body === null && signed.url === request.url;
      const headers = inPlace ? request.headers : new Headers(request.headers);
      for (const [name, value] of Object.entries(signed.headers)) headers.set(name, value);
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
    },
  };
}
