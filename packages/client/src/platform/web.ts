import { webCryptoDigests } from "../auth/digest.js";
import { fetchEngine } from "../engine.js";
import type { Platform } from "./platform.js";

/** Browsers, workers and other runtimes: fetch, Web Crypto, and their own Response and Request. */
export const platform: Platform = {
  engine: () => fetchEngine((request) => globalThis.fetch(request)),
  digests: webCryptoDigests,
  Response,
  Request: undefined,
};
