import createClient, { type Client } from "openapi-fetch";
import { type CallSettings, sendCall } from "./call.js";
import { DlfApiError, DlfTransportError, DlfValidationError } from "./errors.js";
import type { components, operations, paths } from "./generated/schema.js";
import { checkInput, checkPathParameter, requiresHeader } from "./inputs.js";
import { OPERATIONS, type OperationName, operationAt } from "./operations.js";
import {
  type CallOptions,
  checkCallOptions,
  type DlfClientOptions,
  pageSettings,
  resolveClientOptions,
} from "./options.js";
import { type Page, type PageOptions, paginate } from "./pagination.js";

type Schemas = components["schemas"];
/** An item pending release. */
export type PendingItem = Schemas["PendingItem"];
/** A release package as listed. */
export type ReleasePackage = Schemas["ReleasePackage"];
/** Filters of listFactoryPendingItems, plus limit and offset. */
export type PendingItemsQuery = NonNullable<
  operations["listFactoryPendingItems"]["parameters"]["query"]
>;
/** Filters of listFactoryReleasePackages, plus limit, offset and sorting. */
export type ReleasePackagesFilter = Schemas["ListFactoryReleasePackagesRequest"];
/** What createFactoryPendingItemsPackage sends. */
export type ReleaseRequest = Schemas["CreateFactoryPendingItemsPackageRequest"];

/** The four operations, two iterators, and the typed openapi-fetch client underneath. */
export interface DlfClient {
  /** Lists items pending release, one page. */
  listFactoryPendingItems(
    query?: PendingItemsQuery,
    options?: CallOptions,
  ): Promise<Schemas["ListFactoryPendingItemsResponse"]>;
  /** Releases a package of pending items. Never retried: a release must not be sent twice. */
  createFactoryPendingItemsPackage(
    body: ReleaseRequest,
    options?: CallOptions,
  ): Promise<Schemas["CreateFactoryPendingItemsPackageResponse"]>;
  /** Lists release packages, one page. */
  listFactoryReleasePackages(
    filter?: ReleasePackagesFilter,
    options?: CallOptions,
  ): Promise<Schemas["ListFactoryReleasePackagesResponse"]>;
  /** Shows one release package and its tasks. */
  showFactoryPackageDetail(
    packageId: string,
    options?: CallOptions,
  ): Promise<Schemas["ShowFactoryPackageDetailResponse"]>;
  /** Every item pending release that matches, page after page. */
  pendingItems(
    query?: Omit<PendingItemsQuery, "limit" | "offset">,
    options?: PageOptions & CallOptions,
  ): AsyncIterableIterator<PendingItem>;
  /** Every release package that matches, page after page. */
  releasePackages(
    filter?: Omit<ReleasePackagesFilter, "limit" | "offset">,
    options?: PageOptions & CallOptions,
  ): AsyncIterableIterator<ReleasePackage>;
  /** The typed openapi-fetch client, with the same authentication, timeouts and retries; its middlewares apply to its own calls. */
  readonly raw: Client<paths>;
}

/** Makes a client; every option is checked here, with an error that names it. */
export function createDlfClient(options: DlfClientOptions = {}): DlfClient {
  const { baseUrl, projectId, workspace, credentials, offsetMode, settings } =
    resolveClientOptions(options);
  const common = { baseUrl, headers: { "X-Project-Id": projectId } };
  // Note: the methods' own client, untouched by raw's middlewares.
  const api = createClient<paths>(common);
  const path = { project_id: projectId };

  /** What openapi-fetch sends a call with: its signal and fetch (retries, timeouts, credentials). */
  const sendAs = (operation: OperationName, call: CallOptions | undefined) => {
    checkCallOptions(call, operation);
    const { signal, timeoutMs } = call ?? {};
    const firstAttempt = new AbortController();
    return {
      signal: firstAttempt.signal,
      fetch: (request: Request) =>
        sendCall(settings, request, { operation, signal, timeoutMs, firstAttempt }),
    };
  };
  const workspaceHeader = (operation: OperationName, call: CallOptions | undefined) => {
    const chosen = call?.workspace ?? workspace;
    if (chosen === undefined && requiresHeader(operation, "workspace")) {
      throw new DlfValidationError(
        "workspace",
        "is required by this operation: pass it to createDlfClient or in the call's options",
        operation,
        "spec",
      );
    }
    return (chosen === undefined ? {} : { workspace: chosen }) as { workspace: string };
  };
  const iterate = <T, F>(
    list: (filter: F & { limit: number; offset: number }, call: CallOptions) => Promise<Page<T>>,
    filter: F,
    iteration: PageOptions & CallOptions,
  ) => {
    const pages = pageSettings(iteration, offsetMode);
    const { pageSize, maxItems, offsetMode: _, ...call } = iteration;
    return paginate((limit, offset) => list({ ...filter, limit, offset }, call), pages);
  };

  const client: DlfClient = {
    listFactoryPendingItems(query = {}, call) {
      const operation = "listFactoryPendingItems";
      return settle(operation, async () => {
        checkInput(operation, "query", query, "query");
        return api.GET(OPERATIONS[operation].path, {
          params: { path, query, header: workspaceHeader(operation, call) },
          ...sendAs(operation, call),
        });
      });
    },
    createFactoryPendingItemsPackage(body, call) {
      const operation = "createFactoryPendingItemsPackage";
      return settle(operation, async () => {
        checkInput(operation, "body", body, "body");
        return api.POST(OPERATIONS[operation].path, {
          params: { path, header: workspaceHeader(operation, call) },
          body,
          ...sendAs(operation, call),
        });
      });
    },
    listFactoryReleasePackages(filter = {}, call) {
      const operation = "listFactoryReleasePackages";
      return settle(operation, async () => {
        checkInput(operation, "body", filter, "filter");
        return api.POST(OPERATIONS[operation].path, {
          params: { path, header: workspaceHeader(operation, call) },
          body: filter,
          ...sendAs(operation, call),
        });
      });
    },
    showFactoryPackageDetail(packageId, call) {
      const operation = "showFactoryPackageDetail";
      return settle(operation, async () => {
        const package_id = checkPathParameter(operation, "package_id", packageId, "packageId");
        return api.GET(OPERATIONS[operation].path, {
          params: { path: { ...path, package_id }, header: workspaceHeader(operation, call) },
          ...sendAs(operation, call),
        });
      });
    },
    pendingItems(query = {}, iteration = {}) {
      return iterate(client.listFactoryPendingItems, query, iteration);
    },
    releasePackages(filter = {}, iteration = {}) {
      return iterate(client.listFactoryReleasePackages, filter, iteration);
    },
    raw: rawClient(createClient<paths>(common), settings),
  };

  // Note: secrets live only in closures; this is all that JSON.stringify or util.inspect show.
  const summary = {
    baseUrl,
    projectId,
    workspace,
    auth:
      "token" in credentials ? "token" : typeof credentials === "function" ? "provider" : "aksk",
  };
  Object.defineProperties(client, {
    toJSON: { value: () => summary },
    [Symbol.for("nodejs.util.inspect.custom")]: { value: () => ({ DlfClient: summary }) },
  });
  return client;
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type AnyInit = { signal?: AbortSignal | null } | undefined;
type AnyCall = (path: string, init?: AnyInit) => Promise<unknown>;

/**
 * openapi-fetch's client, whose calls go through the same credentials, timeouts and retries; the
 * operation is looked up from the method and path template each call names.
 */
function rawClient(base: Client<paths>, settings: CallSettings): Client<paths> {
  const via = (method: string, path: string, init: AnyInit) => {
    const firstAttempt = new AbortController();
    const signal = init?.signal ?? undefined;
    const operation = operationAt(method, path);
    return {
      ...init,
      signal: firstAttempt.signal,
      fetch: (request: Request) => sendCall(settings, request, { operation, signal, firstAttempt }),
    };
  };
  const raw: Record<string, unknown> = { ...base };
  for (const method of METHODS) {
    const call = base[method] as AnyCall;
    raw[method] = (path: string, init?: AnyInit) => call(path, via(method, path, init));
  }
  const request = base.request as (method: string, path: string, init?: AnyInit) => unknown;
  raw.request = (method: string, path: string, init?: AnyInit) =>
    request(method, path, via(method, path, init));
  return raw as unknown as Client<paths>;
}

/** Runs one call and turns what openapi-fetch hands back into data or a typed error. */
async function settle<T>(
  operation: OperationName,
  send: () => Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await send();
  } catch (error) {
    // Note: openapi-fetch parses a 2xx body as JSON; a body that is not JSON lands here.
    if (!(error instanceof SyntaxError)) throw error;
    throw new DlfTransportError({
      reason: "invalid-response",
      operation,
      cause: error,
      detail: `the answer is not valid JSON (${error.message})`,
    });
  }
  const { data, error, response } = result;
  if (!response.ok) {
    throw new DlfApiError({
      status: response.status,
      operation,
      body: error === "" ? undefined : error,
      requestId: response.headers.get("x-request-id") ?? undefined,
    });
  }
  if (data === undefined) {
    throw new DlfTransportError({
      reason: "invalid-response",
      operation,
      cause: undefined,
      detail: `HTTP ${response.status} came with an empty body`,
    });
  }
  return data;
}
