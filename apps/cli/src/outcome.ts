import { DlfApiError, type PendingItem, type ReleasePackage } from "@dlf-release/client";
import { detailText, type PackageDetail } from "./commands/show.js";
import { type Context, printJson } from "./context.js";
import { CliError, EXIT, interruptedExitCode } from "./exit-codes.js";
import { writeJunit } from "./output/junit.js";
import { formatDuration } from "./output/table.js";
import { failureOf, isTransient } from "./report.js";

// The one document `release --json` and `wait --json` print, whatever happened (usage errors
// aside): schemas/outcome.schema.json publishes its shape, and each outcome has one exit code.

/** How a release or a wait ended. */
export type Outcome =
  | "released"
  | "failed"
  | "timeout"
  | "created"
  | "nothing-pending"
  | "dry-run"
  | "duplicate"
  | "not-found"
  | "interrupted"
  | "error";

const EXIT_CODE: Record<Exclude<Outcome, "error" | "interrupted">, number> = {
  released: EXIT.ok,
  created: EXIT.ok,
  "nothing-pending": EXIT.ok,
  "dry-run": EXIT.ok,
  failed: EXIT.releaseFailed,
  timeout: EXIT.timeout,
  duplicate: EXIT.duplicate,
  "not-found": EXIT.error,
};

/** A package whose name or items stand in the way of a release. */
export interface Conflict {
  /**
   * name-taken: the package has the name but lacks `items` (or holds them at another version,
   * in `versions`); items-held: it holds `items`.
   */
  reason: "name-taken" | "items-held";
  package_id: string;
  package_name: string;
  deploy_status: number | null;
  items: string[];
  /** name-taken: the items pending at a version other than the one the package holds. */
  versions: Array<{ item: string; pending: number; held: number | null }>;
  /** name-taken: the items the package holds that the command's flags do not select. */
  unselected: string[];
}

/** A selected item as the document shows it. */
export interface SelectedItemDocument {
  pending_item_id: string;
  item_name: string | null;
  task_type: number | null;
  update_type: number | null;
  pending_version: number | null;
  submit_user_name: string | null;
}

/** The request a dry run would send, credentials hidden. */
export interface DryRunRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** What a command found out; `finishOutcome` turns it into the document and the exit code. */
export interface OutcomeReport {
  outcome: Outcome;
  message: string;
  packageName?: string | undefined;
  /** The package as last seen, with its tasks when it was looked at. */
  package?: ReleasePackage | undefined;
  detail?: PackageDetail | undefined;
  selected?: string[] | undefined;
  /** The selected items as listed (on a resume, as the package's tasks show them). */
  selection?: Array<PendingItem | PackageDetail["task_details"][number]> | undefined;
  /** What the run found worth saying besides its outcome (a rerun's other reviewers, say). */
  warnings?: string[] | undefined;
  resumed?: boolean;
  /** A dry run: what a run would do. */
  dryRun?: "create" | "resume" | "refuse";
  /** nothing-pending under --if-nothing-pending error: exit 1. */
  nothingPendingIsError?: boolean;
  /** nothing-pending under --if-nothing-pending ignore: no message on stderr. */
  quiet?: boolean;
  conflicts?: Conflict[];
  request?: DryRunRequest;
  /** What went wrong, for the outcome "error". */
  error?: unknown;
}

/** The document's shape (schemas/outcome.schema.json). */
export interface OutcomeDocument {
  outcome: Outcome;
  exit_code: number;
  message: string;
  package_name: string | null;
  package: ReleasePackage | null;
  tasks: PackageDetail["task_details"] | null;
  selected_items: string[] | null;
  selection: SelectedItemDocument[] | null;
  resumed: boolean;
  dry_run: "create" | "resume" | "refuse" | null;
  retryable: boolean;
  warnings: string[];
  conflicts: Conflict[];
  request: DryRunRequest | null;
  error: {
    message: string;
    status: number | null;
    error_code: string | null;
    request_id: string | null;
  } | null;
}

/**
 * An error turned into the report of a command that could not finish: "interrupted" when a signal
 * cut it short. Usage errors go on up: they print no document.
 */
export function errorReport(
  context: Context,
  error: unknown,
  packageName: string | undefined,
  timeoutMs?: number,
): OutcomeReport {
  const failure = failureOf(error);
  if (failure.exitCode === EXIT.usage) throw error;
  if (context.deadline?.aborted && timeoutMs !== undefined && !context.interrupt.aborted) {
    return {
      outcome: "timeout",
      packageName,
      message: `timed out after ${formatDuration(timeoutMs)} (--timeout) before the package was released (${failure.message}); running the same command again goes on from where it stopped`,
    };
  }
  if (context.interrupt.aborted) {
    return {
      outcome: "interrupted",
      packageName,
      message: `interrupted (${failure.message}); running the same command again goes on from where it stopped`,
    };
  }
  return { outcome: "error", message: failure.message, packageName, error };
}

/** The exit code of an outcome: 128 + the signal's number when interrupted, as shells do. */
function exitCodeOf(report: OutcomeReport, context: Context): number {
  if (report.outcome === "error") {
    // Note: what the client gave up on after its retries, a rerun picks up: it resumes or resends.
    return isTransient(report.error) ? EXIT.retryable : failureOf(report.error).exitCode;
  }
  if (report.outcome === "interrupted") return interruptedExitCode(context.interrupt);
  if (report.outcome === "nothing-pending" && report.nothingPendingIsError) return EXIT.error;
  return EXIT_CODE[report.outcome];
}

/** The document of a report. */
export function outcomeDocument(report: OutcomeReport, exitCode: number): OutcomeDocument {
  const error = report.error;
  const api = error instanceof DlfApiError ? error : undefined;
  const pkg = report.detail?.release_package ?? report.package ?? null;
  return {
    outcome: report.outcome,
    exit_code: exitCode,
    message: report.message,
    package_name: report.packageName ?? pkg?.package_name ?? null,
    package: pkg,
    tasks: report.detail?.task_details ?? null,
    selected_items: report.selected ?? null,
    selection:
      report.selection?.map((item) => ({
        pending_item_id: item.pending_item_id ?? "",
        item_name: item.item_name ?? null,
        task_type: item.task_type ?? null,
        update_type: item.update_type ?? null,
        pending_version: item.pending_version ?? null,
        submit_user_name: item.submit_user_name ?? null,
      })) ?? null,
    resumed: report.resumed ?? false,
    dry_run: report.dryRun ?? null,
    retryable: exitCode === EXIT.retryable,
    warnings: report.warnings ?? [],
    conflicts: report.conflicts ?? [],
    request: report.request ?? null,
    error:
      report.outcome === "error"
        ? {
            message: report.message,
            status: api?.status ?? null,
            error_code: api?.errorCode ?? null,
            request_id: api?.requestId ?? null,
          }
        : null,
  };
}

/**
 * Prints how the command ended: the document with --json, else the package on stdout; the message
 * on stderr; the JUnit report when asked for. A non-zero exit code is thrown, for main() to return.
 */
export function finishOutcome(
  context: Context,
  given: OutcomeReport,
  junitPath: string | undefined,
): void {
  let report = given;
  let exitCode = exitCodeOf(report, context);
  let document = outcomeDocument(report, exitCode);
  if (junitPath !== undefined) {
    try {
      writeJunit(junitPath, document, (performance.now() - context.startedAt) / 1000);
    } catch (error) {
      // Note: a report that was asked for and is missing makes the run red, never the outcome lost.
      exitCode = exitCode === EXIT.ok ? EXIT.error : exitCode;
      const message = `${report.message}; the JUnit report could not be written to ${junitPath} (${(error as Error).message})`;
      report = { ...report, message };
      document = outcomeDocument(report, exitCode);
    }
  }
  if (context.json) printJson(context, document);
  else if (report.detail) context.print(detailText(report.detail, context.style));
  if (exitCode !== EXIT.ok) throw new CliError(report.message, exitCode);
  if (report.quiet) return;
  context.messages.line(
    report.outcome === "released" ? context.messages.style.green(report.message) : report.message,
  );
}
