import { DlfApiError, type OperationName } from "@dlf-release/client";
import { describe, expect, test } from "vitest";
import { mockDlf, validCalls } from "./support/dlf.js";
import { validatingFetch } from "./support/response-validator.js";
import { deref, operation, responseExamples, spec } from "./support/spec.js";

// Every documented response of every operation, reached through Prism's `Prefer` header and
// decoded by the client: success examples come back as data (and pass Ajv's 2020-12 check of the
// bundle), error examples as DlfApiError.

const requestIdHeader = deref<{ example: string }>({ $ref: "#/components/headers/XRequestId" });

const cases = (Object.keys(validCalls) as OperationName[]).flatMap((operationId) =>
  Object.keys(operation(operationId).responses).flatMap((status) =>
    Object.entries(responseExamples(operationId, status)).map(
      ([example, body]) => [operationId, status, example, body] as const,
    ),
  ),
);

test("every operation of the spec is covered, with success and error responses", () => {
  const operationIds = Object.values(spec.paths).flatMap((item) =>
    Object.values(item).map((op) => op.operationId),
  );
  expect(operationIds.sort()).toEqual(Object.keys(validCalls).sort());
  for (const operationId of operationIds) {
    const statuses = new Set(cases.filter((c) => c[0] === operationId).map((c) => c[1]));
    expect([...statuses].sort()).toEqual([
      "200",
      "400",
      "401",
      "403",
      "404",
      "429",
      "500",
      "502",
      "504",
    ]);
  }
});

describe.each(Object.keys(validCalls) as OperationName[])("%s", (operationId) => {
  const mine = cases.filter((c) => c[0] === operationId);

  test.each(mine.filter(([, status]) => status === "200"))(
    "%s %s: the %s example comes back as data",
    async (_, status, example, body) => {
      const fetch = validatingFetch();
      const data = await validCalls[operationId](
        mockDlf({ prefer: `code=${status}, example=${example}`, fetch }),
      );
      expect(data).toEqual(body);
      expect(fetch.checks.map((check) => [check.operationId, check.status])).toEqual([
        [operationId, 200],
      ]);
      expect(fetch.violations).toEqual([]);
    },
  );

  test.each(mine.filter(([, status]) => status !== "200"))(
    "%s %s: the %s example becomes DlfApiError",
    async (_, status, example, body) => {
      const error = await validCalls[operationId](
        mockDlf({ prefer: `code=${status}, example=${example}` }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DlfApiError);
      const fields = body as { error_code: string; error_msg: string; request_id?: string };
      expect(error).toMatchObject({
        status: Number(status),
        errorCode: fields.error_code,
        errorMessage: fields.error_msg,
        // Note: Prism sends the header's one example with every answer; X-Request-Id wins over
        // the body's request_id, as in the official SDK cores.
        requestId: requestIdHeader.example,
        operation: operationId,
        body,
      });
    },
  );
});
