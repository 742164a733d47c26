import { describe, expect, it } from "vitest";
import type { Seen, StandIn, StandInOptions } from "../sandbox/server.js";
import { serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { jsonOf } from "./support/schemas.js";
import { APPLICANT, APPROVER, holdFirstItem, releaseArgs, useStandIn } from "./support/stand-in.js";

// The package name is the release's idempotency key: whatever interrupted a run, the same command
// run again never makes a second package and ends with that package's outcome; a name or items in
// use by another package are refused (6), naming that package. Each run is `main` in-process
// against one stateful stand-in, so the second run sees what the first one left.

const start = useStandIn();
const RELEASE = releaseArgs("nightly");
const WAIT = ["--wait", "--interval", "10ms", "--json"];

/** Runs the release; `interruptWhen` aborts it, as SIGINT would, when a matching request arrives. */
function release(server: StandIn, flags: string[], interrupt?: AbortController) {
  return runMain([...RELEASE, ...flags], serviceEnv(server.url), {
    ...(interrupt && { interrupt: interrupt.signal }),
  });
}

/** A stand-in whose `nth` request (from 1) of `operationId` aborts `interrupt` when it arrives. */
async function interruptedAt(
  operationId: string,
  nth: number,
  options: StandInOptions = {},
): Promise<{ server: StandIn; interrupt: AbortController }> {
  const interrupt = new AbortController();
  let count = 0;
  const onRequest = (seen: Seen) => {
    if (seen.operationId === operationId && ++count === nth) interrupt.abort("SIGINT");
  };
  return { server: await start({ ...options, onRequest }), interrupt };
}

const creates = (server: StandIn) => server.calls("createFactoryPendingItemsPackage").length;

describe("a rerun of the same release", () => {
  it("after a run stopped before the send, makes the package once", async () => {
    const { server, interrupt } = await interruptedAt("listFactoryPendingItems", 1, {
      faults: [{ name: "hang", operation: "listFactoryPendingItems", times: 1 }],
    });
    const first = await release(server, ["--all-pending", ...WAIT], interrupt);
    expect(first.code).toBe(130);
    expect(jsonOf(first.stdout, "outcome")).toMatchObject({
      outcome: "interrupted",
      package: null,
    });
    expect(creates(server)).toBe(0);

    const second = await release(server, ["--all-pending", ...WAIT]);
    expect(second.code).toBe(0);
    expect(jsonOf(second.stdout, "outcome")).toMatchObject({ outcome: "released", resumed: false });
    expect(creates(server)).toBe(1);
  });

  it("after a run stopped while the release was in flight, follows the package it made", async () => {
    const { server, interrupt } = await interruptedAt("createFactoryPendingItemsPackage", 1, {
      faults: [{ name: "create-timeout" }],
    });
    const first = await release(server, ["--all-pending", ...WAIT], interrupt);
    expect(first.code).toBe(130);
    expect(jsonOf(first.stdout, "outcome").outcome).toBe("interrupted");
    expect(server.state.packages).toHaveLength(1);

    const second = await release(server, ["--all-pending", ...WAIT]);
    expect(second.code).toBe(0);
    expect(jsonOf(second.stdout, "outcome")).toMatchObject({
      outcome: "released",
      resumed: true,
      package: { package_id: "100", package_name: "nightly" },
    });
    expect(second.stderr).toContain("made by an earlier run); it was not sent again");
    expect(creates(server)).toBe(1);
  });

  it("after a run stopped while waiting, prints the package as last seen, then goes on waiting", async () => {
    const { server, interrupt } = await interruptedAt("showFactoryPackageDetail", 2, {
      faults: [{ name: "hang", operation: "showFactoryPackageDetail", after: 1, times: 1 }],
    });
    const first = await release(server, ["--all-pending", ...WAIT], interrupt);
    expect(first.code).toBe(130);
    expect(jsonOf(first.stdout, "outcome")).toMatchObject({
      outcome: "interrupted",
      package: { package_id: "100", deploy_status: 1 },
      tasks: [{ pending_item_id: "4" }, { pending_item_id: "3" }],
    });
    expect(first.stderr).toContain("last seen: waiting for review");

    const second = await release(server, ["--all-pending", ...WAIT]);
    expect(second.code).toBe(0);
    expect(jsonOf(second.stdout, "outcome")).toMatchObject({ outcome: "released", resumed: true });
    expect(creates(server)).toBe(1);
  });

  it("after a run that ran out of time, goes on waiting for the same package", async () => {
    const server = await start({
      faults: [{ name: "hang", operation: "showFactoryPackageDetail", times: 1 }],
    });
    // Note: the look never answers, so a short deadline cannot end it early by mistake.
    const first = await release(server, ["--all-pending", ...WAIT, "--timeout", "300ms"]);
    expect(first.code).toBe(4);
    expect(jsonOf(first.stdout, "outcome")).toMatchObject({
      outcome: "timeout",
      package: { package_id: "100" },
    });
    const second = await release(server, ["--all-pending", ...WAIT]);
    expect(second.code).toBe(0);
    expect(creates(server)).toBe(1);
  });

  it.each([
    ["released", 0],
    ["failed", 3],
  ] as const)(
    "after the package was %s, ends as it did, sending nothing",
    async (outcome, code) => {
      const server = await start({ outcome });
      const first = await release(server, ["--all-pending", ...WAIT]);
      expect(first.code).toBe(code);
      for (const flags of [WAIT, ["--json"]]) {
        const again = await release(server, ["--all-pending", ...flags]);
        expect(again.code).toBe(code);
        expect(jsonOf(again.stdout, "outcome")).toMatchObject({
          outcome,
          resumed: true,
          package: { package_id: "100" },
        });
      }
      expect(creates(server)).toBe(1);
    },
  );
});

describe("release refuses (exit 6), naming the package in the way,", () => {
  it("a name that a package lacking some of the selected items already has", async () => {
    const server = await start();
    server.state.packages.push({
      id: "9",
      name: "nightly",
      items: [{ pending_item_id: "1" }],
      path: [2],
      looks: 0,
      applyUserId: APPLICANT,
      approvers: [APPROVER],
    });
    const run = await release(server, ["--all-pending", "--wait", "--json"]);
    expect(run.code).toBe(6);
    const document = jsonOf(run.stdout, "outcome");
    expect(document).toMatchObject({
      outcome: "duplicate",
      exit_code: 6,
      selected_items: ["4", "3"],
    });
    expect(document.conflicts).toEqual([
      {
        reason: "name-taken",
        package_id: "9",
        package_name: "nightly",
        deploy_status: 2,
        items: ["4", "3"],
        versions: [],
        unselected: [],
      },
    ]);
    expect(run.stderr).toContain(
      'refused: the name "nightly" is taken by package 9 "nightly" (released): it lacks items 4, 3; choose another --name',
    );
    expect(creates(server)).toBe(0);
  });

  it.each([
    ["--all-pending", ["--all-pending"]],
    ["--item", ["--item", "4,3"]],
  ])("items that sit in an open package of another name (%s)", async (_, flags) => {
    const server = await start();
    holdFirstItem(server);
    const run = await release(server, [...flags, "--json"]);
    expect(run.code).toBe(6);
    expect(jsonOf(run.stdout, "outcome").conflicts).toEqual([
      {
        reason: "items-held",
        package_id: "8",
        package_name: "weekly",
        deploy_status: 5,
        items: ["4"],
        versions: [],
        unselected: [],
      },
    ]);
    expect(run.stderr).toContain(
      'refused: item 4 already in package 8 "weekly" (being released): follow it with: dlf-release wait 8',
    );
    expect(creates(server)).toBe(0);
  });
});

describe("release", () => {
  it("reports nothing pending as its own outcome, exit 0, and makes no package", async () => {
    const server = await start({ pending: [] });
    const run = await release(server, ["--all-pending", ...WAIT]);
    expect(run.code).toBe(0);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "nothing-pending",
      package: null,
      selected_items: [],
    });
    expect(creates(server)).toBe(0);
  });

  it("sends items marked as packed that no open package holds, for the service to decide", async () => {
    const server = await start();
    server.state.pending[0]!.package_flag = 1;
    const run = await release(server, ["--all-pending", "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("item 4 marked as in a package, but no open package holds it");
    expect(server.calls("createFactoryPendingItemsPackage")[0]?.body).toMatchObject({
      pending_item_list: ["4", "3"],
    });
  });

  it("refuses with exit 1 an --item that is not pending", async () => {
    const server = await start();
    const run = await release(server, ["--item", "4,99", "--json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--item 99: not pending release");
    expect(jsonOf(run.stdout, "outcome").outcome).toBe("error");
    expect(creates(server)).toBe(0);
  });
});
