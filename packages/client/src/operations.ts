import type { OperationName } from "./errors.js";

interface OperationRoute {
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

/** Names the operation a request is for, and whether it may be retried. */
export function routeOf(request: Request): {
  name: OperationName | undefined;
  safeToRetry: boolean;
} {
  const pathname = new URL(request.url).pathname.replace(/\/$/, "");
  const route = ROUTES.find((r) => r.method === request.method && r.path.test(pathname));
  // Note: a path this table does not know is retried only when its method is safe by HTTP's rules.
  return (
    route ?? { name: undefined, safeToRetry: request.method === "GET" || request.method === "HEAD" }
  );
}
