import { setTimeout as sleep } from "node:timers/promises";
import type { DlfClient } from "@dlf-release/client";
import { connect } from "../connect.js";
import type { Context } from "../context.js";
import { CliError, EXIT, UsageError } from "../exit-codes.js";
import { STATUS_PHRASE } from "../names.js";
import { errorReport, finishOutcome, type OutcomeReport } from "../outcome.js";
import { checkJunitPath } from "../output/junit.js";
import { formatDuration } from "../output/table.js";
import { failureOf, isTransient } from "../report.js";
import { judge, type Selected, type Verdict } from "../verdict.js";
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
  kind: "released" | "failed" | "incomplete" | "timeout" | "interrupted" | "unreached" | "error";
  detail: PackageDetail | undefined;
  /** The verdict that ended it, for released, failed and incomplete. */
  verdict?: Verdict;
  /** For unreached: why the last look failed; for error, what no later look can change. */
  lastError?: unknown;
}

/**
 * Looks at the package every interval until the verdict on it (verdict.ts) is in, `deadline`
 * passes, or a signal; `selection` is what the package must hold, at its versions.
 */
export async function waitForPackage(
  context: Context,
  dlf: DlfClient,
  packageId: string,
  flags: WaitFlags,
  options: { deadline: AbortSignal; selection?: readonly Selected[] | undefined },
): Promise<WaitOutcome> {
  const startedAt = performance.now();
  // Note: one signal bounds the whole wait, so that a hung request ends at --timeout too.
  const stop = AbortSignal.any([options.deadline, context.interrupt]);
  let lastError: Error | undefined;
  const ended = (): WaitOutcome => {
    if (context.interrupt.aborted) return { kind: "interrupted", detail };
    // Note: a wait that never got an answer says why, instead of blaming the package.
    if (!detail && lastError) return { kind: "unreached", detail, lastError };
    return { kind: "timeout", detail };
  };
  const progress = startProgress(context.messages, packageId, startedAt);
  let detail: PackageDetail | undefined;
  try {
    for (;;) {
      try {
        detail = await dlf.showFactoryPackageDetail(packageId, { signal: stop });
        progress.update(detail);
        const verdict = judge(detail, options.selection);
        if (verdict.kind !== "moving") return { kind: verdict.kind, detail, verdict };
      } catch (error) {
        if (stop.aborted) return ended();
        // Note: the package as last seen stays in the report of an answer no later look can change.
        if (!isTransient(error)) return { kind: "error", detail, lastError: error };
        lastError = error;
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

/** The failed tasks shown in a message; the JSON and JUnit list them all. */
const NAMED_FAILURES = 5;

/** "job_0994 (item 3): its release failed", for the first failed tasks. */
function failures(tasks: PackageDetail["task_details"]): string {
  const named = tasks
    .slice(0, NAMED_FAILURES)
    .map(
      (task) =>
        `${task.item_name ?? "?"} (item ${task.pending_item_id ?? "?"}): ${
          task.deploy_status === 3 ? "its release failed" : "its job failed to start"
        }`,
    );
  const more = tasks.length - named.length;
  return `${named.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
}

/** The report of a wait that ended. */
export function waitReport(
  outcome: WaitOutcome,
  packageId: string,
  flags: WaitFlags,
  base: Partial<OutcomeReport> = {},
): OutcomeReport {
  const { kind, detail, verdict } = outcome;
  const report = { ...base, detail: detail ?? base.detail };
  const tasks = detail?.task_details ?? [];
  switch (kind) {
    case "released":
      return { ...report, outcome: kind, message: `package ${packageId} was released` };
    case "failed": {
      const failed = verdict?.kind === "failed" ? verdict.tasks : [];
      const says =
        detail?.release_package.deploy_status === 2
          ? `package ${packageId} says released, but ${failed.length} of ${tasks.length} tasks failed`
          : `package ${packageId} failed: ${failed.length} of ${tasks.length} tasks failed`;
      return {
        ...report,
        outcome: kind,
        message: `${says}${failed.length > 0 ? ` (${failures(failed)})` : ""}; to try again, release under a new --name`,
      };
    }
    case "incomplete": {
      const missing = verdict?.kind === "incomplete" ? verdict.missing : [];
      const message =
        tasks.length === 0
          ? `package ${packageId} says released, but holds no task: not released`
          : `package ${packageId} was released without ${missing
              .map(
                (item) =>
                  `item ${item.id}${item.version === undefined ? "" : ` at version ${item.version}`}`,
              )
              .join(", ")} of the selection: not released`;
      return { ...report, outcome: "error", message, error: new CliError(message, EXIT.error) };
    }
    case "unreached": {
      const message = `never reached the service while waiting for package ${packageId} (--timeout ${formatDuration(flags.timeout)}); the last look failed: ${failureOf(outcome.lastError).message}`;
      return { ...report, outcome: "error", message, error: outcome.lastError };
    }
    case "error":
      return {
        ...report,
        outcome: "error",
        message: failureOf(outcome.lastError).message,
        error: outcome.lastError,
      };
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
    throw new UsageError(
      "--name",
      packageId === undefined
        ? "give a package ID or --name NAME"
        : "give a package ID or --name NAME, not both",
    );
  }
  checkJunitPath(flags.junit);
  // Note: --timeout bounds the whole command, the lookup of --name included.
  const bounded = { ...context, deadline: AbortSignal.timeout(flags.timeout) };
  if (flags.name !== undefined && context.settings.values.workspace.value === undefined) {
    context.messages.line(
      context.messages.style.yellow(
        `no workspace is set: --name is looked up in the default workspace, and package names are per workspace (--workspace, DLF_WORKSPACE)`,
      ),
    );
  }
  const dlf = connect(bounded, { needsWorkspace: false });
  let report: OutcomeReport;
  try {
    report = await follow(bounded, dlf, packageId, flags);
  } catch (error) {
    report = errorReport(bounded, error, flags.name, flags.timeout);
  }
  finishOutcome(bounded, report, flags.junit);
}

async function follow(
  context: Context & { deadline: AbortSignal },
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
  const outcome = await waitForPackage(context, dlf, id as string, flags, {
    deadline: context.deadline,
  });
  return waitReport(outcome, id as string, flags, { packageName: flags.name });
}
