import { setTimeout as sleep } from "node:timers/promises";
import { DlfApiError, type DlfClient, DlfTransportError } from "@dlf-release/client";
import { connect } from "../connect.js";
import { type Context, printJson } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { formatDuration } from "../output/table.js";
import { startProgress } from "./progress.js";
import { detailText, type PackageDetail } from "./show.js";

/** How long to wait in all, and between two looks. */
export interface WaitFlags {
  timeout: number;
  interval: number;
}

/** How a wait ended: released (2), failed (3), or out of time with the last answer seen. */
export type WaitOutcome =
  | { kind: "released" | "failed"; detail: PackageDetail }
  | { kind: "timeout"; detail: PackageDetail | undefined };

/** Errors that the client gave up on for now but that a later look may get past. */
function isTransient(error: unknown): error is Error {
  if (error instanceof DlfApiError) return error.retryable;
  return (
    error instanceof DlfTransportError && (error.reason === "network" || error.reason === "timeout")
  );
}

/** Looks at the package every interval until it is released or failed, or time runs out. */
export async function waitForPackage(
  context: Context,
  dlf: DlfClient,
  packageId: string,
  flags: WaitFlags,
): Promise<WaitOutcome> {
  const startedAt = performance.now();
  // Note: one signal bounds the whole wait, so that a hung request ends at --timeout too.
  const deadline = AbortSignal.timeout(flags.timeout);
  const progress = startProgress(context.messages, packageId, startedAt);
  let detail: PackageDetail | undefined;
  try {
    for (;;) {
      try {
        detail = await dlf.showFactoryPackageDetail(packageId, { signal: deadline });
        progress.update(detail);
        const status = detail.release_package.deploy_status;
        if (status === 2) return { kind: "released", detail };
        if (status === 3) return { kind: "failed", detail };
      } catch (error) {
        if (deadline.aborted) return { kind: "timeout", detail };
        if (!isTransient(error)) throw error;
        progress.note(`still waiting; the last look failed: ${error.message}`);
      }
      try {
        await sleep(flags.interval, undefined, { signal: deadline });
      } catch {
        return { kind: "timeout", detail };
      }
    }
  } finally {
    progress.stop();
  }
}

/** Prints how a wait ended and turns it into the exit code. */
export function finishWait(
  context: Context,
  packageId: string,
  outcome: WaitOutcome,
  flags: WaitFlags,
): void {
  const { messages } = context;
  if (outcome.detail) {
    if (context.json) printJson(context, outcome.detail);
    else context.print(detailText(outcome.detail, context.style));
  }
  if (outcome.kind === "released") {
    messages.line(messages.style.green(`package ${packageId} was released`));
    return;
  }
  if (outcome.kind === "failed") {
    const failed = outcome.detail.task_details.filter((task) => task.deploy_status === 3).length;
    throw new CliError(
      `package ${packageId} failed: ${failed} of ${outcome.detail.task_details.length} tasks failed`,
      EXIT.releaseFailed,
    );
  }
  throw new CliError(
    `timed out after ${formatDuration(flags.timeout)} (--timeout): package ${packageId} was neither released nor failed`,
    EXIT.timeout,
  );
}

/** `dlf-release wait ID`: polls until the package is released (exit 0) or failed (exit 3). */
export async function runWait(
  context: Context,
  packageId: string,
  flags: WaitFlags,
): Promise<void> {
  const dlf = connect(context, { needsWorkspace: false });
  const outcome = await waitForPackage(context, dlf, packageId, flags);
  finishWait(context, packageId, outcome, flags);
}
