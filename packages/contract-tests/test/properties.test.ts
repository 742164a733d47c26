import { DlfValidationError } from "@dlf-release/client";
import { describe, expect, test } from "vitest";
import { invalidInput, validInput } from "./support/arbitraries.js";
import {
  clientField,
  holds,
  operations,
  RUNS,
  recordingClient,
  refusal,
  timeoutFor,
  viaClient,
} from "./support/properties.js";

// Property-based tests of the client: inputs generated from the spec's request schemas go through
// the client to the Prism mock, which judges them (support/properties.ts says how they are seeded).

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
});
