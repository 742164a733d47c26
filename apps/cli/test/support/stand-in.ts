import { afterEach, expect } from "vitest";
import { type StandIn, type StandInOptions, startStandIn } from "../../sandbox/server.js";
import { type PackageOutcome, statusPath } from "../../sandbox/state.js";

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
  return async (options = {}) => {
    standIn = await startStandIn(options);
    return standIn;
  };
}

/**
 * Adds package 7 "nightly" (every pending item, applied for by u1, approver a1), just created: it
 * ends `outcome`, after `steps` looks in each status on the way.
 */
export function addPackage(standIn: StandIn, outcome: PackageOutcome, steps = 1): void {
  standIn.state.packages.push({
    id: "7",
    name: "nightly",
    items: standIn.state.pendingItems(),
    path: statusPath(outcome, steps),
    looks: 0,
    applyUserId: "u1",
    approvers: ["a1"],
  });
}
