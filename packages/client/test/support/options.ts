import { expect } from "vitest";
import { type DlfClientOptions, DlfValidationError } from "../../src/index.js";

/** Options of a token client at `baseUrl`, with no environment; `options` override them. */
export const clientOptions = (
  baseUrl: string,
  options: Partial<DlfClientOptions> = {},
): DlfClientOptions => ({
  baseUrl,
  projectId: "p1",
  workspace: "w1",
  credentials: { token: "t" },
  env: {},
  ...options,
});

/** The DlfValidationError that `run` throws; fails the test when it throws none or another. */
export function validationError(run: () => unknown): DlfValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DlfValidationError);
    return error as DlfValidationError;
  }
  throw new Error("expected a DlfValidationError");
}
