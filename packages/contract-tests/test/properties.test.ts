import {
  type DlfClient,
  DlfValidationError,
  type OperationName,
  type PendingItemsQuery,
  type ReleasePackagesFilter,
  type ReleaseRequest,
} from "@dlf-release/client";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  type Input,
  invalidInput,
  invalidInputAt,
  type MutationSite,
  mutationSites,
  validInput,
} from "./support/arbitraries.js";
import { mockClient, projectId, violations, workspace } from "./support/client.js";
import { mockDlf } from "./support/dlf.js";
import { createAjv, DOCUMENT_ID, validatingFetch } from "./support/response-validator.js";
import { deref, spec } from "./support/spec.js";

// Property-based tests: inputs generated from the spec's request schemas go through the client to
// the Prism mock, which judges them. Seeded (FC_SEED overrides the seed) with a fixed number of
// runs, so that every machine checks the same cases however fast it is.

const SEED = Number(process.env.FC_SEED ?? 20_261_125);
/** Runs of each property through the client, and per kind of break with the raw client. */
const RUNS = 200;
const RAW_RUNS = 15;
/** A round trip to Prism takes about 10 ms on a quiet machine; the budget is 20 times that. */
const timeoutFor = (runs: number) => 30_000 + runs * 200;

const operations: OperationName[] = [
  "listFactoryPendingItems",
  "createFactoryPendingItemsPackage",
  "listFactoryReleasePackages",
  "showFactoryPackageDetail",
];

/** Sends an input through the client method of an operation. */
const viaClient: Record<OperationName, (dlf: DlfClient, input: Input) => Promise<unknown>> = {
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
const clientField: Record<OperationName, (field: string) => string> = {
  listFactoryPendingItems: (field) => `query.${field}`,
  createFactoryPendingItemsPackage: (field) => `body.${field}`,
  listFactoryReleasePackages: (field) => `filter.${field}`,
  showFactoryPackageDetail: () => "packageId",
};

/** Sends an input with the raw openapi-fetch client, without the client's checks. */
const viaRawClient: Record<OperationName, (input: Input) => Promise<Response>> = {
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
function recordingClient() {
  const sent: { request: Request; response: Response }[] = [];
  const fetch = validatingFetch(async (request) => {
    const response = await globalThis.fetch(request);
    sent.push({ request, response });
    return response;
  });
  return { dlf: mockDlf({ fetch }), sent, fetch };
}

/** Runs a property with the fixed seed; fails with fast-check's report. */
async function holds<T>(
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
const refusal = (response: Response) =>
  `HTTP ${response.status} ${violations(response).join("; ")}`;

describe.each(operations)("%s", (operationId) => {
  test(
    "every valid input is sent by the client and accepted by the mock, unless a client's own rule refuses it",
    async () => {
      const { dlf, sent, fetch } = recordingClient();
      let refused = 0;
      await holds(
        validInput(operationId),
        async (input) => {
          const before = sent.length;
          const error = await viaClient[operationId](dlf, input).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (error instanceof DlfValidationError) {
            // Note: the spec allows it; only one of the client's own rules (an empty string, say)
            // may refuse it, and then nothing is sent.
            expect(error.rule, `the client refused a valid input: ${error.message}`).toBe("client");
            expect(sent.length).toBe(before);
            refused++;
            return;
          }
          expect(sent.length, "requests sent").toBe(before + 1);
          const { response } = sent.at(-1)!;
          expect(response.ok, `the mock refused a valid input: ${refusal(response)}`).toBe(true);
          expect(error).toBeUndefined();
        },
        RUNS,
      );
      // Note: generated strings and lists are often empty, which the client's own rules refuse.
      expect(RUNS - refused, "valid inputs that went through").toBeGreaterThanOrEqual(RUNS / 4);
      expect(fetch.violations, "answers that break the spec").toEqual([]);
    },
    timeoutFor(RUNS),
  );

  test(
    "the client refuses every invalid input itself, naming the field, so that nothing is sent",
    async () => {
      const { dlf, sent } = recordingClient();
      await holds(
        invalidInput(operationId),
        async (sample) => {
          const before = sent.length;
          const error = await viaClient[operationId](dlf, sample.input).then(
            () => undefined,
            (e: unknown) => e,
          );
          const response = sent.length > before ? sent.at(-1)?.response : undefined;
          const outcome = response ? `it was sent (${refusal(response)})` : String(error);
          expect(error, `the client let through ${sample.why}: ${outcome}`).toBeInstanceOf(
            DlfValidationError,
          );
          expect((error as DlfValidationError).field).toBe(clientField[operationId](sample.field));
          expect(sent.length).toBe(before);
        },
        RUNS,
      );
    },
    timeoutFor(RUNS),
  );

  // The raw client skips the client's checks: Prism alone must refuse each kind of break, on each
  // operation (Prism has an open bug where a request body may go unvalidated).
  const sites = mutationSites(operationId).filter((site) => site.onTheWire);
  const named = (list: MutationSite[]) =>
    list.map((site) => [site.kind, site.path.join("."), site] as const);

  test.each(named(sites.filter((site) => !prismBlindSpot(site))))(
    "the mock refuses %s at %s, sent without the client's checks",
    async (_, __, site) => {
      await holds(
        invalidInputAt(operationId, site),
        async (sample) => {
          const response = await viaRawClient[operationId](sample.input);
          expect(response.ok, `the mock accepted ${sample.why}`).toBe(false);
          expect([400, 422]).toContain(response.status);
          expect(violations(response).join("\n")).toContain(sample.field);
        },
        RAW_RUNS,
      );
    },
    timeoutFor(RAW_RUNS),
  );

  test.each(named(sites.filter(prismBlindSpot)))(
    "the mock does not see %s at %s (a gap of prism), so the client must refuse it",
    async (_, __, site) => {
      const { dlf, sent } = recordingClient();
      await holds(
        invalidInputAt(operationId, site),
        async (sample) => {
          const response = await viaRawClient[operationId](sample.input);
          expect(response.status, `the mock now refuses ${sample.why}`).toBe(200);
          const error = await viaClient[operationId](dlf, sample.input).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(DlfValidationError);
          expect((error as DlfValidationError).field).toBe(clientField[operationId](sample.field));
        },
        RAW_RUNS,
      );
      expect(sent).toEqual([]);
    },
    timeoutFor(RAW_RUNS),
  );

  test("the generated inputs agree with ajv: valid ones pass the request schema, invalid ones fail at their field", async () => {
    const validate = requestSchemaValidator(operationId);
    await holds(
      validInput(operationId),
      async (input) => {
        expect(validate(input) ? [] : validate.errors).toEqual([]);
      },
      1000,
    );
    await holds(
      invalidInput(operationId),
      async (sample) => {
        expect(validate(sample.input), sample.why).toBe(false);
        const places = new Set(
          (validate.errors ?? []).map((error) => {
            const params = error.params as Record<string, unknown>;
            const name = params.missingProperty ?? params.additionalProperty;
            return name === undefined
              ? error.instancePath
              : `${error.instancePath}/${String(name)}`;
          }),
        );
        expect([...places], sample.why).toEqual([`/${sample.path.join("/")}`]);
      },
      1000,
    );
  });
});

/**
 * Breaks Prism does not see, as these tests found: it takes an empty query value (`limit=`)
 * for an absent parameter, although OpenAPI's allowEmptyValue is false unless a parameter says
 * otherwise. Only the client guards against them.
 */
function prismBlindSpot(site: MutationSite): boolean {
  return site.location === "query" && site.kind === "empty-string";
}

/**
 * Ajv 2020 over the spec's own request schema of an operation (its body, or an object of its
 * query and path parameters but project_id), independent of the arbitraries' reading of it.
 */
function requestSchemaValidator(operationId: OperationName) {
  const ajv = createAjv();
  ajv.addSchema(spec, DOCUMENT_ID);
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item) as unknown as [
      string,
      Record<string, unknown>,
    ][]) {
      if (op.operationId !== operationId) continue;
      const pointer = `#/paths/${template.replaceAll("~", "~0").replaceAll("/", "~1")}/${method}`;
      if (op.requestBody) {
        return ajv.compile({
          $ref: `${DOCUMENT_ID}${encodeURI(`${pointer}/requestBody/content/application~1json/schema`)}`,
        });
      }
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const parameter of op.parameters as { $ref: string }[]) {
        const {
          name,
          in: where,
          required: needed,
        } = deref<{ name: string; in: string; required?: boolean }>(parameter);
        if (where !== "query" && !(where === "path" && name !== "project_id")) continue;
        properties[name] = { $ref: `${DOCUMENT_ID}${parameter.$ref}/schema` };
        if (needed) required.push(name);
      }
      return ajv.compile({ type: "object", properties, required });
    }
  }
  throw new Error(`no operation ${operationId}`);
}
