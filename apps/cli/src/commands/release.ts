import {
  DlfApiError,
  type DlfClient,
  DlfTransportError,
  type PendingItem,
  type ReleasePackage,
  type ReleaseRequest,
} from "@dlf-release/client";
import { offsetModeOf, required, SETTING_NAMES } from "../config/resolve.js";
import { connect } from "../connect.js";
import type { Context } from "../context.js";
import { CliError, EXIT, UsageError } from "../exit-codes.js";
import { STATUS_PHRASE } from "../names.js";
import { type Conflict, errorReport, finishOutcome, type OutcomeReport } from "../outcome.js";
import { checkJunitPath } from "../output/junit.js";
import {
  applyFilters,
  leftOutLine,
  mismatchOf,
  type PendingFilters,
  pendingQuery,
} from "../pending-filters.js";
import { isUserId, USER_ID_EXPECTED } from "../values.js";
import { judge, notHeld, type Selected, selectionOf } from "../verdict.js";
import { dryRun } from "./dry-run.js";
import { conflictWith, findHolders, findNamedPackage } from "./idempotency.js";
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
  ifNothingPending: "warn" | "error" | "ignore";
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

/** The applicant, from --apply-user, DLF_APPLY_USER or the profile, checked as the flag is. */
function applicant(context: Context): string {
  const applyUser = required(context.settings, "applyUser");
  if (!isUserId(applyUser)) {
    // Note: --apply-user itself is checked by its parser; this is DLF_APPLY_USER or the profile's.
    const where =
      context.settings.values.applyUser.source === "env"
        ? SETTING_NAMES.applyUser.env
        : "the profile's applyUser";
    throw new UsageError(where, `expected ${USER_ID_EXPECTED}`);
  }
  return applyUser;
}

const isPacked = (item: PendingItem | undefined) => (item?.package_flag ?? 0) !== 0;
const items = (ids: string[]) => `${ids.length === 1 ? "item" : "items"} ${ids.join(", ")}`;
const phrase = (status: number | null | undefined) =>
  STATUS_PHRASE[status ?? 0] ?? `status ${status}`;

/**
 * The pending items a release chooses from, by ID: all of them for --item, else those that the
 * filters select (checked again here: what the service returned beyond them is left out, and
 * said). A list that repeats an item, or holds fewer than the service counts, means that offset
 * counts otherwise than --offset-mode says: the selection would miss items, so it stops.
 */
async function pendingById(
  context: Context,
  dlf: DlfClient,
  flags: ReleaseFlags,
): Promise<Map<string, PendingItem>> {
  const query = flags.item ? {} : pendingQuery(flags);
  const listed = new Map<string, PendingItem>();
  const other = offsetModeOf(context.settings) === "page" ? "record" : "page";
  const advice = `offset seems to count otherwise than --offset-mode says: try --offset-mode ${other}`;
  for await (const item of dlf.pendingItems(query)) {
    const id = item.pending_item_id ?? "";
    if (listed.has(id)) {
      throw new CliError(`the list of pending items repeated item ${id}; ${advice}`, EXIT.error);
    }
    listed.set(id, item);
  }
  const { total } = await dlf.listFactoryPendingItems({ ...query, limit: 1 });
  if (total > listed.size) {
    throw new CliError(
      `listed ${listed.size} of the ${total} pending items that the service counts; ${advice}`,
      EXIT.error,
    );
  }
  if (flags.item) return listed;
  const { kept, leftOut } = applyFilters([...listed.values()], flags);
  const line = leftOutLine(leftOut);
  if (line) context.messages.line(context.messages.style.yellow(line));
  return new Map(kept.map((item) => [item.pending_item_id ?? "", item]));
}

/** "refused: ..." naming each package in the way and how to follow it. */
function refusal(name: string, conflicts: Conflict[]): string {
  const reasons = conflicts.map((conflict) => {
    const pkg = `package ${conflict.package_id} "${conflict.package_name}" (${phrase(conflict.deploy_status)})`;
    if (conflict.reason === "items-held")
      return `${items(conflict.items)} already in ${pkg}: follow it with: dlf-release wait ${conflict.package_id}`;
    const versions = conflict.versions.map(
      (version) =>
        `item ${version.item} is pending at version ${version.pending}, and the package holds version ${version.held}`,
    );
    const lacks = conflict.items.filter(
      (id) => !conflict.versions.some((version) => version.item === id),
    );
    const { unselected } = conflict;
    const why = [
      ...(lacks.length > 0 ? [`it lacks ${items(lacks)}`] : []),
      ...versions,
      ...(unselected.length > 0
        ? [`it holds ${items(unselected)}, which these flags do not select`]
        : []),
    ].join("; ");
    return `the name "${name}" is taken by ${pkg}: ${why}; choose another --name, or follow it with: dlf-release wait ${conflict.package_id}`;
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
        EXIT.retryable,
      );
    }
    if (!found?.package_id) {
      throw new CliError(
        `${what}; no package "${body.package_name}" exists, so it was not created: running the same command again is safe`,
        EXIT.retryable,
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

/** What a release knows so far: what it selected, and the package once there is one. */
type Known = Pick<OutcomeReport, "packageName" | "selected" | "selection" | "warnings"> &
  Partial<Pick<OutcomeReport, "package" | "detail" | "resumed">>;

/** A release refused as a duplicate (exit 6), naming the packages in the way; never sent. */
function refused(known: Known, flags: ReleaseFlags, conflicts: Conflict[]): OutcomeReport {
  return {
    ...known,
    outcome: "duplicate",
    ...(flags.dryRun && { dryRun: "refuse" as const }),
    conflicts,
    message: refusal(flags.name, conflicts),
  };
}

/** Follows the package that holds the selection: waits with --wait, else reports where it is. */
async function follow(
  context: Context,
  dlf: DlfClient,
  flags: ReleaseFlags,
  id: string,
  known: Known,
  selection: readonly Selected[],
): Promise<OutcomeReport> {
  known.package = known.detail?.release_package ?? { package_id: id, package_name: flags.name };
  // Note: the command has a deadline when, and only when, it was asked to --wait.
  if (context.deadline) {
    const outcome = await waitForPackage(context, dlf, id, flags, {
      deadline: context.deadline,
      selection,
    });
    return waitReport(outcome, id, flags, { ...known });
  }
  const detail: PackageDetail | undefined = known.detail ?? (await look(context, dlf, id));
  if (detail) known.detail = detail;
  const verdict = detail ? judge(detail, selection) : { kind: "moving" as const };
  if (detail && verdict.kind !== "moving") {
    return waitReport({ kind: verdict.kind, detail, verdict }, id, flags, { ...known });
  }
  const status = detail?.release_package.deploy_status;
  const where = status === undefined ? "made" : phrase(status);
  return {
    ...known,
    outcome: "created",
    message: `package ${id} "${flags.name}" is ${where}; follow it with: dlf-release wait --name ${flags.name}`,
  };
}

/** Warnings for a rerun whose reviewers differ from those of the package it resumes. */
function reviewerWarnings(pkg: ReleasePackage, flags: ReleaseFlags, applyUser: string): string[] {
  const warnings: string[] = [];
  const approvers = (pkg.package_approvers ?? []).map((approver) => approver.user_id ?? "");
  const same = (a: string[], b: string[]) =>
    a.length === b.length && [...a].sort().join() === [...b].sort().join();
  if (!same(approvers, flags.approver)) {
    warnings.push(
      `package ${pkg.package_id} was made for approvers ${approvers.join(", ") || "(none)"}, not --approver ${flags.approver.join(",")}: following it as it is`,
    );
  }
  if (pkg.apply_user_id !== undefined && pkg.apply_user_id !== applyUser) {
    warnings.push(
      `package ${pkg.package_id} was applied for by ${pkg.apply_user_id}, not --apply-user ${applyUser}: following it as it is`,
    );
  }
  return warnings;
}

/** The release, from the checks to the outcome; `known` keeps what it found for an error's report. */
async function release(
  context: Context,
  dlf: DlfClient,
  flags: ReleaseFlags,
  applyUser: string,
  known: Known,
): Promise<OutcomeReport> {
  const { messages } = context;
  const named = await findNamedPackage(dlf, flags.name);
  const pending = await pendingById(context, dlf, flags);
  const selected = flags.item ? [...new Set(flags.item)] : [...pending.keys()];
  const notPending = (ids: string[]) => ids.filter((id) => !pending.has(id));
  const selectedItems = selected.flatMap((id) => pending.get(id) ?? []);
  let selection = selectionOf(selectedItems);
  known.selected = selected;
  known.selection = selectedItems;

  if (named?.package_id) {
    const detail = await dlf.showFactoryPackageDetail(named.package_id);
    known.package = detail.release_package;
    known.detail = detail;
    const lacking = notHeld(detail, selection).map((item) => item.id);
    const inPackage = new Map(detail.task_details.map((task) => [task.pending_item_id, task]));
    // Note: a selected item the package holds may have left the pending list by its release.
    const gone = notPending(selected).filter((id) => !inPackage.has(id));
    if (gone.length > 0) throw notPendingError(gone);
    if (lacking.length > 0) {
      const held = lacking.filter((id) => isPacked(pending.get(id)) && !inPackage.has(id));
      const versions = lacking.flatMap((id) => {
        const task = inPackage.get(id);
        const version = pending.get(id)?.pending_version;
        return task && version !== undefined
          ? [{ item: id, pending: version, held: task.pending_version ?? null }]
          : [];
      });
      const conflicts = [
        { ...conflictWith(detail.release_package, "name-taken", lacking), versions },
        ...(await findHolders(dlf, held, named.package_id)),
      ];
      return refused(known, flags, conflicts);
    }
    // Note: as with a client token, a name made for another selection is refused, not resumed:
    // the package must hold nothing that these flags would not select.
    const unselected = detail.task_details
      .filter((task) =>
        flags.item
          ? !flags.item.includes(task.pending_item_id ?? "")
          : mismatchOf(task, flags) !== undefined,
      )
      .map((task) => task.pending_item_id ?? "?");
    if (unselected.length > 0) {
      const conflicts = [{ ...conflictWith(detail.release_package, "name-taken", []), unselected }];
      return refused(known, flags, conflicts);
    }
    // Note: the package's items are what the first run selected (after the release, nothing of
    // it is pending any more), and what this run reports and judges.
    selection = detail.task_details.map((task) => ({
      id: task.pending_item_id ?? "",
      version: task.pending_version,
    }));
    known.selected = selection.map((item) => item.id);
    known.selection = detail.task_details;
    known.warnings = reviewerWarnings(detail.release_package, flags, applyUser);
    for (const warning of known.warnings) messages.line(messages.style.yellow(warning));
    known.resumed = true;
    if (flags.dryRun) {
      return {
        ...known,
        outcome: "dry-run",
        dryRun: "resume",
        message: `dry run: package ${named.package_id} "${flags.name}" holds the selected items; a run would follow it and send nothing`,
      };
    }
    messages.line(
      `package ${named.package_id} "${flags.name}" holds the selected items (made by an earlier run); it was not sent again`,
    );
    return follow(context, dlf, flags, named.package_id, known, selection);
  }

  if (notPending(selected).length > 0) throw notPendingError(notPending(selected));
  const packed = selected.filter((id) => isPacked(pending.get(id)));
  const conflicts = await findHolders(dlf, packed);
  if (conflicts.length > 0) {
    return refused(known, flags, conflicts);
  }
  if (packed.length > 0) {
    // Note: whether a failed package's items may be packed again is the service's to say.
    messages.line(
      `${items(packed)} marked as in a package, but no open package holds ${packed.length === 1 ? "it" : "them"}: sent all the same, for the service to decide`,
    );
  }
  if (selected.length === 0) {
    return {
      ...known,
      outcome: "nothing-pending",
      nothingPendingIsError: flags.ifNothingPending === "error",
      quiet: flags.ifNothingPending === "ignore",
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
      ...known,
      outcome: "dry-run",
      dryRun: "create",
      request: await dryRun(context, body),
      message: "dry run: this is the release request; it was not sent",
    };
  }
  if (context.interrupt.aborted) {
    return { ...known, outcome: "interrupted", message: "interrupted before the release was sent" };
  }
  const id = await sendOnce(dlf, body, context);
  known.package = { package_id: id, package_name: flags.name };
  messages.line(`created package ${id} "${flags.name}" with ${selected.length} items`);
  return follow(context, dlf, flags, id, known, selection);
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
  checkJunitPath(flags.junit);
  const applyUser = applicant(context);
  // Note: with --wait, --timeout bounds the whole command from here, the reads before the send too.
  const bounded = flags.wait
    ? { ...context, deadline: AbortSignal.timeout(flags.timeout) }
    : context;
  const dlf = connect(bounded, { needsWorkspace: true });
  const known: Known = { packageName: flags.name };
  let report: OutcomeReport;
  try {
    report = await release(bounded, dlf, flags, applyUser, known);
  } catch (error) {
    report = { ...known, ...errorReport(bounded, error, flags.name, flags.timeout) };
  }
  finishOutcome(bounded, report, flags.junit);
}
