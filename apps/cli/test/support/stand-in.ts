import { createDlfClient, type PendingItem } from "@dlf-release/client";
import { afterEach, expect } from "vitest";
import { seedItems } from "../../sandbox/seed.js";
import { type StandIn, type StandInOptions, startStandIn } from "../../sandbox/server.js";
import { type Package, type PackageOutcome, statusPath } from "../../sandbox/state.js";

/** The IAM user IDs the tests release with: an approver and the applicant. */
export const APPROVER = "7b71e498e75d44048c9a22dd3c54f978";
export const APPLICANT = "f8ccc2ff3c7748e8a7bfede38ae1cffa";
/** Another IAM user ID, for a rerun by other reviewers. */
export const OTHER_USER = "0123456789abcdef0123456789abcdef";

/** `release --name NAME` by the tests' approver and applicant; the selection is the caller's. */
export const releaseArgs = (name: string) => [
  "release",
  "--name",
  name,
  "--approver",
  APPROVER,
  "--apply-user",
  APPLICANT,
];

/** The spec's example: two new jobs, 4 and 3, of one submitter. */
export const exampleItems = (): PendingItem[] => seedItems(2);

/**
 * Starts the stateful stand-in for the tests of a file; after each test it is closed, and the test
 * fails if a request or an answer broke the spec.
 */
export function useStandIn(): (options?: StandInOptions) => Promise<StandIn> {
  let standIn: StandIn | undefined;
  afterEach(async () => {
    const violations = standIn?.violations ?? [];
    await standIn?.close();
    standIn = undefined;
    expect(violations).toEqual([]);
  });
  // Note: the tests start from the spec's two new jobs and no package, unless they say otherwise;
  // the seed's variety is what the sandbox's own tests are about.
  return async (options = {}) => {
    standIn = await startStandIn({ pending: exampleItems(), packages: [], ...options });
    return standIn;
  };
}

/**
 * Adds package 7 "nightly" (every pending item, applied for by APPLICANT, approver APPROVER), just created: it
 * ends `outcome`, after `steps` looks in each status on the way.
 */
export function addPackage(standIn: StandIn, outcome: PackageOutcome, steps = 1): void {
  standIn.state.packages.push({
    id: "7",
    name: "nightly",
    items: standIn.state.pendingItems(),
    path: statusPath(outcome, steps),
    looks: 0,
    applyUserId: APPLICANT,
    approvers: [APPROVER],
  });
}

/** `count` pending jobs, IDs 1000 up, none in a package: more than one page of 100. */
export function manyItems(count: number): PendingItem[] {
  return Array.from({ length: count }, (_, index) => ({
    pending_item_id: String(1000 + index),
    item_name: `job_${index}`,
    package_flag: 0,
    pending_version: 1,
    submit_user_name: "fengqijie",
    task_id: String(5000 + index),
    task_type: 1,
    update_type: 1,
  }));
}

/** `count` released packages, IDs 1 up, named pkg_1 and so on. */
export function manyPackages(count: number): Package[] {
  return Array.from({ length: count }, (_, index) => ({
    id: String(index + 1),
    name: `pkg_${index + 1}`,
    items: [],
    path: [2],
    looks: 0,
    applyUserId: APPLICANT,
    approvers: [APPROVER],
  }));
}

/**
 * Puts the first pending item (4) into package 8 "weekly" of the same items' applicant, open: it is
 * being released from its first look on, or waiting for review before it with `looks` 0.
 */
export function holdFirstItem(standIn: StandIn, looks = 1): void {
  const [held] = standIn.state.pending;
  if (!held) throw new Error("the stand-in has no pending item to hold");
  held.package_flag = 1;
  standIn.state.packages.push({
    id: "8",
    name: "weekly",
    items: [held],
    path: statusPath("released"),
    looks,
    applyUserId: APPLICANT,
    approvers: [APPROVER],
  });
}

/** The client, pointed at the stand-in with a token: the query goes as given, the answer unchecked. */
export const clientOf = (standIn: StandIn) =>
  createDlfClient({
    baseUrl: standIn.url,
    projectId: "p",
    workspace: "w",
    credentials: { token: "t" },
  });
