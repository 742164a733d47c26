import type { components } from "@dlf-release/client";
import { connect } from "../connect.js";
import { type Context, printJson } from "../context.js";
import { nameOf, START_JOB_STATUS, TASK_DETAIL_TYPE, UPDATE_TYPE } from "../names.js";
import type { Style } from "../output/style.js";
import { formatTime, renderFields, renderTable } from "../output/table.js";
import { statusCell } from "./packages.js";

/** A package and its tasks, as showFactoryPackageDetail answers. */
export type PackageDetail = components["schemas"]["ShowFactoryPackageDetailResponse"];

/** The package's fields, then its tasks as a table. */
export function detailText(detail: PackageDetail, style: Style): string {
  const pkg = detail.release_package;
  const approvers = (pkg.package_approvers ?? []).map((a) => a.user_name ?? a.user_id ?? "");
  const fields = renderFields([
    ["package", pkg.package_id ?? ""],
    ["name", pkg.package_name ?? ""],
    ["status", statusCell(pkg.deploy_status, style)],
    ["applicant", pkg.apply_user_name ?? pkg.apply_user_id ?? ""],
    ["applied", formatTime(pkg.apply_timestamp)],
    ["approvers", approvers.join(", ")],
    ["deployer", pkg.deploy_user_name ?? pkg.deploy_user_id ?? ""],
    ["deployed", formatTime(pkg.deploy_timestamp)],
  ]);
  if (detail.task_details.length === 0) return `${fields}\nno tasks\n`;
  const tasks = renderTable(
    ["item", "name", "type", "update", "status", "job start", "version"],
    detail.task_details.map((task) => [
      task.pending_item_id ?? "",
      task.item_name ?? "",
      nameOf(TASK_DETAIL_TYPE, task.task_type),
      nameOf(UPDATE_TYPE, task.update_type),
      statusCell(task.deploy_status, style),
      nameOf(START_JOB_STATUS, task.start_job_status),
      task.pending_version === undefined ? "" : String(task.pending_version),
    ]),
  );
  return `${fields}\n${tasks}`;
}

/** `dlf-release show ID`: one package and its tasks. */
export async function runShow(context: Context, packageId: string): Promise<void> {
  const dlf = connect(context, { needsWorkspace: false });
  const detail = await dlf.showFactoryPackageDetail(packageId);
  if (context.json) return printJson(context, detail);
  context.print(detailText(detail, context.style));
}
