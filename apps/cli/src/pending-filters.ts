import type { PendingItem, PendingItemsQuery } from "@dlf-release/client";
import { instantOf } from "./values.js";

// The pending-item filters of `pending` and `release`: sent to the service, then applied again to
// what it answers, for a service that ignores or reads a filter otherwise (the API pages say
// nothing of how `item_name` matches, or of the time format) must not widen a release.

/** The filters, as commander parses them. */
export interface PendingFilters {
  submitter?: string;
  taskType?: number[];
  updateType?: number[];
  itemName?: string;
  /** As given (ISO 8601 or ms since 1970; checked by the flag's parser), and sent so. */
  since?: string;
  until?: string;
}

/** The query that the filters make; the API takes every field as a string. */
export function pendingQuery(filters: PendingFilters): Omit<PendingItemsQuery, "limit" | "offset"> {
  // Note: the API takes one task or update type; several are read unfiltered and chosen here.
  const one = (values: number[] | undefined) =>
    values?.length === 1 ? String(values[0]) : undefined;
  const taskType = one(filters.taskType);
  const updateType = one(filters.updateType);
  return {
    ...(filters.submitter !== undefined && { submit_user_name: filters.submitter }),
    ...(taskType !== undefined && { task_type: taskType }),
    ...(updateType !== undefined && { update_type: updateType }),
    ...(filters.itemName !== undefined && { item_name: filters.itemName }),
    ...(filters.since !== undefined && { start_time: filters.since }),
    ...(filters.until !== undefined && { end_time: filters.until }),
  };
}

/** What the filters read of an item: a pending item, or the task a package made of one. */
export interface Filterable {
  submit_user_name?: string | undefined;
  task_type?: number | undefined;
  update_type?: number | undefined;
  item_name?: string | undefined;
  submit_timestamp?: number | undefined;
}

/** The first flag that an item does not match, or undefined when it matches them all. */
export function mismatchOf(item: Filterable, filters: PendingFilters): string | undefined {
  const at = item.submit_timestamp;
  if (filters.submitter !== undefined && item.submit_user_name !== filters.submitter)
    return "--submitter";
  if (filters.taskType && !filters.taskType.includes(item.task_type ?? -1)) return "--task-type";
  if (filters.updateType && !filters.updateType.includes(item.update_type ?? -1))
    return "--update-type";
  if (filters.itemName !== undefined && item.item_name !== filters.itemName) return "--item-name";
  // Note: an item without a time, or a bound that cannot be read, is outside the window.
  const outside = (bound: string, inside: (at: number, ms: number) => boolean) => {
    const ms = instantOf(bound);
    return at === undefined || ms === undefined || !inside(at, ms);
  };
  if (filters.since !== undefined && outside(filters.since, (time, ms) => time >= ms))
    return "--since";
  if (filters.until !== undefined && outside(filters.until, (time, ms) => time <= ms))
    return "--until";
  return undefined;
}

/** The items that match every filter, and those the service returned that do not, by flag. */
export function applyFilters(
  items: PendingItem[],
  filters: PendingFilters,
): { kept: PendingItem[]; leftOut: Map<string, string[]> } {
  const kept: PendingItem[] = [];
  const leftOut = new Map<string, string[]>();
  for (const item of items) {
    const flag = mismatchOf(item, filters);
    if (flag === undefined) kept.push(item);
    else leftOut.set(flag, [...(leftOut.get(flag) ?? []), item.pending_item_id ?? "?"]);
  }
  return { kept, leftOut };
}

/** "2 listed items do not match --task-type (4, 3): left out". */
export function leftOutLine(leftOut: Map<string, string[]>): string | undefined {
  if (leftOut.size === 0) return undefined;
  const parts = [...leftOut].map(
    ([flag, ids]) =>
      `${ids.length} listed ${ids.length === 1 ? "item does" : "items do"} not match ${flag} (${ids.join(", ")})`,
  );
  return `${parts.join(" and ")}: left out`;
}
