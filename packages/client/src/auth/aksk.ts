import { type AkSkCredentials, type CredentialsProvider, checkAkSk } from "../credentials.js";
import type { Outgoing } from "../engine.js";
import type { Authorize } from "../transport.js";
import { signInPlace } from "./signer.js";

/**
 * Signs each request with AK/SK (SDK-HMAC-SHA256), and sends it to the URL in the encoding that
 * was signed. Fixed credentials were checked when the client was made; a provider's are checked
 * on each request, since temporary credentials rotate.
 */
export function akskAuthorize(
  credentials: AkSkCredentials | CredentialsProvider,
  now: () => Date = () => new Date(),
): Authorize {
  const sign = (outgoing: Outgoing, signWith: AkSkCredentials): void | Promise<void> => {
    const signed = signInPlace(outgoing, signWith, now());
    // Note: the URL comes at once with node:crypto, and as a promise with Web Crypto.
    if (typeof signed !== "string") {
      return signed.then((url) => {
        outgoing.url = url;
      });
    }
    outgoing.url = signed;
  };
  if (typeof credentials !== "function") return (outgoing) => sign(outgoing, credentials);
  return (outgoing) => {
    const provided = credentials();
    return isPromiseLike(provided)
      ? Promise.resolve(provided).then((resolved) => sign(outgoing, checkProvided(resolved)))
      : sign(outgoing, checkProvided(provided));
  };
}

function checkProvided(credentials: unknown): AkSkCredentials {
  return checkAkSk(credentials, (field) => field, "credentials provider");
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}
