import { akskAuthorize } from "./auth/aksk.js";
import { tokenAuthorize } from "./auth/token.js";
import { type Credentials, ENV, processEnv, resolveCredentials } from "./credentials.js";
import { chooseEngine } from "./engine.js";
import { DlfValidationError } from "./errors.js";
import type { OffsetMode, PageSettings } from "./pagination.js";
import { REGIONS, type Region, regionEndpoint } from "./regions.js";
import type { RetryOptions, TransportSettings } from "./transport.js";

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
  /** The fetch to send with (a proxy's, a test's). Default: node:http(s) where the runtime has it, else fetch. */
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

const DEFAULT_RETRY = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5000, budgetMs: 60_000 };

const KNOWN_OPTIONS: ReadonlySet<string> = new Set<keyof DlfClientOptions>([
  "region",
  "baseUrl",
  "projectId",
  "workspace",
  "credentials",
  "timeoutMs",
  "retry",
  "offsetMode",
  "fetch",
  "env",
]);

/** Options checked and settled, defaults and environment applied. */
export interface ClientSettings {
  baseUrl: string;
  projectId: string;
  workspace: string | undefined;
  credentials: Credentials;
  offsetMode: OffsetMode;
  settings: TransportSettings;
}

/** Checks every option of createDlfClient, naming the one at fault, and applies the defaults. */
export function resolveClientOptions(options: DlfClientOptions): ClientSettings {
  const where = "createDlfClient";
  if (typeof options !== "object" || options === null) {
    throw new DlfValidationError("options", "must be an object", where);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new DlfValidationError(
        key,
        `is not an option (known: ${[...KNOWN_OPTIONS].join(", ")})`,
        where,
      );
    }
  }
  const env = options.env ?? processEnv();
  const projectId = options.projectId ?? env[ENV.projectId];
  if (typeof projectId !== "string" || projectId === "") {
    throw new DlfValidationError(
      "projectId",
      `must be a non-empty string (or set ${ENV.projectId})`,
      where,
    );
  }
  const offsetMode = options.offsetMode ?? "page";
  if (offsetMode !== "page" && offsetMode !== "record") {
    throw new DlfValidationError("offsetMode", 'must be "page" or "record"', where);
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new DlfValidationError("fetch", "must be a function", where);
  }
  const credentials = resolveCredentials(options.credentials, env);
  return {
    baseUrl: resolveBaseUrl(options),
    projectId,
    workspace: checkOptional(options.workspace, "workspace", where),
    credentials,
    offsetMode,
    settings: {
      engine: chooseEngine(options.fetch),
      authorize:
        "token" in credentials ? tokenAuthorize(credentials.token) : akskAuthorize(credentials),
      timeoutMs: checkTimeout(options.timeoutMs ?? 30_000, "timeoutMs", where),
      retry: resolveRetry(options.retry, where),
      random: Math.random,
    },
  };
}

function resolveBaseUrl(options: DlfClientOptions): string {
  const where = "createDlfClient";
  if (options.baseUrl !== undefined && options.region !== undefined) {
    throw new DlfValidationError("baseUrl", "and region exclude each other: give one", where);
  }
  if (options.baseUrl !== undefined) {
    const url =
      typeof options.baseUrl === "string" && URL.canParse(options.baseUrl)
        ? new URL(options.baseUrl)
        : undefined;
    // Note: the paths are appended to it, and credentials in a URL would be sent as Basic auth.
    if (
      !url ||
      !/^https?:$/.test(url.protocol) ||
      url.username ||
      url.password ||
      /[?#]/.test(options.baseUrl as string)
    ) {
      throw new DlfValidationError(
        "baseUrl",
        "must be an http(s) URL without credentials, query or fragment",
        where,
      );
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
    if (!Object.hasOwn(DEFAULT_RETRY, key)) {
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

/** Checks an iterator's page options and applies the defaults. */
export function pageSettings(options: {
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

/** A timeout in ms: a positive integer. */
export function checkTimeout(value: unknown, name: string, where: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new DlfValidationError(name, "must be a positive integer (milliseconds)", where);
  }
  return value as number;
}

/** An optional id: absent, or a non-empty string. */
export function checkOptional(value: unknown, name: string, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new DlfValidationError(name, "must be a non-empty string when given", where);
  }
  return value;
}
