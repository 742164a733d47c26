import { platform } from "#platform";
import type { CallRequest } from "./call-request.js";
import type { Answer, Engine, Outgoing, Sending } from "./engine.js";
import {
  DlfTransportError,
  type OperationName,
  RETRYABLE_STATUS,
  type TransportFailure,
} from "./errors.js";
import { type Route, routeOf } from "./operations.js";

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

/**
 * Adds the credentials to a request before its first attempt (the token, or an AK/SK signature);
 * its retries resend it as it is.
 */
export type Authorize = (outgoing: Outgoing) => void | Promise<void>;

/** The settings a transport runs with; every field is filled. */
export interface TransportSettings {
  /** What sends each attempt. */
  engine: Engine;
  authorize: Authorize | undefined;
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

/**
 * A fetch for openapi-fetch that adds the credentials, sends through the engine, bounds each
 * attempt with a timeout (body included), retries reads on network errors, timeouts, 429, 502, 503
 * and 504 with backoff, and turns failures into DlfTransportError.
 */
export function createTransport(
  settings: TransportSettings,
): (request: Request | CallRequest) => Promise<Response> {
  const { retry, engine, timeoutMs, authorize } = settings;
  return async function send(request) {
    const route = routeOf(request.method, request.url);
    const call: Call = {
      route,
      maxAttempts: route.safeToRetry ? retry.maxAttempts : 1,
      deadline: Date.now() + retry.budgetMs,
      signal: request.signal,
    };
    const { signal } = call;

    // Note: a CallRequest (the methods, in Node) carries its parts; a fetch Request (dlf.raw, and
    // the methods elsewhere) is read. Either way once, and sent as is by every attempt.
    const outgoing = "outgoing" in request ? request.outgoing : await readRequest(request);
    const authorizing = authorize?.(outgoing);
    if (authorizing) await authorizing;

    for (let attempt = 1; ; attempt++) {
      let timedOut = false;
      let sending: Sending | undefined;
      const timer = setTimeout(() => {
        timedOut = true;
        sending?.abort(new DOMException("This operation was aborted", "AbortError"));
      }, timeoutMs);
      const onCallerAbort = () => sending?.abort(signal?.reason);
      // Note: only when there is a signal to follow: in Node, a listened-to signal outlives the
      // call until a full garbage collection.
      signal?.addEventListener("abort", onCallerAbort, { once: true });
      try {
        let answer: Answer;
        try {
          signal?.throwIfAborted();
          // Note: the engine reads the whole body inside the timeout, so a stall mid-body times out too.
          sending = engine(outgoing);
          answer = await sending.answer;
        } finally {
          // Note: before any wait for a retry, which the timeout does not cover.
          clearTimeout(timer);
          signal?.removeEventListener("abort", onCallerAbort);
        }
        const response = respond(answer);
        if (RETRYABLE_STATUS.includes(response.status)) {
          const wait = retryAfterMs(response.headers.get("retry-after"));
          if (await retryAfter(call, attempt, response.status, wait)) continue;
        }
        return response;
      } catch (error) {
        if (error instanceof DlfTransportError) throw error;
        if (signal?.aborted) throw abortedByCaller(call, attempt, error);
        const reason = timedOut ? "timeout" : "network";
        if (await retryAfter(call, attempt, reason, undefined).catch(() => false)) continue;
        if (signal?.aborted) throw abortedByCaller(call, attempt, error);
        throw failure(call, attempt, reason, error, describe(reason, error, timeoutMs, route));
      }
    }
  };

  /** Waits before the next attempt, when there is one and the budget allows; false when not. */
  async function retryAfter(
    call: Call,
    attempt: number,
    reason: RetryEvent["reason"],
    waitMs: number | undefined,
  ): Promise<boolean> {
    if (attempt >= call.maxAttempts) return false;
    const delayMs = waitMs ?? backoff(attempt);
    if (Date.now() + delayMs >= call.deadline) return false;
    retry.onRetry?.({ operation: call.route.name, attempt, reason, delayMs });
    await sleep(delayMs, call.signal);
    return true;
  }

  function backoff(attempt: number): number {
    const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(settings.random() * ceiling);
  }
}

/** What the attempts of one call share. */
interface Call {
  route: Route;
  maxAttempts: number;
  /** When the retry budget runs out, as Date.now() counts. */
  deadline: number;
  /** The caller's signal: the Request's, or the one given to the client's method. */
  signal: AbortSignal | undefined;
}

/** A fetch Request's parts (from `dlf.raw`), as the transport sends them. */
async function readRequest(request: Request): Promise<Outgoing> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
  return { method: request.method, url: request.url, headers, body };
}

function failure(
  call: Call,
  attempt: number,
  reason: TransportFailure,
  cause: unknown,
  detail: string,
): DlfTransportError {
  return new DlfTransportError({
    reason,
    operation: call.route.name,
    attempts: attempt,
    cause,
    detail,
  });
}

function abortedByCaller(call: Call, attempt: number, error: unknown): DlfTransportError {
  return failure(call, attempt, "aborted", call.signal?.reason ?? error, "aborted by the caller");
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/** The answer as a Response, made as the platform makes it cheapest. */
function respond(answer: Answer): Response {
  const init = { status: answer.status, statusText: answer.statusText };
  const response =
    answer.body.byteLength === 0
      ? new Response(null, init)
      : // Note: these statuses refuse a body; the Response constructor is left to say so.
        NULL_BODY_STATUS.has(answer.status)
        ? new Response(answer.body, init)
        : new platform.Response(answer.body, init);
  // Note: appended in place rather than passed in `init`, which would copy a Headers once more.
  const { headers } = answer;
  for (let i = 0; i < headers.length; i += 2) {
    response.headers.append(headers[i] as string, headers[i + 1] as string);
  }
  return response;
}

function describe(
  reason: TransportFailure,
  error: unknown,
  timeoutMs: number,
  { safeToRetry }: Route,
): string {
  const what =
    reason === "timeout"
      ? `no complete answer within ${timeoutMs} ms`
      : error instanceof Error
        ? describeNetworkError(error)
        : String(error);
  // Note: a release that failed in flight may have reached the service; sending it blindly again
  // could release twice.
  return safeToRetry
    ? what
    : `${what}; the request may have reached the service: check listFactoryReleasePackages before sending it again`;
}

function describeNetworkError(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
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
    if (signal?.aborted) return reject(signal.reason);
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
