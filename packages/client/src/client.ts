import createClient, { type Client } from "openapi-fetch";
import { akskAuth } from "./auth/aksk.js";
import { tokenAuth } from "./auth/token.js";
import { type Credentials, ENV, processEnv, resolveCredentials } from "./credentials.js";
import {
  DlfApiError,
  DlfTransportError,
  DlfValidationError,
  type OperationName,
} from "./errors.js";
import type { components, operations, paths } from "./generated/schema.js";
import { type OffsetMode, type PageOptions, type PageSettings, paginate } from "./pagination.js";
import { REGIONS, type Region, regionEndpoint } from "./regions.js";
import { createTransport, type RetryOptions, type TransportSettings } from "./transport.js";
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

/** How to reach and sign in to the service. */
export interface DlfClientOptions {
  /** A region, e.g. "cn-north-4": the client calls https://dayu.{region}.myhuaweicloud.com. */
  region?: Region | undefined;
  /** The endpoint instead of a region, e.g. the sandbox's http://127.0.0.1:4010. */
  baseUrl?: string | undefined;
  /** Project id; default HUAWEICLOUD_SDK_PROJECT_ID. */
  projectId?: string | undefined;
  /** Workspace id: required by the pending-item operations; the default workspace otherwise. */
  workspace?: string | undefined;
  /** AK/SK, a token, or a provider of temporary AK/SK; default HUAWEICLOUD_SDK_AK/_SK/_SECURITY_TOKEN. */
  credentials?: Credentials | undefined;
  /** Time in ms one attempt may take, answer body included. Default 30000. */
  timeoutMs?: number | undefined;
  /** Retries of reads, or false for none. Releases are never retried. */
  retry?: RetryOptions | false | undefined;
  /** What `offset` means to the iterators. Default "page", as the API pages say. */
  offsetMode?: OffsetMode | undefined;
  /** The fetch to send with (a proxy's, undici's, a test's). Default globalThis.fetch. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** Where to read HUAWEICLOUD_SDK_* from. Default process.env where there is one. */
  env?: Record<string, string | undefined> | undefined;
}

/** Per-call settings. */
export interface CallOptions {
  /** Cancels the call, waits between retries included. */
  signal?: AbortSignal | undefined;
  /** Time in ms one attempt may take, instead of the client's. */
  timeoutMs?: number | undefined;
  /** Workspace id for this call instead of the client's. */
  workspace?: string | undefined;
}

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
  ): AsyncGenerator<PendingItem, void, undefined>;
  /** Every release package that matches, page after page. */
  releasePackages(
    filter?: Omit<ReleasePackagesFilter, "limit" | "offset">,
    options?: PageOptions & CallOptions,
  ): AsyncGenerator<ReleasePackage, void, undefined>;
  /** The typed openapi-fetch client, with the same authentication, timeouts and retries. */
  readonly raw: Client<paths>;
}

const DEFAULT_RETRY = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5000, budgetMs: 60_000 };

/** Makes a client; every option is checked here, with an error that names it. */
export function createDlfClient(options: DlfClientOptions = {}): DlfClient {
  const where = "createDlfClient";
  if (typeof options !== "object" || options === null) {
    throw new DlfValidationError("options", "must be an object", where);
  }
  const env = options.env ?? processEnv();
  const baseUrl = resolveBaseUrl(options);
  const projectId = options.projectId ?? env[ENV.projectId];
  if (typeof projectId !== "string" || projectId === "") {
    throw new DlfValidationError(
      "projectId",
      `must be a non-empty string (or set ${ENV.projectId})`,
      where,
    );
  }
  const workspace = checkOptional(options.workspace, "workspace", where);
  const credentials = resolveCredentials(options.credentials, env);
  const offsetMode = options.offsetMode ?? "page";
  if (offsetMode !== "page" && offsetMode !== "record") {
    throw new DlfValidationError("offsetMode", 'must be "page" or "record"', where);
  }
  const settings: TransportSettings = {
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    timeoutMs: checkTimeout(options.timeoutMs ?? 30_000, "timeoutMs", where),
    retry: resolveRetry(options.retry, where),
    random: Math.random,
  };
  const transport = createTransport(settings);

  const raw = createClient<paths>({
    baseUrl,
    fetch: transport,
    headers: { "X-Project-Id": projectId },
  });
  raw.use(
    "token" in credentials
      ? tokenAuth(credentials.token)
      : akskAuth(typeof credentials === "function" ? credentials : () => credentials),
  );

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
        return raw.GET("/v2/{project_id}/factory/pending-items", {
          params: { path, query, header: requiredWorkspace(operation, call) },
          ...perCall(operation, call),
        });
      });
    },
    createFactoryPendingItemsPackage(body, call) {
      const operation = "createFactoryPendingItemsPackage";
      return settle(operation, async () => {
        validateInput("releaseRequest", body, operation, "body");
        return raw.POST("/v2/{project_id}/factory/pending-items/package", {
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
        return raw.POST("/v2/{project_id}/factory/release-packages", {
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
        return raw.GET("/v2/{project_id}/factory/release-packages/{package_id}", {
          params: { path: { ...path, package_id }, header: workspaceOf(operation, call) },
          ...perCall(operation, call),
        });
      });
    },
    pendingItems(query = {}, iteration = {}) {
      const { pageSize, maxItems, offsetMode: mode, ...call } = iteration;
      return paginate(
        (limit, offset) => client.listFactoryPendingItems({ ...query, limit, offset }, call),
        pageOptions({ pageSize, maxItems, offsetMode: mode ?? offsetMode }),
      );
    },
    releasePackages(filter = {}, iteration = {}) {
      const { pageSize, maxItems, offsetMode: mode, ...call } = iteration;
      return paginate(
        (limit, offset) => client.listFactoryReleasePackages({ ...filter, limit, offset }, call),
        pageOptions({ pageSize, maxItems, offsetMode: mode ?? offsetMode }),
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

function resolveBaseUrl(options: DlfClientOptions): string {
  const where = "createDlfClient";
  if (options.baseUrl !== undefined && options.region !== undefined) {
    throw new DlfValidationError("baseUrl", "and region exclude each other: give one", where);
  }
  if (options.baseUrl !== undefined) {
    if (
      typeof options.baseUrl !== "string" ||
      !URL.canParse(options.baseUrl) ||
      !/^https?:/.test(options.baseUrl)
    ) {
      throw new DlfValidationError("baseUrl", "must be an http(s) URL", where);
    }
    return options.baseUrl;
  }
  const region = options.region ?? "cn-north-4";
  if (!(REGIONS as readonly string[]).includes(region)) {
    throw new DlfValidationError(
      "region",
      `must be one of ${REGIONS.join(", ")} (got "${String(region)}"); or give baseUrl`,
      where,
    );
  }
  return regionEndpoint(region);
}

function resolveRetry(
  retry: RetryOptions | false | undefined,
  where: string,
): TransportSettings["retry"] {
  if (retry === false) return { ...DEFAULT_RETRY, maxAttempts: 1 };
  if (retry === undefined) return DEFAULT_RETRY;
  if (typeof retry !== "object" || retry === null) {
    throw new DlfValidationError("retry", "must be an object or false", where);
  }
  const { onRetry, ...numbers } = retry;
  if (onRetry !== undefined && typeof onRetry !== "function") {
    throw new DlfValidationError("retry.onRetry", "must be a function", where);
  }
  const merged = { ...DEFAULT_RETRY };
  for (const [key, value] of Object.entries(numbers)) {
    if (!(key in DEFAULT_RETRY)) {
      throw new DlfValidationError(
        `retry.${key}`,
        `is not a retry option (known: ${Object.keys(DEFAULT_RETRY).join(", ")}, onRetry)`,
        where,
      );
    }
    if (value === undefined) continue;
    const min = key === "maxAttempts" ? 1 : 0;
    if (!Number.isSafeInteger(value) || value < min) {
      throw new DlfValidationError(`retry.${key}`, `must be an integer of at least ${min}`, where);
    }
    merged[key as keyof typeof DEFAULT_RETRY] = value;
  }
  return onRetry ? { ...merged, onRetry } : merged;
}

function pageOptions(options: {
  pageSize: number | undefined;
  maxItems: number | undefined;
  offsetMode: OffsetMode;
}): PageSettings {
  const pageSize = options.pageSize ?? 100;
  const maxItems = options.maxItems ?? 10_000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new DlfValidationError("pageSize", "must be an integer from 1 to 100", "iterator");
  }
  if (!(maxItems === Number.POSITIVE_INFINITY || (Number.isInteger(maxItems) && maxItems >= 1))) {
    throw new DlfValidationError("maxItems", "must be a positive integer or Infinity", "iterator");
  }
  return { pageSize, maxItems, offsetMode: options.offsetMode };
}

function checkTimeout(value: unknown, name: string, where: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new DlfValidationError(name, "must be a positive integer (milliseconds)", where);
  }
  return value as number;
}

function checkOptional(value: unknown, name: string, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new DlfValidationError(name, "must be a non-empty string when given", where);
  }
  return value;
}
