import {
  DlfApiError,
  type DlfClient,
  DlfTransportError,
  type PendingItem,
  type ReleasePackage,
  type ReleaseRequest,
} from "@dlf-release/client";
import { offsetModeOf, required } from "../config/resolve.js";
import { connect } from "../connect.js";
import type { Context } from "../context.js";
import { CliError, EXIT, UsageError } from "../exit-codes.js";
import { STATUS_PHRASE } from "../names.js";
import { type Conflict, errorReport, finishOutcome, type OutcomeReport } from "../outcome.js";
import { dryRun } from "./dry-run.js";
import { conflictWith, findHolders, findNamedPackage } from "./idempotency.js";
import { type PendingFilters, pendingQuery } from "./pending.js";
import type { PackageDetail } from "./show.js";
import { type WaitFlags, waitForPackage, waitReport } from "./wait.js";

/** The flags of `release`, as commander parses them. */
export interface ReleaseFlags extends PendingFilters, WaitFlags {
  name: string;
  approver: string[];
  item?: string[];
  allPending?: boolean;
  dryRun?: boolean;
  wait?: boolean;
}

const FILTER_FLAGS = ["submitter", "taskType", "updateType", "itemName", "since", "until"] as const;

/** Exactly one way of choosing items: --item, --all-pending, or filters. */
function checkSelection(flags: ReleaseFlags): void {
  const filtered = FILTER_FLAGS.some((key) => flags[key] !== undefined);
  if (flags.item && (flags.allPending || filtered)) {
    throw new UsageError(
      "--item",
      "names the items itself: leave out --all-pending and the filters",
    );
  }
  if (!flags.item && !flags.allPending && !filtered) {
    throw new UsageError(
      "--item",
      "choose the items: --item ID..., --all-pending, or a filter such as --submitter",
    );
  }
}

const isPacked = (item: PendingItem | undefined) => (item?.package_flag ?? 0) !== 0;
const items = (ids: string[]) => `${ids.length === 1 ? "item" : "items"} ${ids.join(", ")}`;
const phrase = (status: number | null | undefined) =>
  STATUS_PHRASE[status ?? 0] ?? `status ${status}`;

/**
 * The pending items a release chooses from, by ID: all of them for --item, else the filtered. A
 * list that repeats an item, or holds fewer than the service counts, means that offset counts
 * otherwise than --offset-mode says: the selection would miss items, so it stops.
 */
async function pendingById(
  context: Context,
  dlf: DlfClient,
  flags: ReleaseFlags,
): Promise<Map<string, PendingItem>> {
  const query = flags.item ? {} : pendingQuery(flags);
  const pending = new Map<string, PendingItem>();
  const other = offsetModeOf(context.settings) === "page" ? "record" : "page";
  const advice = `offset seems to count otherwise than --offset-mode says: try --offset-mode ${other}`;
  for await (const item of dlf.pendingItems(query)) {
    const id = item.pending_item_id ?? "";
    if (pending.has(id)) {
      throw new CliError(`the list of pending items repeated item ${id}; ${advice}`, EXIT.error);
    }
    pending.set(id, item);
  }
  const { total } = await dlf.listFactoryPendingItems({ ...query, limit: 1 });
  if (total > pending.size) {
    throw new CliError(
      `listed ${pending.size} of the ${total} pending items that the service counts; ${advice}`,
      EXIT.error,
    );
  }
  return pending;
}

/** "refused: ..." naming each package in the way and how to follow it. */
function refusal(name: string, conflicts: Conflict[]): string {
  const reasons = conflicts.map((conflict) => {
    const pkg = `package ${conflict.package_id} "${conflict.package_name}" (${phrase(conflict.deploy_status)})`;
    return conflict.reason === "name-taken"
      ? `the name "${name}" is taken by ${pkg}, which lacks ${items(conflict.items)}: choose another --name, or follow it with: dlf-release wait ${conflict.package_id}`
      : `${items(conflict.items)} already in ${pkg}: follow it with: dlf-release wait ${conflict.package_id}`;
  });
  return `refused: ${reasons.join("; ")}`;
}

/** Sends the release once; when it fails in flight, finds out whether the package was made. */
async function sendOnce(dlf: DlfClient, body: ReleaseRequest, context: Context): Promise<string> {
  try {
    const created = await dlf.createFactoryPendingItemsPackage(body);
    if (!created.release_package_id) {
      throw new CliError(
        "the service answered without a release_package_id: nothing to follow",
        EXIT.error,
      );
    }
    return created.release_package_id;
  } catch (error) {
    // Note: a 4xx was refused before anything was made; a lost answer or a 5xx may hide a package.
    const unknown =
      error instanceof DlfTransportError || (error instanceof DlfApiError && error.status >= 500);
    if (!unknown) throw error;
    const what = `the release request failed in flight (${(error as Error).message})`;
    let found: ReleasePackage | undefined;
    try {
      found = await findNamedPackage(dlf, body.package_name);
    } catch (lookup) {
      throw new CliError(
        `${what}, and looking for package "${body.package_name}" failed too (${(lookup as Error).message}); running the same command again finds it if it was made`,
        EXIT.error,
      );
    }
    if (!found?.package_id) {
      throw new CliError(
        `${what}; no package "${body.package_name}" exists, so it was not created: running the same command again is safe`,
        EXIT.error,
      );
    }
    context.messages.line(
      context.messages.style.yellow(
        `${what}, but package ${found.package_id} "${body.package_name}" was created; it was not sent again`,
      ),
    );
    return found.package_id;
  }
}

/** One look at a package that was just made; without it the document has its ID and name only. */
async function look(context: Context, dlf: DlfClient, id: string) {
  try {
    return await dlf.showFactoryPackageDetail(id);
  } catch (error) {
    context.messages.line(`could not look at package ${id}: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * A released package must hold every selected item: exit 0 says that what was selected is
 * released, so a package released without some of them ends as an error instead.
 */
function checkReleased(report: OutcomeReport, id: string): OutcomeReport {
  if (report.outcome !== "released" || !report.detail) return report;
  const held = new Set(report.detail.task_details.map((task) => task.pending_item_id));
  const missing = (report.selected ?? []).filter((item) => !held.has(item));
  if (missing.length === 0) return report;
  const message = `package ${id} was released without ${items(missing)} of the selection: not released`;
  return { ...report, outcome: "error", message, error: new CliError(message, EXIT.error) };
}

/** Follows the package that holds the selection: waits with --wait, else reports where it is. */
async function follow(
  context: Context,
  dlf: DlfClient,
  flags: ReleaseFlags,
  id: string,
  base: Partial<OutcomeReport>,
): Promise<OutcomeReport> {
  const report = { ...base, package: { package_id: id, package_name: flags.name } };
  if (flags.wait && !flags.dryRun) {
    const outcome = await waitForPackage(context, dlf, id, flags);
    return checkReleased(waitReport(outcome, id, flags, report), id);
  }
  const detail: PackageDetail | undefined = report.detail ?? (await look(context, dlf, id));
  const status = detail?.release_package.deploy_status;
  if (detail && (status === 2 || status === 3)) {
    const kind = status === 2 ? "released" : "failed";
    return checkReleased(waitReport({ kind, detail }, id, flags, report), id);
  }
  const where = status === undefined ? "made" : phrase(status);
  return {
    ...report,
    detail,
    outcome: "created",
    message: `package ${id} "${flags.name}" is ${where}; follow it with: dlf-release wait --name ${flags.name}`,
  };
}

/** The release, from the checks to the outcome. */
async function release(
  context: Context,
  dlf: DlfClient,
  flags: ReleaseFlags,
  applyUser: string,
): Promise<OutcomeReport> {
  const { messages } = context;
  const named = await findNamedPackage(dlf, flags.name);
  const pending = await pendingById(context, dlf, flags);
  const selected = flags.item ? [...new Set(flags.item)] : [...pending.keys()];
  const base = { packageName: flags.name, selected };
  const notPending = (ids: string[]) => ids.filter((id) => !pending.has(id));

  if (named?.package_id) {
    const detail = await dlf.showFactoryPackageDetail(named.package_id);
    const inPackage = new Set(detail.task_details.map((task) => task.pending_item_id));
    const lacking = selected.filter((id) => !inPackage.has(id));
    if (notPending(lacking).length > 0) throw notPendingError(notPending(lacking));
    if (lacking.length > 0) {
      const held = lacking.filter((id) => isPacked(pending.get(id)));
      const conflicts = [
        conflictWith(detail.release_package, "name-taken", lacking),
        ...(await findHolders(dlf, held, named.package_id)),
      ];
      return { ...base, outcome: "duplicate", conflicts, message: refusal(flags.name, conflicts) };
    }
    messages.line(
      `package ${named.package_id} "${flags.name}" holds the selected items (made by an earlier run); it was not sent again`,
    );
    return follow(context, dlf, flags, named.package_id, { ...base, detail, resumed: true });
  }

  if (notPending(selected).length > 0) throw notPendingError(notPending(selected));
  const packed = selected.filter((id) => isPacked(pending.get(id)));
  const conflicts = await findHolders(dlf, packed);
  if (conflicts.length > 0) {
    return { ...base, outcome: "duplicate", conflicts, message: refusal(flags.name, conflicts) };
  }
  if (packed.length > 0) {
    // Note: whether a failed package's items may be packed again is the service's to say.
    messages.line(
      `${items(packed)} marked as in a package, but no open package holds ${packed.length === 1 ? "it" : "them"}: sent all the same, for the service to decide`,
    );
  }
  if (selected.length === 0) {
    return {
      ...base,
      outcome: "nothing-pending",
      message: "nothing to release: no item pending release matches; no package was made",
    };
  }
  const body: ReleaseRequest = {
    apply_user_id: applyUser,
    package_name: flags.name,
    pending_item_list: selected,
    approver_ids: flags.approver,
  };
  if (flags.dryRun) {
    return {
      ...base,
      outcome: "dry-run",
      request: await dryRun(context, body),
      message: "dry run: this is the release request; it was not sent",
    };
  }
  if (context.interrupt.aborted) {
    return { ...base, outcome: "interrupted", message: "interrupted before the release was sent" };
  }
  const id = await sendOnce(dlf, body, context);
  messages.line(`created package ${id} "${flags.name}" with ${selected.length} items`);
  return follow(context, dlf, flags, id, base);
}

function notPendingError(ids: string[]): CliError {
  return new CliError(
    `--item ${ids.join(", ")}: not pending release (released already, or no such item)`,
    EXIT.error,
  );
}

/** `dlf-release release`: one package per name, whatever interrupted an earlier run. */
export async function runRelease(context: Context, flags: ReleaseFlags): Promise<void> {
  checkSelection(flags);
  const applyUser = required(context.settings, "applyUser");
  const dlf = connect(context, { needsWorkspace: true });
  let report: OutcomeReport;
  try {
    report = await release(context, dlf, flags, applyUser);
  } catch (error) {
    report = errorReport(context, error, flags.name);
  }
  finishOutcome(context, report, flags.junit);
}
