import type { Digests } from "../auth/digest.js";
import type { CallRequest } from "../call-request.js";
import type { Engine } from "../engine.js";

/**
 * What differs between runtimes: how requests are sent, hashed and answered. The package's
 * `#platform` import picks node.ts under the "node" condition (Node, Bun, Deno) and web.ts
 * everywhere else, so that a browser bundle carries no Node code.
 */
export interface Platform {
  /** A new engine, for a client given no `fetch` (each client keeps its own connections). */
  engine(): Engine;
  /** The fastest digests the runtime has. */
  readonly digests: Digests;
  /** What the transport makes a Response with, on a body already read. */
  readonly Response: new (
    body: Uint8Array<ArrayBuffer>,
    init: ResponseInit,
  ) => Response;
  /** What openapi-fetch makes the four methods' requests with, where not a fetch Request. */
  readonly Request: typeof CallRequest | undefined;
}
