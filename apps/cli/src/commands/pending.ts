import type { PendingItem, PendingItemsQuery } from "@dlf-release/client";
import { connect } from "../connect.js";
import { type Context, printJson } from "../context.js";
import { nameOf, TASK_TYPE, UPDATE_TYPE } from "../names.js";
import { formatTime, renderTable } from "../output/table.js";

/** The filters of `pending` (and of `release` without --item), as commander parses them. */
export interface PendingFilters {
  submitter?: string;
  taskType?: number;
  updateType?: number;
  itemName?: string;
  since?: string;
  until?: string;
}

/** The query that the filters make; the API takes every field as a string. */
export function pendingQuery(filters: PendingFilters): Omit<PendingItemsQuery, "limit" | "offset"> {
  return {
    ...(filters.submitter !== undefined && { submit_user_name: filters.submitter }),
    ...(filters.taskType !== undefined && { task_type: String(filters.taskType) }),
    ...(filters.updateType !== undefined && { update_type: String(filters.updateType) }),
    ...(filters.itemName !== undefined && { item_name: filters.itemName }),
    ...(filters.since !== undefined && { start_time: filters.since }),
    ...(filters.until !== undefined && { end_time: filters.until }),
  };
}

/** Every pending item that matches, across all pages. */
export async function listPending(
  context: Context,
  filters: PendingFilters,
): Promise<PendingItem[]> {
  const dlf = connect(context, { needsWorkspace: true });
  const items: PendingItem[] = [];
  for await (const item of dlf.pendingItems(pendingQuery(filters))) items.push(item);
  return items;
}

/** The pending items as a table. */
export function pendingTable(items: PendingItem[]): string {
  return renderTable(
    ["id", "name", "type", "update", "submitter", "submitted", "in package"],
    items.map((item) => [
      item.pending_item_id ?? "",
      item.item_name ?? "",
      nameOf(TASK_TYPE, item.task_type),
      nameOf(UPDATE_TYPE, item.update_type),
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
