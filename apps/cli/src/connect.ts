import {
  createDlfClient,
  type DlfClient,
  DlfValidationError,
  type RetryEvent,
} from "@dlf-release/client";
import {
  credentialsOf,
  endpointOf,
  offsetModeOf,
  required,
  SETTING_NAMES,
} from "./config/resolve.js";
import type { Context } from "./context.js";
import { UsageError } from "./exit-codes.js";
import { proxyFetch, proxySettings, usesProxy } from "./network/proxy.js";

/** A fetch as the client takes it. */
export type Fetch = (request: Request) => Promise<Response>;

/** Which settings a command cannot do without, and how it sends. */
export interface ConnectOptions {
  /** The pending-item operations need a workspace; the others fall back to the default one. */
  needsWorkspace: boolean;
  /** Sends no workspace header unless a call names one (doctor tells the workspace's part apart). */
  omitWorkspace?: boolean;
  /** Sends instead of the client's own transport (dry runs, doctor's watched one). */
  fetch?: Fetch;
}

/** A client made from the settings; what is missing or malformed is a usage error naming it. */
export function connect(context: Context, options: ConnectOptions): DlfClient {
  const { settings, messages } = context;
  const credentials = credentialsOf(settings);
  const projectId = required(settings, "projectId");
  const workspace = options.omitWorkspace
    ? undefined
    : options.needsWorkspace
      ? required(settings, "workspace")
      : settings.values.workspace.value;
  const fetch = options.fetch ?? transport(context);
  try {
    return createDlfClient({
      ...endpointOf(settings),
      projectId,
      workspace,
      credentials,
      offsetMode: offsetModeOf(settings),
      timeoutMs: context.requestTimeout,
      // Note: the CLI has read the environment with its own precedence; the client must not again.
      env: {},
      retry: { onRetry: (event) => messages.line(messages.style.yellow(describeRetry(event))) },
      fetch,
    });
  } catch (error) {
    if (!(error instanceof DlfValidationError)) throw error;
    const key = error.field.split(".")[0] as keyof typeof SETTING_NAMES;
    const names = SETTING_NAMES[key];
    const name = names ? (names.flag ?? names.env) : error.field;
    throw new UsageError(name, error.message);
  }
}

/** "showFactoryPackageDetail: HTTP 429 on attempt 1, trying again in 1.0s". */
export function describeRetry(event: RetryEvent): string {
  const reason = typeof event.reason === "number" ? `HTTP ${event.reason}` : event.reason;
  const delay = (event.delayMs / 1000).toFixed(1);
  return `${event.operation ?? "request"}: ${reason} on attempt ${event.attempt}, trying again in ${delay}s`;
}

/**
 * How requests leave: through the environment's proxy when one is set, logged with --verbose, and
 * cut short when the process is asked to stop.
 */
export function transport(context: Context): Fetch {
  const proxy = proxySettings(context.env);
  let send: Fetch = (request) => fetch(request);
  if (usesProxy(proxy)) {
    const proxied = proxyFetch(proxy);
    send = async (request) => (await proxied)(request);
  }
  const outgoing = context.verbose ? loggingFetch(context, send) : send;
  // Note: Node's fetch follows a Request's signal only while that Request lives, and `sent` would
  // be collectable once sent: a GC then cut it off from the caller's signal, and a timed-out read
  // hung. It lives as long as the caller's Request, which the caller keeps until the body is read.
  const following = new WeakMap<Request, Request>();
  return (request) => {
    const signal = AbortSignal.any([
      request.signal,
      context.interrupt,
      ...(context.deadline ? [context.deadline] : []),
    ]);
    const sent = new Request(request, { signal });
    following.set(request, sent);
    return outgoing(sent);
  };
}

/** --verbose: each request's method, URL and outcome on stderr; never a header, so never a secret. */
function loggingFetch(context: Context, send: Fetch): Fetch {
  return async (request) => {
    const started = performance.now();
    const took = () => `${Math.round(performance.now() - started)}ms`;
    context.messages.line(context.messages.style.dim(`> ${request.method} ${request.url}`));
    try {
      const response = await send(request);
      context.messages.line(
        context.messages.style.dim(
          `< ${response.status} ${request.method} ${request.url} (${took()})`,
        ),
      );
      return response;
    } catch (error) {
      context.messages.line(
        context.messages.style.dim(
          `< failed ${request.method} ${request.url} (${took()}): ${(error as Error).message}`,
        ),
      );
      throw error;
    }
  };
}
