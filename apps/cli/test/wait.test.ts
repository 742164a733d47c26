import { describe, expect, it, vi } from "vitest";
import { collectGarbage } from "../../../packages/client/test/support/gc.js";
import type { StandIn, StandInOptions } from "../sandbox/server.js";
import { serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { jsonOf } from "./support/schemas.js";
import { addPackage, useStandIn } from "./support/stand-in.js";

// `wait` against the stateful stand-in: a package moves one status per look, so the outcome and
// the progress lines depend on the number of looks, never on how fast the machine is.

const start = useStandIn();

/** A stand-in with package 7 (items 4 and 3), just created, two looks in each status. */
async function withPackage(outcome: "released" | "failed", options: StandInOptions = {}) {
  const standIn = await start(options);
  addPackage(standIn, outcome, 2);
  return standIn;
}

const wait = (standIn: StandIn, ...flags: string[]) =>
  runMain(["wait", "7", "--interval", "10ms", ...flags], serviceEnv(standIn.url));

describe("wait", () => {
  it("follows a package from review to released and exits 0", async () => {
    const server = await withPackage("released");
    const run = await wait(server);
    expect(run.code).toBe(0);
    expect(server.calls("showFactoryPackageDetail")).toHaveLength(5);
    // Note: off a terminal, one plain line per change and no escape code.
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(
        /^package 7 \(nightly\): waiting for review · \d+s · tasks 0\/2 done, 0 failed$/,
      ),
      expect.stringMatching(
        /^package 7 \(nightly\): being released · \d+s · tasks 1\/2 done, 0 failed$/,
      ),
      expect.stringMatching(/^package 7 \(nightly\): released · \d+s · tasks 2\/2 done, 0 failed$/),
      "package 7 was released",
    ]);
    expect(run.stderr).not.toContain("\x1b");
    expect(run.stdout).toMatch(/^status:\s+released$/m);
  });

  it("exits 3 when the package fails, and --json prints the outcome with the last answer", async () => {
    const server = await withPackage("failed");
    const run = await wait(server, "--json");
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("package 7 failed: 2 of 2 tasks failed");
    const document = jsonOf(run.stdout, "outcome");
    expect(document).toMatchObject({ outcome: "failed", exit_code: 3, package_name: "nightly" });
    expect(document.package).toMatchObject({ package_id: "7", deploy_status: 3 });
    expect(document.tasks.map((task: { deploy_status: number }) => task.deploy_status)).toEqual([
      3, 3,
    ]);
  });

  it("--name follows the newest package of that name, and says when there is none", async () => {
    const server = await withPackage("released");
    server.state.packages.push({
      ...server.state.packages[0]!,
      id: "6",
      path: [3],
      appliedAt: 1764057600000 - 86_400_000,
    });
    const run = await runMain(
      ["wait", "--name", "nightly", "--interval", "10ms", "--json"],
      serviceEnv(server.url),
    );
    expect(run.code).toBe(0);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "released",
      package: { package_id: "7" },
    });
    const none = await runMain(["wait", "--name", "weekly", "--json"], serviceEnv(server.url));
    expect(none.code).toBe(1);
    expect(jsonOf(none.stdout, "outcome")).toMatchObject({
      outcome: "not-found",
      package_name: "weekly",
      package: null,
    });
    expect(none.stderr).toContain('no package is named "weekly"');
  });

  it("exits 4 when the package is still waiting at --timeout", async () => {
    const server = await withPackage("released");
    server.state.packages[0]!.path = [1];
    const run = await wait(server, "--timeout", "500ms");
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(
      "timed out after 500ms (--timeout): package 7 was neither released nor failed",
    );
  });

  it("waits as long as a 429 asks (Retry-After), reports it, and goes on", async () => {
    const server = await withPackage("released", {
      faults: [{ name: "throttle", operation: "showFactoryPackageDetail", after: 1, times: 1 }],
    });
    const run = await wait(server);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "showFactoryPackageDetail: HTTP 429 on attempt 1, trying again in 1.0s",
    );
    expect(server.calls("showFactoryPackageDetail")).toHaveLength(6);
  });

  it("rides out a burst of 502s longer than the client's retries, and reports it", async () => {
    const server = await withPackage("released", {
      faults: [{ name: "bad-gateway", operation: "showFactoryPackageDetail", after: 1, times: 5 }],
    });
    const run = await wait(server);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("showFactoryPackageDetail: HTTP 502 on attempt 1");
    expect(run.stderr).toMatch(
      /still waiting; the last look failed: showFactoryPackageDetail failed with HTTP 502 APIG\.0202/,
    );
    expect(run.stderr).toContain("package 7 was released");
  });

  it("rides out dropped connections beyond the client's retries, and reports it", async () => {
    const server = await withPackage("released", {
      faults: [{ name: "drop", operation: "showFactoryPackageDetail", after: 1, times: 5 }],
    });
    const run = await wait(server);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /still waiting; the last look failed: showFactoryPackageDetail failed \(network\)/,
    );
    expect(run.stderr).toContain("package 7 was released");
  });

  it("stops at the first answer that no later look can change, with exit 1", async () => {
    const server = await withPackage("released");
    const run = await runMain(
      ["wait", "99", "--interval", "10ms", "--timeout", "5s"],
      serviceEnv(server.url),
    );
    expect(run.code).toBe(1);
    // Note: the service refuses an ID it does not know as a bad parameter.
    expect(run.stderr).toContain("HTTP 400 DLF.3051");
    expect(server.calls("showFactoryPackageDetail")).toHaveLength(1);
  });

  it("ends a hung request at --timeout with exit 4, a garbage collection in between", async () => {
    const server = await withPackage("released", {
      faults: [{ name: "hang", operation: "showFactoryPackageDetail" }],
    });
    // Note: the request never answers, so a short deadline cannot end it early by mistake.
    const running = wait(server, "--timeout", "3s");
    await vi.waitFor(() => expect(server.calls("showFactoryPackageDetail")).toHaveLength(1), {
      timeout: 60_000,
    });
    collectGarbage();
    const run = await running;
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("timed out after 3s (--timeout)");
    expect(server.calls("showFactoryPackageDetail")).toHaveLength(1);
  });
});
