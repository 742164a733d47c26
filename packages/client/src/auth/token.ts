import type { Middleware } from "openapi-fetch";

/** Sends an IAM token in X-Auth-Token on every request. */
export function tokenAuth(token: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("X-Auth-Token", token);
      return request;
    },
  };
}
