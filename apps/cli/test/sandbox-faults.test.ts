import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FAULTS, parseFaultRule } from "../sandbox/faults.js";
import type { StandIn } from "../sandbox/server.js";
import { serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { jsonOf } from "./support/schemas.js";
import { APPLICANT, APPROVER, clientOf, releaseArgs, useStandIn } from "./support/stand-in.js";

// The faults of `dlf-release sandbox --fault`, each as the CLI meets it: the faults of the
// gateway through a read the client retries, those of the service through what a release leaves
// behind. The CLI's verdicts on them are the release and wait tests' business; what is checked
// here is that each fault does what its help line says.

const start = useStandIn();
const lines: string[] = [];
const logged = { log: (line: string) => lines.push(line) };
const RELEASE = releaseArgs("n");
const AKSK = {
  DLF_BASE_URL: "",
  HUAWEICLOUD_SDK_AK: "FAULTSTESTAK",
  HUAWEICLOUD_SDK_SK: "faults-test-secret-key",
  HUAWEICLOUD_SDK_PROJECT_ID: "p",
  DLF_WORKSPACE: "w",
};
const akSk = (server: StandIn) => ({ ...AKSK, DLF_BASE_URL: server.url });
const ACCESS_KEYS = { accessKeys: { [AKSK.HUAWEICLOUD_SDK_AK]: AKSK.HUAWEICLOUD_SDK_SK } };

/** The stand-in with `--fault`'s values, as the sandbox parses them. */
const withFaults = (...values: string[]) =>
  start({ ...logged, ...ACCESS_KEYS, faults: values.map(parseFaultRule) });

const show = async (server: StandIn, id: string) => {
  const run = await runMain(["show", id, "--json"], serviceEnv(server.url));
  expect(run.code, run.stderr).toBe(0);
  return jsonOf(run.stdout, "show");
};
const pending = async (server: StandIn) => {
  const run = await runMain(["pending", "--json"], serviceEnv(server.url));
  expect(run.code, run.stderr).toBe(0);
  return jsonOf(run.stdout, "pending").data as Array<Record<string, unknown>>;
};
const releaseAndWait = (server: StandIn) =>
  runMain([...RELEASE, "--all-pending", "--wait", "--interval", "10ms"], serviceEnv(server.url));

describe("the gateway's faults, on the first N requests", () => {
  it.each([
    ["throttle:2", "HTTP 429 on attempt 1, trying again in 1.0s", 3],
    ["bad-gateway:1", "HTTP 502 on attempt 1", 2],
    ["unavailable:1", "HTTP 503 on attempt 1", 2],
    ["drop:1", "network on attempt 1", 2],
  ])("%s: a read is retried past it", async (fault, line, requests) => {
    lines.length = 0;
    const server = await withFaults(fault);
    const run = await runMain(["pending"], serviceEnv(server.url));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`listFactoryPendingItems: ${line}`);
    expect(server.calls("listFactoryPendingItems")).toHaveLength(requests);
    expect(lines.filter((entry) => entry.startsWith("fault "))).toHaveLength(requests - 1);
  });

  it("throttle asks for one second with Retry-After, and answers APIG.0308", async () => {
    const server = await withFaults("throttle");
    const response = await fetch(`${server.url}/v2/p/factory/pending-items`, {
      headers: { "x-auth-token": "t", workspace: "w" },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({ error_code: "APIG.0308" });
  });

  it("unavailable answers an HTML page, which the CLI reports by its status", async () => {
    const server = await withFaults("unavailable");
    const run = await runMain(["pending"], serviceEnv(server.url));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/listFactoryPendingItems failed with HTTP 503/);
    expect(run.stderr).not.toContain("<html>");
  });

  it("hang:1 holds the first request until the client's timeout, then the retry is answered", async () => {
    const server = await withFaults("hang:1");
    const run = await runMain(["--request-timeout", "2s", "pending"], serviceEnv(server.url));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("listFactoryPendingItems: timeout on attempt 1");
    expect(server.calls("listFactoryPendingItems")).toHaveLength(2);
  });

  it.each([
    ["forbidden", 403, "APIG.0302", 5],
    ["invalid-parameter", 400, "DLF.3051", 1],
    ["token-expired", 401, "APIG.0301", 5],
  ])("%s answers %i %s, never retried", async (fault, status, code, exitCode) => {
    const server = await withFaults(fault);
    const run = await runMain(["pending"], serviceEnv(server.url));
    expect(run.code).toBe(exitCode);
    expect(run.stderr).toContain(`HTTP ${status} ${code}`);
    expect(server.calls("listFactoryPendingItems")).toHaveLength(1);
  });

  it("token-expired leaves AK/SK alone, and signature-expired leaves tokens alone", async () => {
    const server = await withFaults("token-expired", "signature-expired");
    const signed = await runMain(["pending"], akSk(server));
    expect(signed.stderr).toContain("HTTP 401 APIG.0303");
    const token = await runMain(["pending"], serviceEnv(server.url));
    expect(token.stderr).toContain("HTTP 401 APIG.0301");
  });
});

describe("AK/SK signatures", () => {
  it("are checked: the right secret key passes, another is refused with APIG.0301", async () => {
    const server = await start({ ...ACCESS_KEYS });
    expect((await runMain(["pending"], akSk(server))).code).toBe(0);
    const wrong = await runMain(["pending"], { ...akSk(server), HUAWEICLOUD_SDK_SK: "wrong" });
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toContain("HTTP 401 APIG.0301");
  });

  it("bad-signature counts the refusals in a row, and more than 5 lock the AK past the fault", async () => {
    lines.length = 0;
    const server = await withFaults("bad-signature:6");
    const codes = [];
    for (let run = 0; run < 7; run += 1)
      codes.push((await runMain(["pending"], akSk(server))).code);
    expect(codes).toEqual([5, 5, 5, 5, 5, 5, 5]);
    const refusals = lines.filter((line) => line.startsWith("AK"));
    expect(refusals[0]).toBe(
      "AK/SK signature of FAULTSTESTAK refused: 1 in a row (more than 5 lock the AK for 5 minutes)",
    );
    expect(refusals.slice(5)).toEqual([
      "AK FAULTSTESTAK is locked for 5 minutes: 6 signatures refused in a row",
      "AK FAULTSTESTAK is locked for 5 minutes: 6 signatures refused in a row",
    ]);
    // Note: a token is no AK/SK signature; the lock and the fault do not touch it.
    expect((await runMain(["pending"], serviceEnv(server.url))).code).toBe(0);
  });

  it("a right signature resets the count", async () => {
    lines.length = 0;
    const server = await withFaults("bad-signature:5");
    for (let run = 0; run < 5; run += 1) await runMain(["pending"], akSk(server));
    expect((await runMain(["pending"], akSk(server))).code).toBe(0);
    expect(lines.filter((line) => line.includes("locked"))).toEqual([]);
  });
});

describe("a release whose answer is lost", () => {
  it.each([
    ["create-lost", []],
    ["create-timeout", ["--request-timeout", "2s"]],
  ])("%s makes the package, once, and the CLI finds it by name", async (fault, flags) => {
    const server = await withFaults(fault);
    const run = await runMain([...flags, ...RELEASE, "--item", "4"], serviceEnv(server.url));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('but package 100 "n" was created; it was not sent again');
    expect(server.calls("createFactoryPendingItemsPackage")).toHaveLength(1);
    expect(server.state.packages.map((pkg) => pkg.name)).toEqual(["n"]);
  });
});

describe("the service's faults", () => {
  it("task-failed: the package says released while its last task failed, whose item is pending again", async () => {
    const server = await withFaults("task-failed:1");
    await releaseAndWait(server);
    const detail = await show(server, "100");
    expect(detail.release_package.deploy_status).toBe(2);
    expect(
      detail.task_details.map((task: { deploy_status: number }) => task.deploy_status),
    ).toEqual([2, 3]);
    expect(await pending(server)).toMatchObject([{ pending_item_id: "3", package_flag: 0 }]);
  });

  it("job-start-failed: package and tasks released, the last job not started", async () => {
    const server = await withFaults("job-start-failed");
    await releaseAndWait(server);
    const { release_package, task_details } = await show(server, "100");
    expect(release_package.deploy_status).toBe(2);
    expect(task_details).toMatchObject([
      { deploy_status: 2, start_job_status: 2 },
      { deploy_status: 2, start_job_status: 3 },
    ]);
    expect(await pending(server)).toEqual([]);
  });

  it("tasks-behind: the first look at released shows the last task still being released", async () => {
    const server = await withFaults("tasks-behind");
    expect((await runMain([...RELEASE, "--all-pending"], serviceEnv(server.url))).code).toBe(0);
    // Note: release itself took the first look, at 1.
    const looks = [];
    for (let look = 0; look < 3; look += 1) looks.push(await show(server, "100"));
    expect(
      looks.map(({ release_package, task_details }) => [
        release_package.deploy_status,
        task_details.map((task: { deploy_status: number }) => task.deploy_status),
      ]),
    ).toEqual([
      [5, [2, 5]],
      [2, [2, 5]],
      [2, [2, 2]],
    ]);
    // Note: the items move on when the tasks have, not when the package first says so.
    expect(await pending(server)).toEqual([]);
  });

  it("filters-ignored: both lists answer whatever the filters ask", async () => {
    const server = await withFaults("filters-ignored");
    server.state.packages.push({ ...releasedPackage, id: "1" });
    const dlf = clientOf(server);
    expect((await dlf.listFactoryPendingItems({ submit_user_name: "nobody" })).total).toBe(2);
    expect(
      (await dlf.listFactoryReleasePackages({ deploy_status_filter: [3] })).data,
    ).toMatchObject([{ deploy_status: 2 }]);
  });

  it("newer-version: once released, the first item is pending again at the next version, same ID", async () => {
    const server = await withFaults("newer-version:1");
    expect((await releaseAndWait(server)).code).toBe(0);
    expect(await pending(server)).toMatchObject([
      {
        pending_item_id: "4",
        pending_version: 2,
        deployed_version: 1,
        update_type: 2,
        package_flag: 0,
      },
    ]);
  });
});

const releasedPackage = {
  name: "done",
  items: [],
  path: [2 as const],
  looks: 0,
  applyUserId: APPLICANT,
  approvers: [APPROVER],
};

it("every fault that --help lists has a test that names it", () => {
  const tests = readdirSync(new URL(".", import.meta.url))
    .filter((file) => file.endsWith(".test.ts"))
    .map((file) => readFileSync(new URL(file, import.meta.url), "utf8"))
    .join("\n");
  const untested = Object.keys(FAULTS).filter(
    (name) => !new RegExp(`(name: |\\[|withFaults\\()"${name}[":]`).test(tests),
  );
  expect(untested).toEqual([]);
});
