import { WIRE } from "./generated/wire.js";

/** The operations of the API, by their official SDK names. */
export type OperationName = keyof typeof WIRE.operations;

/** The operations, from the spec. */
export const OPERATIONS = WIRE.operations;

// A release must never be sent twice; the other three are reads (listFactoryReleasePackages reads
// over POST, its body being a filter).
const NEVER_RETRIED: ReadonlySet<string> = new Set(["createFactoryPendingItemsPackage"]);

/** Whether a request may be sent again: reads yes, releases never; unknown ones as HTTP says. */
export function safeToRetry(operation: OperationName | undefined, method: string): boolean {
  if (operation !== undefined) return !NEVER_RETRIED.has(operation);
  return method === "GET" || method === "HEAD";
}

const BY_ROUTE = new Map(
  Object.entries(OPERATIONS).map(([name, { method, path }]) => [
    `${method} ${path}`,
    name as OperationName,
  ]),
);

/** The operation that `dlf.raw` calls, from the method and path template it was given. */
export function operationAt(method: string, pathTemplate: string): OperationName | undefined {
  return BY_ROUTE.get(`${method.toUpperCase()} ${pathTemplate}`);
}
