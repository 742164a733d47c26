import { setTimeout as sleep } from "node:timers/promises";
import { DlfApiError, type DlfClient, DlfTransportError } from "@dlf-release/client";
import { connect } from "../connect.js";
import type { Context } from "../context.js";
import { UsageError } from "../exit-codes.js";
import { STATUS_PHRASE } from "../names.js";
import { errorReport, finishOutcome, type OutcomeReport } from "../outcome.js";
import { formatDuration } from "../output/table.js";
import { findNamedPackage } from "./idempotency.js";
import { startProgress } from "./progress.js";
import type { PackageDetail } from "./show.js";

/** How long to wait in all, and between two looks; where to write a JUnit report. */
export interface WaitFlags {
  timeout: number;
  interval: number;
  junit?: string;
}

/** How a wait ended, with the package as last seen. */
export interface WaitOutcome {
  kind: "released" | "failed" | "timeout" | "interrupted";
  detail: PackageDetail | undefined;
}

/** Errors that the client gave up on for now but that a later look may get past. */
function isTransient(error: unknown): error is Error {
  if (error instanceof DlfApiError) return error.retryable;
  return (
    error instanceof DlfTransportError && (error.reason === "network" || error.reason === "timeout")
  );
}

/** Looks at the package every interval until it is released or failed, time runs out, or a signal. */
export async function waitForPackage(
  context: Context,
  dlf: DlfClient,
  packageId: string,
  flags: WaitFlags,
): Promise<WaitOutcome> {
  const startedAt = performance.now();
  // Note: one signal bounds the whole wait, so that a hung request ends at --timeout too.
  const deadline = AbortSignal.timeout(flags.timeout);
  const stop = AbortSignal.any([deadline, context.interrupt]);
  const ended = (): WaitOutcome => ({
    kind: context.interrupt.aborted ? "interrupted" : "timeout",
    detail,
  });
  const progress = startProgress(context.messages, packageId, startedAt);
  let detail: PackageDetail | undefined;
  try {
    for (;;) {
      try {
        detail = await dlf.showFactoryPackageDetail(packageId, { signal: stop });
        progress.update(detail);
        const status = detail.release_package.deploy_status;
        if (status === 2) return { kind: "released", detail };
        if (status === 3) return { kind: "failed", detail };
      } catch (error) {
        if (stop.aborted) return ended();
        if (!isTransient(error)) throw error;
        progress.note(`still waiting; the last look failed: ${error.message}`);
      }
      try {
        await sleep(flags.interval, undefined, { signal: stop });
      } catch {
        return ended();
      }
    }
  } finally {
    progress.stop();
  }
}

/** The report of a wait that ended. */
export function waitReport(
  outcome: WaitOutcome,
  packageId: string,
  flags: WaitFlags,
  base: Partial<OutcomeReport> = {},
): OutcomeReport {
  const { kind, detail } = outcome;
  const report = { ...base, detail: detail ?? base.detail };
  const tasks = detail?.task_details ?? [];
  switch (kind) {
    case "released":
      return { ...report, outcome: kind, message: `package ${packageId} was released` };
    case "failed": {
      const failed = tasks.filter((task) => task.deploy_status === 3).length;
      return {
        ...report,
        outcome: kind,
        message: `package ${packageId} failed: ${failed} of ${tasks.length} tasks failed; to try again, release under a new --name`,
      };
    }
    case "timeout":
      return {
        ...report,
        outcome: kind,
        message: `timed out after ${formatDuration(flags.timeout)} (--timeout): package ${packageId} was neither released nor failed; follow it with: dlf-release wait ${packageId}`,
      };
    case "interrupted": {
      const status = detail?.release_package.deploy_status;
      const seen = status === undefined ? "not seen yet" : (STATUS_PHRASE[status] ?? status);
      return {
        ...report,
        outcome: kind,
        message: `interrupted while waiting for package ${packageId} (last seen: ${seen}); run the same command again to go on waiting`,
      };
    }
  }
}

/** `dlf-release wait ID | --name NAME`: polls until the package is released (0) or failed (3). */
export async function runWait(
  context: Context,
  packageId: string | undefined,
  flags: WaitFlags & { name?: string },
): Promise<void> {
  if ((packageId === undefined) === (flags.name === undefined)) {
    throw new UsageError("--name", "give either a package ID or --name NAME, not both");
  }
  const dlf = connect(context, { needsWorkspace: false });
  let report: OutcomeReport;
  try {
    report = await follow(context, dlf, packageId, flags);
  } catch (error) {
    report = errorReport(context, error, flags.name);
  }
  finishOutcome(context, report, flags.junit);
}

async function follow(
  context: Context,
  dlf: DlfClient,
  packageId: string | undefined,
  flags: WaitFlags & { name?: string },
): Promise<OutcomeReport> {
  let id = packageId;
  if (flags.name !== undefined) {
    const named = await findNamedPackage(dlf, flags.name);
    if (!named?.package_id) {
      return {
        outcome: "not-found",
        packageName: flags.name,
        message: `no package is named "${flags.name}": nothing to wait for (was nothing pending when it was to be made?)`,
      };
    }
    id = named.package_id;
  }
  const outcome = await waitForPackage(context, dlf, id as string, flags);
  return waitReport(outcome, id as string, flags, { packageName: flags.name });
}
