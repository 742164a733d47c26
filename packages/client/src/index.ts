export type { RetryEvent, RetryOptions } from "./call.js";
export type {
  DlfClient,
  PendingItem,
  PendingItemsQuery,
  ReleasePackage,
  ReleasePackagesFilter,
  ReleaseRequest,
} from "./client.js";
export { createDlfClient } from "./client.js";
export type {
  AkSkCredentials,
  Credentials,
  CredentialsProvider,
  TokenCredentials,
} from "./credentials.js";
export {
  DlfApiError,
  DlfError,
  DlfTransportError,
  DlfValidationError,
  type OperationName,
  type TransportFailure,
  type ValidationRule,
} from "./errors.js";
export type { components, operations, paths } from "./generated/schema.js";
export type { CallOptions, DlfClientOptions, Region } from "./options.js";
export { endpointUrl, REGIONS } from "./options.js";
export type { OffsetMode, PageOptions } from "./pagination.js";
