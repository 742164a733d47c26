import { constants } from "node:os";

/** What each exit code of `dlf-release` means; apps/cli/README.md has the same table. */
export const EXIT = {
  /** The command did what was asked (for `wait`: the package was released). */
  ok: 0,
  /** Anything else that went wrong: the service refused, the network failed, a package is missing. */
  error: 1,
  /** A bad flag, argument, configuration or missing credentials; nothing was sent. */
  usage: 2,
  /** The release package failed (deploy_status 3). */
  releaseFailed: 3,
  /** `wait` (or `release --wait`) ran out of time before the package was released or failed. */
  timeout: 4,
  /** The service refused the credentials (HTTP 401) or the permission (HTTP 403). */
  auth: 5,
  /** The release was refused before sending: its items or its name are already in a package. */
  duplicate: 6,
  /**
   * A failure that running the same command again picks up safely: the network, or 429 and 5xx
   * after the client's retries, with nothing sent or with a package the rerun resumes.
   */
  retryable: 7,
} as const;

/** The exit code of a command stopped by a signal: 128 + its number, as shells report it. */
export function interruptedExitCode(interrupt: AbortSignal): number {
  const name = String(interrupt.reason) as keyof typeof constants.signals;
  return 128 + (constants.signals[name] ?? constants.signals.SIGINT);
}

/** An error that ends the command with a given exit code and a message for stderr. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** A mistake in how the command was called; `flag` names the flag, variable or argument at fault. */
export class UsageError extends CliError {
  override name = "UsageError";
  constructor(
    readonly flag: string,
    detail: string,
  ) {
    super(`${flag}: ${detail}`, EXIT.usage);
  }
}
