import { DlfApiError, DlfTransportError, DlfValidationError } from "@dlf-release/client";
import { CliError, EXIT } from "./exit-codes.js";

/** How a failed command ends: its exit code and the message for stderr. */
export interface Failure {
  exitCode: number;
  message: string;
}

/** Errors that the client gave up on for now, which a later look or a rerun may get past. */
export function isTransient(error: unknown): error is Error {
  if (error instanceof DlfApiError) return error.retryable;
  return (
    error instanceof DlfTransportError && (error.reason === "network" || error.reason === "timeout")
  );
}

/** Maps what a command threw to an exit code and a message that says what to do. */
export function failureOf(error: unknown): Failure {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
  // Note: the client checks inputs before sending, so its refusals are the caller's mistakes.
  if (error instanceof DlfValidationError) return { exitCode: EXIT.usage, message: error.message };
  if (error instanceof DlfApiError && (error.status === 401 || error.status === 403)) {
    const hint =
      error.status === 401
        ? "check the credentials (an expired token, a wrong AK/SK, a clock more than 15 minutes off)"
        : "the credentials are valid but lack the permission (workspace role, project)";
    return { exitCode: EXIT.auth, message: `${error.message}\n${hint}` };
  }
  if (error instanceof DlfApiError || error instanceof DlfTransportError) {
    return { exitCode: EXIT.error, message: error.message };
  }
  return {
    exitCode: EXIT.error,
    message: `unexpected error: ${(error as Error)?.message ?? String(error)}`,
  };
}
