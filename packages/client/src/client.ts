import createClient, { type Client } from "openapi-fetch";
import { CallRequest } from "./call-request.js";
import {
  DlfApiError,
  DlfTransportError,
  DlfValidationError,
  type OperationName,
} from "./errors.js";
import type { components, operations, paths } from "./generated/schema.js";
import {
  type CallOptions,
  checkOptional,
  checkTimeout,
  type DlfClientOptions,
  pageSettings,
  resolveClientOptions,
} from "./options.js";
import { type PageOptions, paginate } from "./pagination.js";
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
  // Note: the methods' own client, which sends CallRequests rather than fetch Requests.
  const api = createClient<paths>({ ...common, Request: CallRequest as unknown as typeof Request });

  const perCall = (operation: OperationName, call: CallOptions | undefined) => {
    const init: { fetch: typeof transport; signal?: AbortSignal } = { fetch: transport };
    if (call?.timeoutMs !== undefined) {
      const timeoutMs = checkTimeout(call.timeoutMs, "options.timeoutMs", operation);
      init.fetch = createTransport({ ...settings, timeoutMs });
    }
    if (call?.signal) init.signal = call.signal;
    return init;
  };
  const workspaceOf = (operation: OperationName, call: CallOptions | undefined) => {
    const chosen = checkOptional(call?.workspace, "options.workspace", operation) ?? workspace;
    return chosen === undefined ? {} : { workspace: chosen };
  };
  const requiredWorkspace = (operation: OperationName, call: CallOptions | undefined) => {
    const header = workspaceOf(operation, call);
    if (header.workspace === undefined) {
      throw new DlfValidationError(
        "workspace",
        "is required by this operation: pass it to createDlfClient or in the call's options",
        operation,
      );
    }
    return { workspace: header.workspace };
  };
  const path = { project_id: projectId };

  const client: DlfClient = {
    listFactoryPendingItems(query = {}, call) {
      const operation = "listFactoryPendingItems";
      return settle(operation, async () => {
        validateInput("pendingItemsQuery", query, operation, "query");
        return api.GET("/v2/{project_id}/factory/pending-items", {
          params: { path, query, header: requiredWorkspace(operation, call) },
          ...perCall(operation, call),
        });
      });
    },
    createFactoryPendingItemsPackage(body, call) {
      const operation = "createFactoryPendingItemsPackage";
      return settle(operation, async () => {
        validateInput("releaseRequest", body, operation, "body");
        return api.POST("/v2/{project_id}/factory/pending-items/package", {
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
        return api.POST("/v2/{project_id}/factory/release-packages", {
          params: { path, header: workspaceOf(operation, call) },
          body: filter,
          ...perCall(operation, call),
        });
      });
    },
    showFactoryPackageDetail(packageId, call) {
      const operation = "showFactoryPackageDetail";
      return settle(operation, async () => {
        const package_id = validateId(packageId, operation, "packageId");
        return api.GET("/v2/{project_id}/factory/release-packages/{package_id}", {
          params: { path: { ...path, package_id }, header: workspaceOf(operation, call) },
          ...perCall(operation, call),
        });
      });
    },
    pendingItems(query = {}, iteration = {}) {
      const { pageSize, maxItems, offsetMode: mode, ...call } = iteration;
      return paginate(
        (limit, offset) => client.listFactoryPendingItems({ ...query, limit, offset }, call),
        pageSettings({ pageSize, maxItems, offsetMode: mode ?? offsetMode }),
      );
    },
    releasePackages(filter = {}, iteration = {}) {
      const { pageSize, maxItems, offsetMode: mode, ...call } = iteration;
      return paginate(
        (limit, offset) => client.listFactoryReleasePackages({ ...filter, limit, offset }, call),
        pageSettings({ pageSize, maxItems, offsetMode: mode ?? offsetMode }),
      );
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
      detail: `the answer is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
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
