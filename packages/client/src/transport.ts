import type { Engine } from "./engine.js";
import { DlfTransportError, type OperationName, type TransportFailure } from "./errors.js";
import { routeOf } from "./operations.js";

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

/** The settings a transport runs with; every field is filled. */
export interface TransportSettings {
  /** What sends each attempt. */
  engine: Engine;
  timeoutMs: number;
  retry: {
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    budgetMs: number;
    onRetry?: ((event: RetryEvent) => void) | undefined;
  };
  /** A number in [0, 1): the jitter's source. */
  random: () => number;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/**
 * A fetch for openapi-fetch that sends through the engine, bounds each attempt with a timeout (body
 * included), retries reads on network errors, timeouts, 429, 502, 503 and 504 with backoff, and
 * turns failures into DlfTransportError.
 */
export function createTransport(
  settings: TransportSettings,
): (request: Request) => Promise<Response> {
  const { retry } = settings;
  return async function send(request) {
    const route = routeOf(request);
    const maxAttempts = route.safeToRetry ? retry.maxAttempts : 1;
    const deadline = Date.now() + retry.budgetMs;
    const callerSignal = request.signal;

    // Note: read once, sent as is by every attempt; a read has no body to read.
    const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());

    for (let attempt = 1; ; attempt++) {
      const failure = (reason: TransportFailure, cause: unknown, detail?: string) =>
        new DlfTransportError({
          reason,
          operation: route.name,
          attempts: attempt,
          cause,
          ...(detail ? { detail } : {}),
        });
      const retryAfter = async (reason: RetryEvent["reason"], waitMs: number | undefined) => {
        if (attempt >= maxAttempts) return false;
        const delayMs = waitMs ?? backoff(attempt);
        if (Date.now() + delayMs >= deadline) return false;
        retry.onRetry?.({ operation: route.name, attempt, reason, delayMs });
        await sleep(delayMs, callerSignal);
        return true;
      };

      const attemptSignal = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        attemptSignal.abort();
      }, settings.timeoutMs);
      const onCallerAbort = () => attemptSignal.abort(callerSignal.reason);
      if (callerSignal.aborted) onCallerAbort();
      else callerSignal.addEventListener("abort", onCallerAbort, { once: true });
      try {
        // Note: the engine reads the whole body inside the timeout, so a stall mid-body times out too.
        const answer = await settings.engine({
          method: request.method,
          url: request.url,
          headers: request.headers,
          body,
          signal: attemptSignal.signal,
        });
        if (RETRYABLE_STATUS.has(answer.status)) {
          const wait = retryAfterMs(answer.headers.get("retry-after"));
          if (await retryAfter(answer.status, wait)) continue;
        }
        return new Response(answer.body.byteLength === 0 ? null : answer.body, {
          status: answer.status,
          statusText: answer.statusText,
          headers: answer.headers,
        });
      } catch (error) {
        if (error instanceof DlfTransportError) throw error;
        if (callerSignal.aborted) {
          throw failure("aborted", callerSignal.reason ?? error, "aborted by the caller");
        }
        const reason = timedOut ? "timeout" : "network";
        if (await retryAfter(reason, undefined).catch(() => false)) continue;
        if (callerSignal.aborted) {
          throw failure("aborted", callerSignal.reason ?? error, "aborted by the caller");
        }
        throw failure(
          reason,
          error,
          describe(reason, error, settings.timeoutMs, route.safeToRetry),
        );
      } finally {
        clearTimeout(timer);
        callerSignal.removeEventListener("abort", onCallerAbort);
      }
    }
  };

  function backoff(attempt: number): number {
    const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(settings.random() * ceiling);
  }
}

function describe(
  reason: TransportFailure,
  error: unknown,
  timeoutMs: number,
  safe: boolean,
): string {
  const what =
    reason === "timeout"
      ? `no complete answer within ${timeoutMs} ms`
      : error instanceof Error
        ? describeNetworkError(error)
        : String(error);
  // Note: a release that failed in flight may have reached the service; sending it blindly again
  // could release twice.
  return safe
    ? what
    : `${what}; the request may have reached the service: check listFactoryReleasePackages before sending it again`;
}

function describeNetworkError(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

/** Retry-After as a delay in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
