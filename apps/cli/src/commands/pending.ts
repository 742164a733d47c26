import type { PendingItem } from "@dlf-release/client";
import { connect } from "../connect.js";
import { type Context, printJson } from "../context.js";
import { nameOf, TASK_TYPE, UPDATE_TYPE } from "../names.js";
import { formatTime, renderTable } from "../output/table.js";
import {
  applyFilters,
  leftOutLine,
  type PendingFilters,
  pendingQuery,
} from "../pending-filters.js";

/** Every pending item that matches, across all pages. */
export async function listPending(
  context: Context,
  filters: PendingFilters,
): Promise<PendingItem[]> {
  const dlf = connect(context, { needsWorkspace: true });
  const items: PendingItem[] = [];
  for await (const item of dlf.pendingItems(pendingQuery(filters))) items.push(item);
  const { kept, leftOut } = applyFilters(items, filters);
  const line = leftOutLine(leftOut);
  if (line) context.messages.line(context.messages.style.yellow(line));
  return kept;
}

/** The pending items as a table; deletes in capitals. */
export function pendingTable(items: PendingItem[]): string {
  return renderTable(
    ["id", "name", "type", "update", "submitter", "submitted", "in package"],
    items.map((item) => [
      item.pending_item_id ?? "",
      item.item_name ?? "",
      nameOf(TASK_TYPE, item.task_type),
      // Note: a delete removes a job or script from production; it stands out without colour too.
      item.update_type === 3 ? "DELETE" : nameOf(UPDATE_TYPE, item.update_type),
      item.submit_user_name ?? "",
      formatTime(item.submit_timestamp),
      item.package_flag ? "yes" : "no",
    ]),
  );
}

/** `dlf-release pending`: the items, as a table or as `{ data, total }`. */
export async function runPending(context: Context, filters: PendingFilters): Promise<void> {
  const items = await listPending(context, filters);
  if (context.json) return printJson(context, { data: items, total: items.length });
  if (items.length === 0) return context.messages.line("no item is pending release");
  context.print(pendingTable(items));
}
