import type {
  DlfClient,
  OperationName,
  PendingItemsQuery,
  ReleasePackagesFilter,
  ReleaseRequest,
} from "@dlf-release/client";
import fc from "fast-check";
import { expect } from "vitest";
import type { Input } from "./arbitraries.js";
import { mockClient, projectId, violations, workspace } from "./client.js";
import { mockDlf } from "./dlf.js";
import { validatingFetch } from "./response-validator.js";

// What the property-based tests share: inputs generated from the spec's request schemas go through
// the client or the raw openapi-fetch client to the Prism mock, which judges them. Seeded (FC_SEED
// overrides the seed) with a fixed number of runs, so that every machine checks the same cases
// however fast it is.

const SEED = Number(process.env.FC_SEED ?? 20_261_125);
/**
 * Runs of each property through the client (fast-check's default), and per kind of break with the
 * raw client: each run through the client is a Prism call, whose CPU is most of these tests' time.
 */
export const RUNS = 100;
export const RAW_RUNS = 5;
/** A round trip to Prism takes about 10 ms on a quiet machine; the budget is 20 times that. */
export const timeoutFor = (runs: number) => 30_000 + runs * 200;

export const operations: OperationName[] = [
  "listFactoryPendingItems",
  "createFactoryPendingItemsPackage",
  "listFactoryReleasePackages",
  "showFactoryPackageDetail",
];

/** Sends an input through the client method of an operation. */
export const viaClient: Record<OperationName, (dlf: DlfClient, input: Input) => Promise<unknown>> =
  {
    // Note: the inputs come from the same schemas as the client's types; the casts only say so.
    listFactoryPendingItems: (dlf, input) =>
      dlf.listFactoryPendingItems(input as unknown as PendingItemsQuery),
    createFactoryPendingItemsPackage: (dlf, input) =>
      dlf.createFactoryPendingItemsPackage(input as unknown as ReleaseRequest),
    listFactoryReleasePackages: (dlf, input) =>
      dlf.listFactoryReleasePackages(input as unknown as ReleasePackagesFilter),
    showFactoryPackageDetail: (dlf, input) =>
      dlf.showFactoryPackageDetail(input.package_id as string),
  };

/** The name the client gives a field in DlfValidationError.field. */
export const clientField: Record<OperationName, (field: string) => string> = {
  listFactoryPendingItems: (field) => `query.${field}`,
  createFactoryPendingItemsPackage: (field) => `body.${field}`,
  listFactoryReleasePackages: (field) => `filter.${field}`,
  showFactoryPackageDetail: () => "packageId",
};

/** Sends an input with the raw openapi-fetch client, without the client's checks. */
export const viaRawClient: Record<OperationName, (input: Input) => Promise<Response>> = {
  listFactoryPendingItems: async (input) =>
    (
      await mockClient().GET("/v2/{project_id}/factory/pending-items", {
        params: { path: { project_id: projectId }, header: { workspace }, query: input as never },
      })
    ).response,
  createFactoryPendingItemsPackage: async (input) =>
    (
      await mockClient().POST("/v2/{project_id}/factory/pending-items/package", {
        params: { path: { project_id: projectId }, header: { workspace } },
        body: input as never,
      })
    ).response,
  listFactoryReleasePackages: async (input) =>
    (
      await mockClient().POST("/v2/{project_id}/factory/release-packages", {
        params: { path: { project_id: projectId }, header: { workspace } },
        body: input as never,
      })
    ).response,
  showFactoryPackageDetail: async (input) =>
    (
      await mockClient().GET("/v2/{project_id}/factory/release-packages/{package_id}", {
        params: { path: { project_id: projectId, package_id: input.package_id as string } },
      })
    ).response,
};

/** A client on the mock whose every request and answer is kept, and every answer body validated. */
export function recordingClient() {
  const sent: { request: Request; response: Response }[] = [];
  const fetch = validatingFetch(async (request) => {
    const response = await globalThis.fetch(request);
    sent.push({ request, response });
    return response;
  });
  return { dlf: mockDlf({ fetch }), sent, fetch };
}

/** Runs a property with the fixed seed; fails with fast-check's report. */
export async function holds<T>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  numRuns: number,
) {
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), {
    seed: SEED,
    numRuns,
  });
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : "";
    throw new Error(`${fc.defaultReportMessage(details) ?? "the property failed"}\n${cause}`);
  }
  expect(details.numRuns).toBe(numRuns);
  return details;
}

/** What Prism said about a refused request, for messages. */
export const refusal = (response: Response) =>
  `HTTP ${response.status} ${violations(response).join("; ")}`;
