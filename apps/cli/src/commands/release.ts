import {
  DlfApiError,
  type DlfClient,
  DlfTransportError,
  type ReleaseRequest,
} from "@dlf-release/client";
import { required } from "../config/resolve.js";
import { connect } from "../connect.js";
import { type Context, printJson } from "../context.js";
import { CliError, EXIT, UsageError } from "../exit-codes.js";
import { renderFields } from "../output/table.js";
import { printDryRun } from "./dry-run.js";
import {
  findOpenPackage,
  guardPackageName,
  type Selection,
  selectNamedItems,
  selectPendingItems,
} from "./duplicate-guard.js";
import type { PendingFilters } from "./pending.js";
import { finishWait, type WaitFlags, waitForPackage } from "./wait.js";

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

/** Sends the release once; when it fails in flight, finds out whether the package was made. */
async function sendOnce(dlf: DlfClient, body: ReleaseRequest, context: Context) {
  try {
    return await dlf.createFactoryPendingItemsPackage(body);
  } catch (error) {
    // Note: a 4xx was refused before anything was made; a lost answer or a 5xx may hide a package.
    const unknown =
      error instanceof DlfTransportError || (error instanceof DlfApiError && error.status >= 500);
    if (!unknown) throw error;
    const what = `the release request failed in flight (${(error as Error).message})`;
    let found: Awaited<ReturnType<typeof findOpenPackage>>;
    try {
      found = await findOpenPackage(dlf, body.package_name);
    } catch (lookup) {
      throw new CliError(
        `${what}, and looking for package "${body.package_name}" failed too (${(lookup as Error).message}); check with: dlf-release packages --keyword ${body.package_name}`,
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
    return { package_name: body.package_name, release_package_id: found.package_id };
  }
}

/** `dlf-release release`: checks for duplicates, creates the package once, optionally waits. */
export async function runRelease(context: Context, flags: ReleaseFlags): Promise<void> {
  checkSelection(flags);
  const applyUser = required(context.settings, "applyUser");
  const dlf = connect(context, { needsWorkspace: true });
  const { messages } = context;

  const selection: Selection = flags.item
    ? await selectNamedItems(dlf, flags.item)
    : await selectPendingItems(dlf, flags);
  if (selection.leftOut.length > 0) {
    const ids = selection.leftOut.map((item) => item.pending_item_id).join(", ");
    messages.line(`left out ${selection.leftOut.length} items already in a package: ${ids}`);
  }
  if (selection.ids.length === 0) {
    messages.line("nothing to release: no item pending release matches");
    if (context.json) printJson(context, null);
    return;
  }
  await guardPackageName(dlf, flags.name);

  const body: ReleaseRequest = {
    apply_user_id: applyUser,
    package_name: flags.name,
    pending_item_list: selection.ids,
    approver_ids: flags.approver,
  };
  if (flags.dryRun) return printDryRun(context, body);

  const created = await sendOnce(dlf, body, context);
  const id = created.release_package_id ?? "";
  messages.line(`created package ${id} "${flags.name}" with ${selection.ids.length} items`);
  if (!flags.wait) {
    if (context.json) return printJson(context, created);
    context.print(
      renderFields([
        ["release_package_id", id],
        ["package_name", created.package_name ?? ""],
      ]),
    );
    return;
  }
  if (!id)
    throw new CliError(
      "the service answered without a release_package_id: nothing to wait for",
      EXIT.error,
    );
  finishWait(context, id, await waitForPackage(context, dlf, id, flags), flags);
}
