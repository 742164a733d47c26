import type { OperationName } from "./operations.js";

export type { OperationName };

/** Base class of every error this client throws. */
export class DlfError extends Error {
  override name = "DlfError";
}

/** The service answered with a non-2xx status. */
export class DlfApiError extends DlfError {
  override name = "DlfApiError";
  /** HTTP status. */
  readonly status: number;
  /** `error_code` from the body (DLF.xxxx, APIG.xxxx), when the body had one. */
  readonly errorCode: string | undefined;
  /** `error_msg` from the body, when the body had one. */
  readonly errorMessage: string | undefined;
  /** The gateway's request id, from X-Request-Id or the body's request_id: quote it to support. */
  readonly requestId: string | undefined;
  /** The operation that failed (undefined for a path the client does not know). */
  readonly operation: OperationName | undefined;
  /** The parsed JSON body, or the text when it was not JSON, or undefined when empty. */
  readonly body: unknown;
  /** Whether sending the same request again may succeed (from the status and the code catalogue). */
  readonly retryable: boolean;

  constructor(init: {
    status: number;
    operation: OperationName | undefined;
    body: unknown;
    requestId: string | undefined;
  }) {
    const fields = isRecord(init.body) ? init.body : {};
    const errorCode = stringField(fields, "error_code");
    const errorMessage = stringField(fields, "error_msg");
    const requestId = init.requestId ?? stringField(fields, "request_id");
    super(
      `${init.operation ?? "request"} failed with HTTP ${init.status}` +
        (errorCode ? ` ${errorCode}` : "") +
        (errorMessage ? `: ${errorMessage}` : "") +
        (requestId ? ` (request id ${requestId})` : ""),
    );
    this.status = init.status;
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
    this.requestId = requestId;
    this.operation = init.operation;
    this.body = init.body;
    this.retryable = RETRYABLE_STATUS.includes(init.status) || RETRYABLE_CODE.test(errorCode ?? "");
  }
}

/** Statuses that say "try again later": throttled, bad gateway, unavailable, gateway timeout. */
export const RETRYABLE_STATUS: readonly number[] = [429, 502, 503, 504];

// Note: throttled, backend unavailable, backend timed out: worth another try whatever the status
// says. The catalogue (error-codes.ts) describes every code; its test keeps the two in step.
const RETRYABLE_CODE = /^APIGW?\.0(202|203|308)$/;

/** Why no usable answer arrived. */
export type TransportFailure = "network" | "timeout" | "aborted" | "invalid-response";

/** No usable answer arrived: the connection failed, timed out, was aborted, or the body was unreadable. */
export class DlfTransportError extends DlfError {
  override name = "DlfTransportError";
  /** What kind of failure. */
  readonly reason: TransportFailure;
  /** The operation that failed (undefined for a path the client does not know). */
  readonly operation: OperationName | undefined;
  /** How many attempts were made, where the transport counted them. */
  readonly attempts: number | undefined;

  constructor(init: {
    reason: TransportFailure;
    operation: OperationName | undefined;
    attempts?: number;
    cause: unknown;
    /** What happened, in words. */
    detail: string;
  }) {
    const attempts =
      init.attempts === undefined
        ? ""
        : ` after ${init.attempts} attempt${init.attempts === 1 ? "" : "s"}`;
    super(`${init.operation ?? "request"} failed (${init.reason})${attempts}: ${init.detail}`, {
      cause: init.cause,
    });
    this.reason = init.reason;
    this.operation = init.operation;
    this.attempts = init.attempts;
  }
}

/**
 * Which rule a refused value broke: `"spec"`, one the spec states from its sources (the service
 * would refuse or misread the value), or `"client"`, one of this client's own (an unknown field,
 * an empty string: typos the service may take silently, and every option of the client).
 */
export type ValidationRule = "spec" | "client";

/** A value given to the client is not what the API accepts; nothing was sent. */
export class DlfValidationError extends DlfError {
  override name = "DlfValidationError";
  /** The option or field at fault, e.g. `query.limit` or `credentials.secretKey`. */
  readonly field: string;
  /** Whether the spec or only this client refuses the value. */
  readonly rule: ValidationRule;

  constructor(field: string, expected: string, where: string, rule: ValidationRule = "client") {
    super(`${where}: ${field} ${expected}`);
    this.field = field;
    this.rule = rule;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}
