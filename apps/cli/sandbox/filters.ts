import type { components } from "@dlf-release/client";
import { instantOf } from "../src/values.js";

// The lists' filters, applied as the spec describes each one, and where the API pages are silent
// as the spec says the sandbox reads it: `item_name` and `key_word` match a part of the name (the
// broader reading, so a client that wants one name has to check), times are ms since 1970 or
// ISO 8601. A value the sandbox cannot read is refused as the service refuses a bad parameter.

type Schemas = components["schemas"];
type PendingItem = Schemas["PendingItem"];
type ReleasePackage = Schemas["ReleasePackage"];
type PackagesFilter = Schemas["ListFactoryReleasePackagesRequest"];

/** A parameter the sandbox refuses, as the service refuses one: 400 DLF.3051. */
export class BadParameter extends Error {
  override name = "BadParameter";
}

/** `start_time` or `end_time`: ms since 1970, or an ISO 8601 date-time, as the CLI reads them. */
function instant(name: string, text: string): number {
  const ms = instantOf(text);
  if (ms === undefined) {
    throw new BadParameter(`${name} "${text}" is neither ms since 1970 nor ISO 8601`);
  }
  return ms;
}

/** `task_type` or `update_type`: one of the enum's numbers, as text. */
function code(name: string, text: string, values: readonly number[]): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !values.includes(value)) {
    throw new BadParameter(`${name} "${text}" is not one of ${values.join(", ")}`);
  }
  return value;
}

const within = (at: number | undefined, from: number | undefined, to: number | undefined) =>
  (from === undefined && to === undefined) ||
  (at !== undefined && (from === undefined || at >= from) && (to === undefined || at <= to));

/** The pending items that the query's filters select. */
export function filterPendingItems(items: PendingItem[], query: URLSearchParams): PendingItem[] {
  const text = (name: string) => query.get(name) ?? undefined;
  const submitter = text("submit_user_name");
  const name = text("item_name");
  const taskType = text("task_type");
  const updateType = text("update_type");
  const from = text("start_time");
  const to = text("end_time");
  const task = taskType === undefined ? undefined : code("task_type", taskType, [1, 2]);
  const update = updateType === undefined ? undefined : code("update_type", updateType, [1, 2, 3]);
  const start = from === undefined ? undefined : instant("start_time", from);
  const end = to === undefined ? undefined : instant("end_time", to);
  return items.filter(
    (item) =>
      (submitter === undefined || item.submit_user_name === submitter) &&
      (name === undefined || (item.item_name ?? "").includes(name)) &&
      (task === undefined || item.task_type === task) &&
      (update === undefined || item.update_type === update) &&
      within(item.submit_timestamp, start, end),
  );
}

const ORDER_COLUMNS = [
  "apply_timestamp",
  "deploy_timestamp",
  "package_name",
  "package_id",
] as const;

/** The packages that the body's filters select, in its order (newest application first by default). */
export function filterReleasePackages(
  packages: ReleasePackage[],
  filter: PackagesFilter,
): ReleasePackage[] {
  if (filter.limit !== undefined && filter.limit < 1) {
    throw new BadParameter(`limit ${filter.limit} is below 1`);
  }
  const column = filter.order_column ?? "apply_timestamp";
  if (!(ORDER_COLUMNS as readonly string[]).includes(column)) {
    throw new BadParameter(`order_column "${column}" is not one of ${ORDER_COLUMNS.join(", ")}`);
  }
  const direction = filter.sorted_direction ?? "desc";
  if (direction !== "asc" && direction !== "desc") {
    throw new BadParameter(`sorted_direction "${direction}" is neither asc nor desc`);
  }
  const listed = packages.filter(
    (pkg) =>
      (!filter.key_word || (pkg.package_name ?? "").includes(filter.key_word)) &&
      (filter.apply_user_name === undefined || pkg.apply_user_name === filter.apply_user_name) &&
      (filter.deploy_user_name === undefined || pkg.deploy_user_name === filter.deploy_user_name) &&
      (filter.apply_user_name_filter === undefined ||
        filter.apply_user_name_filter.includes(pkg.apply_user_name ?? "")) &&
      (filter.deploy_user_name_filter === undefined ||
        filter.deploy_user_name_filter.includes(pkg.deploy_user_name ?? "")) &&
      (filter.deploy_status_filter === undefined ||
        filter.deploy_status_filter.includes(pkg.deploy_status as 1)) &&
      within(pkg.apply_timestamp, filter.apply_begin_time, filter.apply_end_time) &&
      within(pkg.deploy_timestamp, filter.deploy_begin_time, filter.deploy_end_time),
  );
  const key = (pkg: ReleasePackage) => pkg[column as (typeof ORDER_COLUMNS)[number]];
  const sign = direction === "asc" ? 1 : -1;
  // Note: a stable sort, so that packages that tie keep the order they were made in.
  return listed.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x === y) return 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return (x < y ? -1 : 1) * sign;
  });
}
