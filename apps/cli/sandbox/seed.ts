import type { components } from "@dlf-release/client";
import { example } from "./spec-check.js";
import type { Package } from "./state.js";

// What the sandbox holds when it starts: pending items of every kind (jobs and scripts; new,
// change and delete; two submitters) and a package in each status, so that every filter, every
// status and doctor's offset check have something to show.

type PendingItem = components["schemas"]["PendingItem"];

/** The project and workspace of every seeded item, as the service joins them. */
export const SEED_PROJECT =
  "62099355b894428e8916573ae635f1f9-workspace-e265f808151d458bb7967e0aaf42d146";

/** The two submitters, as user name and user ID. */
const FENGQIJIE = {
  submit_user_name: "fengqijie",
  submit_user_id: "f8ccc2ff3c7748e8a7bfede38ae1cffa",
};
const LIYANG = { submit_user_name: "liyang", submit_user_id: "3c5d1e0b9a8f47e6b2d4c6a8e0f2b4d6" };

/** The spec's two new jobs, then a changed script, a deleted job and a new script of another submitter. */
const ITEMS: PendingItem[] = [
  ...(example("PendingItemsTwoJobs").data as PendingItem[]),
  {
    ...LIYANG,
    deployed_version: 3,
    item_name: "dws_orders_daily",
    package_flag: 0,
    pending_item_id: "5",
    pending_version: 4,
    project_id: SEED_PROJECT,
    submit_timestamp: 1747192503000,
    task_id: "612",
    task_type: 2,
    update_type: 2,
  },
  {
    ...LIYANG,
    deployed_version: 2,
    item_name: "ods_legacy_export",
    package_flag: 0,
    pending_item_id: "6",
    pending_version: 3,
    project_id: SEED_PROJECT,
    submit_timestamp: 1747278903000,
    task_id: "388",
    task_type: 1,
    update_type: 3,
  },
  {
    ...LIYANG,
    deployed_version: 0,
    item_name: "dim_region_refresh",
    package_flag: 0,
    pending_item_id: "8",
    pending_version: 1,
    project_id: SEED_PROJECT,
    submit_timestamp: 1747365303000,
    task_id: "615",
    task_type: 2,
    update_type: 1,
  },
];

/** The seed's pending items, `count` of them (default five): past five, more of every kind. */
export function seedItems(count = ITEMS.length): PendingItem[] {
  return Array.from({ length: count }, (_, index): PendingItem => {
    const seeded = ITEMS[index];
    if (seeded) return { ...seeded };
    const updateType = ((index % 3) + 1) as 1 | 2 | 3;
    return {
      ...(index % 2 === 0 ? FENGQIJIE : LIYANG),
      deployed_version: updateType === 1 ? 0 : 1,
      item_name: `${index % 4 < 2 ? "job" : "script"}_${String(index).padStart(4, "0")}`,
      package_flag: 0,
      pending_item_id: String(1000 + index),
      pending_version: updateType === 1 ? 1 : 2,
      project_id: SEED_PROJECT,
      submit_timestamp: 1747400000000 + index * 60_000,
      task_id: String(5000 + index),
      task_type: index % 4 < 2 ? 1 : 2,
      update_type: updateType,
    };
  });
}

/** A task of a seeded package, for an item no longer pending. */
const done = (id: string, name: string, taskType: 1 | 2): PendingItem => ({
  ...FENGQIJIE,
  deployed_version: 1,
  item_name: name,
  package_flag: 1,
  pending_item_id: id,
  pending_version: 2,
  project_id: SEED_PROJECT,
  task_id: String(400 + Number(id)),
  task_type: taskType,
  update_type: 2,
});

const DAY = 86_400_000;
const SEED_TIME = Date.parse("2026-11-30T02:00:00Z");

/**
 * One package in each status, IDs 1 to 4, each holding items that are no longer pending. They stay
 * as they are: nobody reviews the one waiting, and the one being released never ends.
 */
export function seedPackages(): Package[] {
  const pkg = (
    id: string,
    name: string,
    status: 1 | 2 | 3 | 5,
    day: number,
    items: PendingItem[],
    applyUserName: string,
  ): Package => ({
    id,
    name,
    items,
    path: [status],
    looks: 0,
    applyUserId: applyUserName === "liyang" ? LIYANG.submit_user_id : FENGQIJIE.submit_user_id,
    applyUserName,
    approvers: ["7b71e498e75d44048c9a22dd3c54f978"],
    appliedAt: SEED_TIME + day * DAY,
    ...(status === 2 || status === 3
      ? { deployedAt: SEED_TIME + day * DAY + 3_600_000, deployUserName: "zhangwei" }
      : {}),
    settled: true,
  });
  return [
    pkg("1", "nightly_20261130", 2, 0, [done("1", "job_0101", 1)], "fengqijie"),
    pkg("2", "hotfix_20261202", 3, 2, [done("2", "dwd_trade_fix", 2)], "liyang"),
    pkg(
      "3",
      "weekly_20261205",
      5,
      5,
      [done("9", "job_0230", 1), done("10", "job_0231", 1)],
      "fengqijie",
    ),
    pkg("4", "review_20261207", 1, 7, [done("11", "ads_kpi_board", 2)], "liyang"),
  ];
}
