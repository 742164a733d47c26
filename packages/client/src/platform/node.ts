import { webCryptoDigests } from "../auth/digest.js";
import { CallRequest } from "../call-request.js";
import { fetchEngine } from "../engine.js";
import { nodeCryptoDigests } from "../node/digests.js";
import { nodeHttpEngine } from "../node/engine.js";
import { BufferedResponse } from "../node/response.js";
import type { Platform } from "./platform.js";

/**
 * Node, Bun and Deno: node:http(s) with keep-alive, node:crypto, Responses without a stream and
 * requests without an AbortSignal; fetch and Web Crypto where the runtime does not hand out the
 * built-ins.
 */
export const platform: Platform = {
  engine: () => nodeHttpEngine() ?? fetchEngine((request) => globalThis.fetch(request)),
  digests: nodeCryptoDigests ?? webCryptoDigests,
  Response: BufferedResponse,
  Request: CallRequest,
};
