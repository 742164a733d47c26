import { DlfValidationError } from "@dlf-release/client";
import { describe, expect, test } from "vitest";
import { invalidInputAt, type MutationSite, mutationSites } from "./support/arbitraries.js";
import { violations } from "./support/client.js";
import {
  clientField,
  holds,
  operations,
  RAW_RUNS,
  recordingClient,
  timeoutFor,
  viaClient,
  viaRawClient,
} from "./support/properties.js";

// Prism's own judgement of generated breaks, sent with the raw client past the client's checks:
// each kind of break on each operation (Prism has an open bug where a request body may go
// unvalidated), and the breaks it does not see, which only the client guards against. About
// Prism, not the client: run on the machine's Node only.

describe.each(operations)("%s", (operationId) => {
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
});

/**
 * Breaks Prism does not see, as these tests found: it takes an empty query value (`limit=`)
 * for an absent parameter, although OpenAPI's allowEmptyValue is false unless a parameter says
 * otherwise. Only the client guards against them.
 */
function prismBlindSpot(site: MutationSite): boolean {
  return site.location === "query" && site.kind === "empty-string";
}
