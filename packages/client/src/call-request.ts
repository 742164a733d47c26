import type { Outgoing } from "./engine.js";

const encoder = new TextEncoder();

/**
 * What openapi-fetch builds (its `Request` option) for the client's own four methods in Node: the
 * parts the transport sends, and nothing else. A fetch Request would be taken apart by the
 * transport at once, and in Node each one carries an AbortSignal that outlives the call until a
 * full garbage collection (about 0.7 kB a call), which over thousands of pages grows the heap.
 * `dlf.raw` keeps real Requests, for middlewares that expect them.
 */
export class CallRequest {
  readonly method: string;
  /** Serialised as a URL serialises it. */
  readonly url: string;
  /** What the transport sends: lower-case names; the credentials are added to it. */
  readonly outgoing: Outgoing;
  /** The caller's signal, when there is one. */
  readonly signal: AbortSignal | undefined;

  constructor(input: string, init: RequestInit) {
    this.method = init.method ?? "GET";
    this.url = new URL(input).href;
    const headers: Record<string, string> = {};
    const source = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    source.forEach((value, name) => {
      headers[name] = value;
    });
    // Note: openapi-fetch serialises the four operations' bodies to JSON text.
    const body = init.body as string | null | undefined;
    this.outgoing = {
      method: this.method,
      url: this.url,
      headers,
      body: body ? encoder.encode(body) : null,
    };
    this.signal = init.signal ?? undefined;
  }
}
