import type { PendingItem } from "@dlf-release/client";
import type { PackageDetail } from "./commands/show.js";

// The one place that decides what a package as seen means for the items a command selected:
// released only when the package says so, every task of it has been released and started, and it
// holds every selected item at the version that was selected. `wait`, `release --wait`, a rerun
// that resumes, the JSON, JUnit and the Action all read this verdict.

type Task = PackageDetail["task_details"][number];

/** An item as it was selected: its ID and the version that was pending then. */
export interface Selected {
  id: string;
  /** pending_version when it was selected; undefined when the service did not say. */
  version: number | undefined;
}

/** What a look at a package says of the selection. */
export type Verdict =
  /** Released: the package, every task, every job start, every selected item at its version. */
  | { kind: "released" }
  /** Failed: the package, or a task, or a job's start; `tasks` are the ones that failed. */
  | { kind: "failed"; tasks: Task[] }
  /** Not ended yet: the package waits or is being released, or its tasks have not caught up. */
  | { kind: "moving" }
  /** Released, but without these selected items at their versions: what was selected is not. */
  | { kind: "incomplete"; missing: Selected[] };

/** Whether a task failed: its deployment, or the start of its job. */
export const taskFailed = (task: Task) => task.deploy_status === 3 || task.start_job_status === 3;

/** The selection as the pending items list it. */
export const selectionOf = (items: PendingItem[]): Selected[] =>
  items.map((item) => ({ id: item.pending_item_id ?? "", version: item.pending_version }));

/** The selected items that the package does not hold at the version selected. */
export function notHeld(detail: PackageDetail, selection: readonly Selected[]): Selected[] {
  const versions = new Map(
    detail.task_details.map((task) => [task.pending_item_id ?? "", task.pending_version]),
  );
  return selection.filter(
    (item) =>
      !versions.has(item.id) ||
      (item.version !== undefined && versions.get(item.id) !== item.version),
  );
}

/** The verdict on a package as seen, for the selection (none for `wait ID`: the package alone). */
export function judge(detail: PackageDetail, selection?: readonly Selected[]): Verdict {
  const status = detail.release_package.deploy_status;
  const failed = detail.task_details.filter(taskFailed);
  if (status === 3 || failed.length > 0) return { kind: "failed", tasks: failed };
  if (status !== 2) return { kind: "moving" };
  // Note: a package may say released before each of its tasks does; it is done when they are.
  if (detail.task_details.some((task) => task.deploy_status !== 2)) return { kind: "moving" };
  // Note: a package released without a single task released nothing that anyone selected.
  if (detail.task_details.length === 0)
    return { kind: "incomplete", missing: [...(selection ?? [])] };
  const missing = selection ? notHeld(detail, selection) : [];
  return missing.length > 0 ? { kind: "incomplete", missing } : { kind: "released" };
}
