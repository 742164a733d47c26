import createClient, { type Client } from "openapi-fetch";
import { platform } from "#platform";
import {
  DlfApiError,
  DlfTransportError,
  DlfValidationError,
  type OperationName,
} from "./errors.js";
import type { components, operations, paths } from "./generated/schema.js";
import { OPERATIONS } from "./operations.js";
import {
  type CallOptions,
  checkCallOptions,
  type DlfClientOptions,
  pageSettings,
  resolveClientOptions,
} from "./options.js";
import { type Page, type PageOptions, paginate } from "./pagination.js";
import { createTransport } from "./transport.js";
import { validateId, validateInput } from "./validate.js";

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
  const transport = createTransport(settings);
  const common = { baseUrl, fetch: transport, headers: { "X-Project-Id": projectId } };
  const raw = createClient<paths>(common);
  // Note: the methods' own client, untouched by raw's middlewares; in Node it makes CallRequests
  // rather than fetch Requests.
  const api = createClient<paths>(
    platform.Request
      ? { ...common, Request: platform.Request as unknown as typeof Request }
      : common,
  );

  const perCall = (operation: OperationName, call: CallOptions | undefined) => {
    checkCallOptions(call, operation);
    const init: { fetch: typeof transport; signal?: AbortSignal } = { fetch: transport };
    const timeoutMs = call?.timeoutMs;
    if (timeoutMs !== undefined) init.fetch = createTransport({ ...settings, timeoutMs });
    if (call?.signal) init.signal = call.signal;
    return init;
  };
  const workspaceOf = (call: CallOptions | undefined) => {
    const chosen = call?.workspace ?? workspace;
    return chosen === undefined ? {} : { workspace: chosen };
  };
  const requiredWorkspace = (operation: OperationName, call: CallOptions | undefined) => {
    const chosen = workspaceOf(call).workspace;
    if (chosen === undefined) {
      throw new DlfValidationError(
        "workspace",
        "is required by this operation: pass it to createDlfClient or in the call's options",
        operation,
        "spec",
      );
    }
    return { workspace: chosen };
  };
  const iterate = <T, F>(
    list: (filter: F & { limit: number; offset: number }, call: CallOptions) => Promise<Page<T>>,
    filter: F,
    iteration: PageOptions & CallOptions,
  ) => {
    const { pageSize, maxItems, offsetMode: _, ...call } = iteration;
    return paginate(
      (limit, offset) => list({ ...filter, limit, offset }, call),
      pageSettings(iteration, offsetMode),
    );
  };
  const path = { project_id: projectId };

  const client: DlfClient = {
    listFactoryPendingItems(query = {}, call) {
      const operation = "listFactoryPendingItems";
      return settle(operation, async () => {
        validateInput("pendingItemsQuery", query, operation, "query");
        return api.GET(OPERATIONS.listFactoryPendingItems.path, {
          params: { path, query, header: requiredWorkspace(operation, call) },
          ...perCall(operation, call),
        });
      });
    },
    createFactoryPendingItemsPackage(body, call) {
      const operation = "createFactoryPendingItemsPackage";
      return settle(operation, async () => {
        validateInput("releaseRequest", body, operation, "body");
        return api.POST(OPERATIONS.createFactoryPendingItemsPackage.path, {
          params: { path, header: requiredWorkspace(operation, call) },
          body,
          ...perCall(operation, call),
        });
      });
    },
    listFactoryReleasePackages(filter = {}, call) {
      const operation = "listFactoryReleasePackages";
      return settle(operation, async () => {
        validateInput("releasePackagesFilter", filter, operation, "filter");
        return api.POST(OPERATIONS.listFactoryReleasePackages.path, {
          params: { path, header: workspaceOf(call) },
          body: filter,
          ...perCall(operation, call),
        });
      });
    },
    showFactoryPackageDetail(packageId, call) {
      const operation = "showFactoryPackageDetail";
      return settle(operation, async () => {
        const package_id = validateId(packageId, operation, "packageId");
        return api.GET(OPERATIONS.showFactoryPackageDetail.path, {
          params: { path: { ...path, package_id }, header: workspaceOf(call) },
          ...perCall(operation, call),
        });
      });
    },
    pendingItems(query = {}, iteration = {}) {
      return iterate(client.listFactoryPendingItems, query, iteration);
    },
    releasePackages(filter = {}, iteration = {}) {
      return iterate(client.listFactoryReleasePackages, filter, iteration);
    },
    raw,
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
