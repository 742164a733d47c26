import { describe, expect, test } from "vitest";
import { DlfApiError, DlfTransportError, DlfValidationError } from "../src/index.js";

// What the three errors say, built directly: their messages are what a log shows of a failure.

describe("DlfApiError", () => {
  test("says the operation, the status, the code, the service's message and the request id", () => {
    const error = new DlfApiError({
      status: 401,
      operation: "listFactoryPendingItems",
      body: { error_code: "APIG.0301", error_msg: "bad token", request_id: "body-id" },
      requestId: undefined,
    });
    expect(error.name).toBe("DlfApiError");
    expect(error.message).toBe(
      "listFactoryPendingItems failed with HTTP 401 APIG.0301: bad token (request id body-id)",
    );
  });

  test("reads no fields from a body that is not an object, or from empty strings", () => {
    for (const body of [["APIG.0308"], { error_code: "", error_msg: "", request_id: "" }]) {
      const error = new DlfApiError({
        status: 500,
        operation: undefined,
        body,
        requestId: undefined,
      });
      expect(error).toMatchObject({
        message: "request failed with HTTP 500",
        errorCode: undefined,
        errorMessage: undefined,
        requestId: undefined,
        retryable: false,
      });
    }
  });
});

describe("DlfTransportError", () => {
  test("says the reason and the attempts, and keeps the cause", () => {
    const cause = new Error("socket closed");
    const error = new DlfTransportError({
      reason: "network",
      operation: undefined,
      attempts: 2,
      cause,
      detail: "socket closed",
    });
    expect(error.name).toBe("DlfTransportError");
    expect(error.message).toBe("request failed (network) after 2 attempts: socket closed");
    expect(error.cause).toBe(cause);
    const once = new DlfTransportError({
      reason: "timeout",
      operation: "showFactoryPackageDetail",
      cause,
      detail: "late",
    });
    expect(once.message).toBe("showFactoryPackageDetail failed (timeout): late");
  });
});

test("DlfValidationError names where, the field and what was expected", () => {
  const error = new DlfValidationError(
    "query.limit",
    "must be 1 to 100",
    "listFactoryPendingItems",
  );
  expect(error.name).toBe("DlfValidationError");
  expect(error.message).toBe("listFactoryPendingItems: query.limit must be 1 to 100");
  expect(error.rule).toBe("client");
});
