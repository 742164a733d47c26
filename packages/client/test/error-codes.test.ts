import { describe, expect, test } from "vitest";
import { describeErrorCode, ERROR_CODES } from "../src/error-codes.js";
import { DlfApiError } from "../src/index.js";

describe("the error catalogue", () => {
  test("holds every DLF and APIG code a caller of these operations meets", () => {
    expect(Object.keys(ERROR_CODES).sort()).toEqual(
      [
        "DLF.3051",
        "APIG.0101",
        "APIG.0103",
        "APIG.0104",
        "APIG.0105",
        "APIG.0106",
        "APIG.0107",
        "APIG.0201",
        "APIG.0202",
        "APIG.0203",
        "APIG.0301",
        "APIG.0302",
        "APIG.0303",
        "APIG.0308",
      ].sort(),
    );
  });

  test("says retrying helps only for throttling and an unavailable or slow backend", () => {
    const retryable = Object.entries(ERROR_CODES)
      .filter(([, info]) => info.retryable)
      .map(([code]) => code);
    expect(retryable.sort()).toEqual(["APIG.0202", "APIG.0203", "APIG.0308"]);
  });

  test("reads the shared gateways' APIGW. prefix as APIG.", () => {
    expect(describeErrorCode("APIGW.0308")).toBe(ERROR_CODES["APIG.0308"]);
    expect(describeErrorCode("DLF.9999")).toBeUndefined();
    expect(describeErrorCode(undefined)).toBeUndefined();
  });

  const error = (status: number, code?: string) =>
    new DlfApiError({
      status,
      operation: "listFactoryPendingItems",
      body: code ? { error_code: code, error_msg: "m", request_id: "r" } : undefined,
      requestId: undefined,
    });

  test("agrees with DlfApiError.retryable for every code, as the service sends it", () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(error(info.status, code).retryable, code).toBe(info.retryable);
      const shared = code.replace(/^APIG\./, "APIGW.");
      expect(error(info.status, shared).retryable, shared).toBe(info.retryable);
    }
  });

  test("DlfApiError.retryable: a retryable status, or a code that says to try again", () => {
    expect(error(503).retryable).toBe(true);
    expect(error(500).retryable).toBe(false);
    expect(error(500, "APIG.0202").retryable).toBe(true);
    expect(error(400, "APIGW.0308").retryable).toBe(true);
    expect(error(500, "APIG.0103").retryable).toBe(false);
    expect(error(400, "DLF.3051")).toMatchObject({
      errorCode: "DLF.3051",
      errorMessage: "m",
      requestId: "r",
      message: "listFactoryPendingItems failed with HTTP 400 DLF.3051: m (request id r)",
    });
  });
});
