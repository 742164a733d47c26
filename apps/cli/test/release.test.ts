import { describe, expect, it } from "vitest";
import type { StandIn } from "../sandbox/server.js";
import { serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { jsonOf } from "./support/schemas.js";
import { APPLICANT, APPROVER, releaseArgs, useStandIn } from "./support/stand-in.js";

// `release` against the stateful stand-in: what it sends, what the service's refusals become, and
// what it says when the one release request fails in flight. Reruns are in idempotency.test.ts.

const start = useStandIn();
const RELEASE = releaseArgs("nightly");
const release = (server: StandIn, ...flags: string[]) =>
  runMain([...RELEASE, ...flags], serviceEnv(server.url));

describe("release", () => {
  it("--all-pending --wait releases every pending item once and waits for the outcome", async () => {
    const server = await start();
    const run = await release(server, "--all-pending", "--wait", "--interval", "10ms");
    expect(run.code).toBe(0);
    const creates = server.calls("createFactoryPendingItemsPackage");
    expect(creates.map((call) => call.body)).toEqual([
      {
        apply_user_id: APPLICANT,
        package_name: "nightly",
        pending_item_list: ["4", "3"],
        approver_ids: [APPROVER],
      },
    ]);
    expect(run.stderr).toContain('created package 100 "nightly" with 2 items');
    expect(run.stderr).toContain("package 100 was released");
    expect(run.stdout).toMatch(/^status:\s+released$/m);
  });

  it("without --wait, reports the package as created after one look, and exits 0", async () => {
    const server = await start();
    const run = await release(server, "--item", "4", "--json");
    expect(run.code).toBe(0);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "created",
      exit_code: 0,
      package_name: "nightly",
      package: { package_id: "100", deploy_status: 1 },
      tasks: [{ pending_item_id: "4", deploy_status: 1 }],
      selected_items: ["4"],
      resumed: false,
      error: null,
    });
    expect(run.stderr).toContain("follow it with: dlf-release wait --name nightly");
  });

  it("--wait exits 1, not 0, when the package was released without a selected item", async () => {
    let dropped = false;
    const server = await start({
      // Note: the service drops item 3 from the package as soon as it is made.
      onRequest: (seen) => {
        if (seen.operationId !== "showFactoryPackageDetail" || dropped) return;
        server.state.packages[0]?.items.pop();
        dropped = true;
      },
    });
    const run = await release(server, "--all-pending", "--wait", "--interval", "10ms", "--json");
    expect(run.code).toBe(1);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "error",
      package: { package_id: "100", deploy_status: 2 },
    });
    expect(run.stderr).toContain(
      "package 100 was released without item 3 at version 1 of the selection: not released",
    );
  });

  it("--wait exits 3 when the new package fails", async () => {
    const server = await start({ outcome: "failed" });
    const run = await release(server, "--item", "4", "--wait", "--interval", "10ms", "--json");
    expect(run.code).toBe(3);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "failed",
      exit_code: 3,
      package: { package_id: "100", deploy_status: 3 },
    });
    expect(run.stderr).toContain("to try again, release under a new --name");
  });

  it("--dry-run prints the exact request and sends no release", async () => {
    const server = await start();
    const run = await release(server, "--item", "4", "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `POST ${server.url}/v2/my-project/factory/pending-items/package\n` +
        "content-type: application/json\nworkspace: my-workspace\nx-auth-token: (hidden)\nx-project-id: my-project\n\n" +
        `${JSON.stringify({ apply_user_id: APPLICANT, package_name: "nightly", pending_item_list: ["4"], approver_ids: [APPROVER] }, null, 2)}\n`,
    );
    const json = await release(server, "--item", "4", "--dry-run", "--json");
    expect(jsonOf(json.stdout, "outcome")).toMatchObject({
      outcome: "dry-run",
      request: { method: "POST", headers: { "x-auth-token": "(hidden)" } },
    });
    expect(server.calls("createFactoryPendingItemsPackage")).toEqual([]);
  });

  it("when the answer is lost after the package was made, says so, sends once, and goes on", async () => {
    const server = await start({
      faults: [{ name: "create-lost" }],
    });
    const run = await release(server, "--item", "4", "--wait", "--interval", "10ms");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /the release request failed in flight \(.*\), but package 100 "nightly" was created; it was not sent again/,
    );
    expect(server.calls("createFactoryPendingItemsPackage")).toHaveLength(1);
    expect(run.stderr).toContain("package 100 was released");
  });

  it.each([
    ["the request is lost before the package was made", "drop", []],
    ["the gateway answers 502", "bad-gateway", []],
    ["the request times out unanswered", "hang", ["--request-timeout", "1s"]],
  ] as const)(
    "when %s, it sends once and says that running again is safe, exit 7",
    async (_, fault, flags) => {
      const server = await start({
        faults: [{ name: fault, operation: "createFactoryPendingItemsPackage" }],
      });
      const run = await release(server, "--item", "4", "--json", ...flags);
      expect(run.code).toBe(7);
      expect(run.stderr).toContain(
        'no package "nightly" exists, so it was not created: running the same command again is safe',
      );
      expect(jsonOf(run.stdout, "outcome")).toMatchObject({
        outcome: "error",
        exit_code: 7,
        retryable: true,
      });
      expect(server.calls("createFactoryPendingItemsPackage")).toHaveLength(1);
      expect(server.state.packages).toEqual([]);
    },
  );

  it("when the package was made but the answer times out, sends once and follows it", async () => {
    const server = await start({
      faults: [{ name: "create-timeout" }],
    });
    const run = await release(server, "--item", "4", "--request-timeout", "1s", "--json");
    expect(run.code).toBe(0);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "created",
      package: { package_id: "100" },
    });
    expect(server.calls("createFactoryPendingItemsPackage")).toHaveLength(1);
  });

  it("exits 1 with the service's error code when it refuses the release", async () => {
    const server = await start({
      faults: [{ name: "invalid-parameter", operation: "createFactoryPendingItemsPackage" }],
    });
    const run = await release(server, "--item", "4", "--json");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HTTP 400 DLF.3051");
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "error",
      exit_code: 1,
      error: { status: 400, error_code: "DLF.3051" },
    });
    expect(server.calls("createFactoryPendingItemsPackage")).toHaveLength(1);
  });

  it.each([
    [401, "token-expired", "APIG.0301", "check the credentials"],
    [403, "forbidden", "APIG.0302", "lack the permission"],
  ] as const)("exits 5 when the service answers %i", async (status, kind, code, hint) => {
    const server = await start({
      faults: [{ name: kind, operation: "listFactoryReleasePackages" }],
    });
    const run = await release(server, "--item", "4", "--json");
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(`HTTP ${status} ${code}`);
    expect(run.stderr).toContain(hint);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "error",
      exit_code: 5,
      error: { status, error_code: code },
    });
    expect(server.calls("createFactoryPendingItemsPackage")).toEqual([]);
  });
});
