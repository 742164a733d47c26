import { type Credentials, checkAkSk } from "./credentials.js";
import { WIRE } from "./generated/wire.js";
import { signRequest } from "./signer/index.js";

/** A request as every attempt sends it. */
export interface Outgoing {
  method: string;
  url: string;
  headers: Headers;
  body: ArrayBuffer | null;
}

/** Adds the credentials to a request, once, before its first attempt. */
export type Authorize = (outgoing: Outgoing) => Promise<Outgoing>;

/**
 * The token in its header, or an AK/SK signature over the request as it will be sent (to the URL
 * in the encoding that was signed). A provider's credentials are asked for and checked on each
 * request, since temporary credentials rotate; fixed ones were checked when the client was made.
 */
export function authorizer(credentials: Credentials): Authorize {
  if ("token" in credentials) {
    const { token } = credentials;
    return async (outgoing) => {
      outgoing.headers.set(WIRE.security.IamToken, token);
      return outgoing;
    };
  }
  return async (outgoing) => {
    const signWith =
      typeof credentials === "function"
        ? checkAkSk(await credentials(), (field) => field, "credentials provider")
        : credentials;
    const signed = await signRequest(outgoing, signWith);
    for (const [name, value] of Object.entries(signed.headers)) outgoing.headers.set(name, value);
    return { ...outgoing, url: signed.url };
  };
}
