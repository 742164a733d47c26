import { authorizer } from "./auth.js";
import type { CallSettings, RetryOptions } from "./call.js";
import { type Credentials, ENV, processEnv, resolveCredentials } from "./credentials.js";
import { DlfValidationError } from "./errors.js";
import { WIRE } from "./generated/wire.js";
import type { OffsetMode, PageOptions, PageSettings } from "./pagination.js";
import {
  anything,
  type Check,
  checkFields,
  func,
  integer,
  nonEmptyString,
  object,
  oneOf,
  type Shape,
  string,
} from "./validate.js";

/** The regions where the spec's server serves DataArts Factory's V2 API. */
export const REGIONS = WIRE.server.regions;

/** A region of `REGIONS`. */
export type Region = (typeof REGIONS)[number];

/** How to reach and sign in to the service. */
export interface DlfClientOptions {
  /** A region, e.g. "cn-north-4": the client calls https://dayu.{region}.myhuaweicloud.com. */
  region?: Region | undefined;
  /** The endpoint instead of a region, e.g. the mock's http://127.0.0.1:4010. */
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
  /** The fetch to send with (a proxy's, a test's). Default: the runtime's fetch. */
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

const timeout = integer(1);

const OPTIONS: Record<keyof DlfClientOptions, Check> = {
  region: string,
  baseUrl: string,
  projectId: nonEmptyString,
  workspace: nonEmptyString,
  credentials: anything,
  timeoutMs: timeout,
  retry: (v) => (v === false || object(v) === undefined ? undefined : "must be an object or false"),
  offsetMode: oneOf(["page", "record"]),
  fetch: func,
  env: object,
};
const RETRY: Record<keyof RetryOptions, Check> = {
  maxAttempts: integer(1),
  baseDelayMs: integer(0),
  maxDelayMs: integer(0),
  budgetMs: integer(0),
  onRetry: func,
};
const CALL: Record<keyof CallOptions, Check> = {
  signal: object,
  timeoutMs: timeout,
  workspace: nonEmptyString,
};
const ITERATION: Shape = {
  ...CALL,
  pageSize: integer(1, 100),
  maxItems: (v) =>
    v === Number.POSITIVE_INFINITY || integer(1)(v) === undefined
      ? undefined
      : "must be a positive integer or Infinity",
  offsetMode: OPTIONS.offsetMode,
} satisfies Record<keyof (CallOptions & PageOptions), Check>;

/** Options checked and settled, defaults and environment applied. */
export interface ClientSettings {
  baseUrl: string;
  projectId: string;
  workspace: string | undefined;
  credentials: Credentials;
  offsetMode: OffsetMode;
  settings: CallSettings;
}

/** Checks every option of createDlfClient, naming the one at fault, and applies the defaults. */
export function resolveClientOptions(options: DlfClientOptions): ClientSettings {
  const where = "createDlfClient";
  checkFields(OPTIONS, options, where, "");
  if (options.retry) checkFields(RETRY, options.retry, where, "retry");
  const env = options.env ?? processEnv();
  const projectId = options.projectId ?? env[ENV.projectId];
  if (typeof projectId !== "string" || projectId === "") {
    throw new DlfValidationError(
      "projectId",
      `must be a non-empty string (or set ${ENV.projectId})`,
      where,
    );
  }
  const credentials = resolveCredentials(options.credentials, env);
  const retry: RetryOptions = options.retry || {};
  return {
    baseUrl: endpointUrl(options),
    projectId,
    workspace: options.workspace,
    credentials,
    offsetMode: options.offsetMode ?? "page",
    settings: {
      fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
      authorize: authorizer(credentials),
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: {
        maxAttempts: options.retry === false ? 1 : (retry.maxAttempts ?? 3),
        baseDelayMs: retry.baseDelayMs ?? 200,
        maxDelayMs: retry.maxDelayMs ?? 5000,
        budgetMs: retry.budgetMs ?? 60_000,
        onRetry: retry.onRetry,
      },
    },
  };
}

/** The URL a client made with these options calls; the same checks and errors as createDlfClient. */
export function endpointUrl(options: Pick<DlfClientOptions, "region" | "baseUrl">): string {
  const where = "createDlfClient";
  if (options.baseUrl !== undefined && options.region !== undefined) {
    throw new DlfValidationError("baseUrl", "and region exclude each other: give one", where);
  }
  if (options.baseUrl !== undefined) {
    const url = URL.canParse(options.baseUrl) ? new URL(options.baseUrl) : undefined;
    // Note: the paths are appended to it, and credentials in a URL would be sent as Basic auth.
    if (
      !url ||
      !/^https?:$/.test(url.protocol) ||
      url.username ||
      url.password ||
      /[?#]/.test(options.baseUrl)
    ) {
      throw new DlfValidationError(
        "baseUrl",
        "must be an http(s) URL without credentials, query or fragment",
        where,
      );
    }
    return options.baseUrl;
  }
  const region = options.region ?? WIRE.server.defaultRegion;
  if (!(REGIONS as readonly string[]).includes(region)) {
    throw new DlfValidationError(
      "region",
      `must be one of ${REGIONS.join(", ")} (got "${region}"); or give baseUrl`,
      where,
    );
  }
  return WIRE.server.url.replace("{region}", region);
}

/** Checks a call's options, naming the one at fault. */
export function checkCallOptions(call: CallOptions | undefined, where: string): void {
  if (call !== undefined) checkFields(CALL, call, where, "options");
}

/** Checks an iterator's options and applies the defaults. */
export function pageSettings(
  options: PageOptions & CallOptions,
  offsetMode: OffsetMode,
): PageSettings {
  checkFields(ITERATION, options, "iterator", "options");
  return {
    pageSize: options.pageSize ?? 100,
    maxItems: options.maxItems ?? 10_000,
    offsetMode: options.offsetMode ?? offsetMode,
  };
}
