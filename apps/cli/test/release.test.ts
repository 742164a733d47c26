import { describe, expect, it } from "vitest";
import type { StandIn } from "../sandbox/server.js";
import { statusPath } from "../sandbox/state.js";
import { runCli, serviceEnv } from "./support/run-cli.js";
import { useStandIn } from "./support/stand-in.js";

// `release` against the stateful stand-in: what it sends, what it refuses to send, and what it
// says when the one release request fails in flight.

const start = useStandIn();
const RELEASE = ["release", "--name", "nightly", "--approver", "a1", "--apply-user", "u1"];
const release = (server: StandIn, ...flags: string[]) =>
  runCli([...RELEASE, ...flags], serviceEnv(server.url));

describe("release", () => {
  it("--all-pending --wait releases every pending item once and waits for the outcome", async () => {
    const server = await start();
    const run = await release(server, "--all-pending", "--wait", "--interval", "10ms");
    expect(run.code).toBe(0);
    const creates = server.calls("createFactoryPendingItemsPackage");
    expect(creates.map((call) => call.body)).toEqual([
      {
        apply_user_id: "u1",
        package_name: "nightly",
        pending_item_list: ["4", "3"],
        approver_ids: ["a1"],
      },
    ]);
    expect(run.stderr).toContain('created package 100 "nightly" with 2 items');
    expect(run.stderr).toContain("package 100 was released");
    expect(run.stdout).toMatch(/^status:\s+released$/m);
  });

  it("--wait exits 3 when the new package fails", async () => {
    const server = await start({ outcome: "failed" });
    const run = await release(server, "--item", "4", "--wait", "--interval", "10ms", "--json");
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout).release_package).toMatchObject({
      package_id: "100",
      deploy_status: 3,
    });
  });

  it("refuses items that are already in a package, with its own exit code, sending nothing", async () => {
    const server = await start();
    server.state.pending[0]!.package_flag = 1;
    const run = await release(server, "--item", "4,3");
    expect(run.code).toBe(6);
    expect(run.stderr).toContain("refused: item 4 is already in a release package (package_flag)");
    expect(server.calls("createFactoryPendingItemsPackage")).toEqual([]);
  });

  it("leaves packed items out of --all-pending, and refuses when nothing is left", async () => {
    const server = await start();
    server.state.pending[0]!.package_flag = 1;
    const partial = await release(server, "--all-pending", "--dry-run", "--json");
    expect(partial.code).toBe(0);
    expect(partial.stderr).toContain("left out 1 items already in a package: 4");
    expect(JSON.parse(partial.stdout).body.pending_item_list).toEqual(["3"]);
    server.state.pending[1]!.package_flag = 1;
    const none = await release(server, "--all-pending");
    expect(none.code).toBe(6);
    expect(none.stderr).toContain("refused: all 2 matching items are already in a release package");
    expect(server.calls("createFactoryPendingItemsPackage")).toEqual([]);
  });

  it("refuses a name that a package waiting for review or being released has", async () => {
    const server = await start();
    const items = server.state.pendingItems().slice(0, 1);
    server.state.packages.push({
      id: "9",
      name: "nightly",
      items,
      path: statusPath("released"),
      looks: 1,
      applyUserId: "u1",
      approvers: ["a1"],
    });
    const run = await release(server, "--item", "3");
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('refused: package 9 named "nightly" is already being released');
    expect(run.stderr).toContain("dlf-release wait 9");
    expect(server.calls("createFactoryPendingItemsPackage")).toEqual([]);
  });

  it("--dry-run prints the exact request and sends no release", async () => {
    const server = await start();
    const run = await release(server, "--item", "4", "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `POST ${server.url}/v2/my-project/factory/pending-items/package\n` +
        "content-type: application/json\nworkspace: my-workspace\nx-auth-token: (hidden)\nx-project-id: my-project\n\n" +
        `${JSON.stringify({ apply_user_id: "u1", package_name: "nightly", pending_item_list: ["4"], approver_ids: ["a1"] }, null, 2)}\n`,
    );
    expect(server.calls("createFactoryPendingItemsPackage")).toEqual([]);
  });

  it("when the answer is lost after the package was made, says so, sends once, and goes on", async () => {
    const server = await start({
      faults: { createFactoryPendingItemsPackage: [{ kind: "drop-after" }] },
    });
    const run = await release(server, "--item", "4", "--wait", "--interval", "10ms");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /the release request failed in flight \(.*\), but package 100 "nightly" was created; it was not sent again/,
    );
    expect(server.calls("createFactoryPendingItemsPackage")).toHaveLength(1);
    expect(run.stderr).toContain("package 100 was released");
  });

  it("when the request is lost before the package was made, says that running again is safe", async () => {
    const server = await start({
      faults: { createFactoryPendingItemsPackage: [{ kind: "drop" }] },
    });
    const run = await release(server, "--item", "4");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'no package "nightly" exists, so it was not created: running the same command again is safe',
    );
    expect(server.calls("createFactoryPendingItemsPackage")).toHaveLength(1);
    expect(server.state.packages).toEqual([]);
  });

  it("exits 5 when the service refuses the credentials", async () => {
    const server = await start();
    const run = await runCli(["pending"], { ...serviceEnv(server.url), DLF_TOKEN: "expired" });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain("HTTP 401 APIG.0301");
    expect(run.stderr).toContain("check the credentials");
  });
});
