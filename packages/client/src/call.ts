import type { Authorize } from "./auth.js";
import { DlfTransportError, RETRYABLE_STATUS, type TransportFailure } from "./errors.js";
import { type OperationName, safeToRetry } from "./operations.js";

/** How reads are retried. Releases (createFactoryPendingItemsPackage) are never retried. */
export interface RetryOptions {
  /** Attempts in all, the first one included; 1 turns retries off. Default 3. */
  maxAttempts?: number | undefined;
  /** Ceiling of the first backoff in ms; it doubles on each retry, with full jitter. Default 200. */
  baseDelayMs?: number | undefined;
  /** Longest single backoff in ms. Default 5000. */
  maxDelayMs?: number | undefined;
  /** Time in ms that all attempts and waits of one call may take together. Default 60000. */
  budgetMs?: number | undefined;
  /** Called before each retry, e.g. to log or count them. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** What a retry hook is told. */
export interface RetryEvent {
  /** The operation being retried. */
  operation: OperationName | undefined;
  /** The attempt that failed, counting from 1. */
  attempt: number;
  /** Why: the HTTP status, or the transport failure. */
  reason: number | Exclude<TransportFailure, "aborted" | "invalid-response">;
  /** How long the client waits before the next attempt, in ms. */
  delayMs: number;
}

/** What every call of a client runs with; every field is filled. */
export interface CallSettings {
  fetch: (request: Request) => Promise<Response>;
  authorize: Authorize;
  timeoutMs: number;
  retry: {
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    budgetMs: number;
    onRetry?: ((event: RetryEvent) => void) | undefined;
  };
}

/**
 * Sends one call: adds the credentials once, then sends attempt after attempt, each bounded by
 * the timeout (its answer's body included), retrying reads on network errors, timeouts, 429, 502,
 * 503 and 504 with backoff or as Retry-After asks, within the budget. Failures without an answer
 * become DlfTransportError; answers, whatever their status, are handed back.
 */
export async function sendCall(
  settings: CallSettings,
  request: Request,
  { operation, signal, timeoutMs = settings.timeoutMs, firstAttempt }: Call,
): Promise<Response> {
  const { retry } = settings;
  const safe = safeToRetry(operation, request.method);
  const maxAttempts = safe ? retry.maxAttempts : 1;
  const deadline = Date.now() + retry.budgetMs;
  const fail = (reason: TransportFailure, attempts: number, cause: unknown, detail: string) =>
    new DlfTransportError({ reason, operation, attempts, cause, detail });

  /** Waits before the next attempt when there is one and the budget allows; false when not. */
  const waitToRetry = async (attempt: number, reason: RetryEvent["reason"], waitMs?: number) => {
    if (attempt >= maxAttempts) return false;
    const delayMs = waitMs ?? backoff(settings, attempt);
    if (Date.now() + delayMs >= deadline) return false;
    retry.onRetry?.({ operation, attempt, reason, delayMs });
    try {
      await sleep(delayMs, signal);
    } catch (error) {
      throw fail("aborted", attempt, error, "aborted by the caller");
    }
    return true;
  };

  const body = request.body === null ? null : await request.arrayBuffer();
  const outgoing = await settings.authorize({
    method: request.method,
    url: request.url,
    headers: request.headers,
    body,
  });
  // Note: the first attempt sends the Request as openapi-fetch built it, when the credentials
  // changed nothing but its headers: building another is a large part of the client's own cost.
  let reusable = firstAttempt !== undefined && body === null && outgoing.url === request.url;
  for (let attempt = 1; ; attempt++) {
    const controller = (reusable && firstAttempt) || new AbortController();
    const { method, url, headers } = outgoing;
    const sending = reusable
      ? request
      : new Request(url, { method, headers, body, signal: controller.signal });
    reusable = false;
    const sent = await attemptOnce(settings.fetch, sending, controller, signal, timeoutMs);
    if ("response" in sent) {
      const { status, headers: answered } = sent.response;
      if (!RETRYABLE_STATUS.includes(status)) return sent.response;
      if (!(await waitToRetry(attempt, status, retryAfterMs(answered.get("retry-after"))))) {
        return sent.response;
      }
      continue;
    }
    if (signal?.aborted) throw fail("aborted", attempt, signal.reason, "aborted by the caller");
    if (await waitToRetry(attempt, sent.failure)) continue;
    const what =
      sent.failure === "timeout"
        ? `no complete answer within ${timeoutMs} ms`
        : describe(sent.error);
    // Note: a release that failed in flight may have reached the service; sending it blindly again
    // could release twice.
    const detail = safe
      ? what
      : `${what}; the request may have reached the service: check listFactoryReleasePackages before sending it again`;
    throw fail(sent.failure, attempt, sent.error, detail);
  }
}

/** What the call site knows of a call. */
export interface Call {
  /** The operation, from the call site (undefined for a path that `dlf.raw` does not know). */
  operation: OperationName | undefined;
  /**
   * The caller's signal; cancels attempts and waits. Passed along rather than read off the
   * Request, whose own signal follows it in Node only while the Request's internals stay reachable.
   */
  signal?: AbortSignal | undefined;
  /** Time in ms one attempt may take, instead of the client's. */
  timeoutMs?: number | undefined;
  /** The controller whose signal the Request was built with: it abandons the first attempt. */
  firstAttempt?: AbortController | undefined;
}

type Attempt = { response: Response } | { failure: "timeout" | "network"; error: unknown };

/** One attempt, the answer's body read within the timeout. */
async function attemptOnce(
  fetch: CallSettings["fetch"],
  request: Request,
  controller: AbortController,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<Attempt> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("The attempt timed out", "TimeoutError"));
  }, timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  // Note: listened to only when given: in Node, a listened-to signal outlives the call until a
  // full garbage collection.
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    const answer = await fetch(request);
    const body = await answer.arrayBuffer();
    // Note: Node's fetch follows the Request's signal through a weak reference; the Request must
    // stay reachable until the body is read, or a collected one silently stops relaying the abort.
    request.signal.throwIfAborted();
    const { status, statusText, headers } = answer;
    const response = new Response(body.byteLength === 0 ? null : body, {
      status,
      statusText,
      headers,
    });
    return { response };
  } catch (error) {
    return { failure: timedOut ? "timeout" : "network", error };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

function backoff({ retry }: CallSettings, attempt: number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(Math.random() * ceiling);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

/** Retry-After as a delay in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
