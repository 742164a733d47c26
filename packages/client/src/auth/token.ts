import type { Authorize } from "../transport.js";

/** Sends an IAM token in X-Auth-Token on every request. */
export function tokenAuthorize(token: string): Authorize {
  return (outgoing) => {
    outgoing.headers["x-auth-token"] = token;
  };
}
