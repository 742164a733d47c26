/**
 * What sends one attempt and reads the whole answer: the platform's engine (node:http in Node,
 * fetch elsewhere), or one on the `fetch` the caller gave.
 */

/** One request, as the transport sends it (every attempt the same). */
export interface Outgoing {
  method: string;
  /** Absolute, serialised as a URL serialises it. */
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer> | null;
}

/** A complete answer: the body has been read. */
export interface Answer {
  status: number;
  statusText: string;
  /** Names and values in turn, as received (node:http's `rawHeaders` form). */
  headers: readonly string[];
  body: Uint8Array<ArrayBuffer>;
}

/** An attempt on its way. */
export interface Sending {
  /** Rejects on a network failure, an abort, or a body cut short. */
  readonly answer: Promise<Answer>;
  /** Abandons the attempt; `answer` rejects. */
  abort(reason: unknown): void;
}

/**
 * Sends one attempt. Abandoning goes through the returned `abort` rather than an AbortSignal: an
 * AbortController per attempt, and node:http's listening to its signal, cost more than the rest
 * of the transport.
 */
export type Engine = (outgoing: Outgoing) => Sending;

/** The value of a header in a `rawHeaders` list, repeated ones joined as Headers#get joins them. */
export function headerValue(headers: readonly string[], name: string): string | null {
  let value: string | null = null;
  for (let i = 0; i < headers.length; i += 2) {
    if ((headers[i] as string).toLowerCase() !== name) continue;
    const next = headers[i + 1] as string;
    value = value === null ? next : `${value}, ${next}`;
  }
  return value;
}

/** An engine on a fetch function: the global one, or the caller's. */
export function fetchEngine(fetch: (request: Request) => Promise<Response>): Engine {
  return ({ method, url, headers, body }) => {
    const controller = new AbortController();
    return {
      answer: fetchAnswer(
        fetch,
        new Request(url, { method, headers, body, signal: controller.signal }),
      ),
      abort: (reason) => controller.abort(reason),
    };
  };
}

async function fetchAnswer(
  fetch: (request: Request) => Promise<Response>,
  request: Request,
): Promise<Answer> {
  const response = await fetch(request);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // Note: Node's Request follows `signal` through a weak reference; the request must stay reachable
  // until the body is read, or a collected Request silently stops relaying the timeout's abort.
  request.signal.throwIfAborted();
  const headers: string[] = [];
  for (const [name, value] of response.headers) headers.push(name, value);
  return { status: response.status, statusText: response.statusText, headers, body: bytes };
}
