import type { OperationName } from "./errors.js";

interface OperationRoute extends Route {
  readonly name: OperationName;
  readonly method: string;
  readonly path: RegExp;
  /** Reads may be sent again safely; a release must never be sent twice. */
  readonly safeToRetry: boolean;
}

// Note: matched on the path's end so that a baseUrl with a path prefix (a proxy) still matches.
const ROUTES: readonly OperationRoute[] = [
  {
    name: "listFactoryPendingItems",
    method: "GET",
    path: /\/v2\/[^/]+\/factory\/pending-items$/,
    safeToRetry: true,
  },
  {
    name: "createFactoryPendingItemsPackage",
    method: "POST",
    path: /\/v2\/[^/]+\/factory\/pending-items\/package$/,
    safeToRetry: false,
  },
  {
    // A read that happens to use POST: its body is a filter.
    name: "listFactoryReleasePackages",
    method: "POST",
    path: /\/v2\/[^/]+\/factory\/release-packages$/,
    safeToRetry: true,
  },
  {
    name: "showFactoryPackageDetail",
    method: "GET",
    path: /\/v2\/[^/]+\/factory\/release-packages\/[^/]+$/,
    safeToRetry: true,
  },
];

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
