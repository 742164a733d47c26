import type { OperationName } from "./errors.js";

/** The four operations: method, path template, and whether a request may be sent again. */
export const OPERATIONS = {
  listFactoryPendingItems: {
    method: "GET",
    path: "/v2/{project_id}/factory/pending-items",
    safeToRetry: true,
  },
  createFactoryPendingItemsPackage: {
    method: "POST",
    path: "/v2/{project_id}/factory/pending-items/package",
    // A release must never be sent twice.
    safeToRetry: false,
  },
  listFactoryReleasePackages: {
    method: "POST",
    path: "/v2/{project_id}/factory/release-packages",
    // A read that happens to use POST: its body is a filter.
    safeToRetry: true,
  },
  showFactoryPackageDetail: {
    method: "GET",
    path: "/v2/{project_id}/factory/release-packages/{package_id}",
    safeToRetry: true,
  },
} as const satisfies Record<OperationName, { method: string; path: string; safeToRetry: boolean }>;

// Note: matched on the path's end so that a baseUrl with a path prefix (a proxy) still matches.
const ROUTES = Object.entries(OPERATIONS).map(([name, { method, path, safeToRetry }]) => ({
  name: name as OperationName,
  method,
  path: new RegExp(`${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  safeToRetry,
}));

/** The operation a request is for, and whether it may be retried. */
export interface Route {
  readonly name: OperationName | undefined;
  readonly safeToRetry: boolean;
}

const UNKNOWN_SAFE: Route = { name: undefined, safeToRetry: true };
const UNKNOWN_UNSAFE: Route = { name: undefined, safeToRetry: false };

/** Names the operation a request is for, and whether it may be retried. */
export function routeOf(method: string, url: string): Route {
  const pathname = pathOf(url).replace(TRAILING_SLASH, "");
  for (const route of ROUTES) {
    if (route.method === method && route.path.test(pathname)) return route;
  }
  // Note: a path this table does not know is retried only when its method is safe by HTTP's rules.
  return method === "GET" || method === "HEAD" ? UNKNOWN_SAFE : UNKNOWN_UNSAFE;
}

const TRAILING_SLASH = /\/$/;

/**
 * The path of a serialised absolute URL (a Request's `url`), as `new URL(url).pathname` gives it:
 * such a URL has no "?" or "#" before its query and fragment, and no "/" before its path.
 */
function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start === -1) return "/";
  let end = url.indexOf("?", start);
  const hash = url.indexOf("#", start);
  if (hash !== -1 && (end === -1 || hash < end)) end = hash;
  return end === -1 ? url.slice(start) : url.slice(start, end);
}
