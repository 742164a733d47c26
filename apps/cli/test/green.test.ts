import { describe, expect, it, vi } from "vitest";
import { seedItems, seedPackages } from "../sandbox/seed.js";
import type { StandIn, StandInOptions } from "../sandbox/server.js";
import { startProgress } from "../src/commands/progress.js";
import type { PackageDetail } from "../src/commands/show.js";
import { createMessages } from "../src/output/stderr.js";
import { styleFor } from "../src/output/style.js";
import { freshHome, serviceEnv, writeConfig } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { jsonOf } from "./support/schemas.js";
import { APPLICANT, APPROVER, OTHER_USER, releaseArgs, useStandIn } from "./support/stand-in.js";

// Exit 0 means that every item the flags selected was released, at the version selected, and
// that nothing else was sent: each way the service can say otherwise, rehearsed with the
// sandbox's faults, ends red.

const start = useStandIn();
const seeded = (options: StandInOptions = {}) =>
  start({ pending: seedItems(), packages: seedPackages(), ...options });
const RELEASE = releaseArgs("n");
// Note: a bound that a correct run never meets, so that a verdict that never comes fails fast.
const WAIT = ["--wait", "--interval", "10ms", "--timeout", "30s"];

const release = (server: StandIn, ...flags: string[]) =>
  runMain([...RELEASE, ...flags, "--json"], serviceEnv(server.url));
const sentItems = (server: StandIn) =>
  server.calls("createFactoryPendingItemsPackage").map((call) => {
    const body = call.body as { pending_item_list: string[]; approver_ids: string[] };
    return body.pending_item_list;
  });

describe("the verdict reads the tasks", () => {
  it("a task that failed under a package that says released: exit 3, naming the task", async () => {
    const server = await start({ faults: [{ name: "task-failed" }] });
    const run = await release(server, "--all-pending", ...WAIT);
    expect(run.code).toBe(3);
    const document = jsonOf(run.stdout, "outcome");
    expect(document).toMatchObject({ outcome: "failed", package: { deploy_status: 2 } });
    expect(run.stderr).toContain(
      "package 100 says released, but 1 of 2 tasks failed (job_0994 (item 3): its release failed)",
    );
  });

  it("a job that failed to start: exit 3", async () => {
    const server = await start({ faults: [{ name: "job-start-failed" }] });
    const run = await release(server, "--all-pending", ...WAIT);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("job_0994 (item 3): its job failed to start");
  });

  it("tasks still moving under a released package are waited for", async () => {
    const server = await start({ faults: [{ name: "tasks-behind" }] });
    const run = await release(server, "--all-pending", ...WAIT);
    expect(run.code).toBe(0);
    // Note: 1, 5 and the released look whose last task lags, then the look where it caught up.
    expect(server.calls("showFactoryPackageDetail").length).toBeGreaterThanOrEqual(4);
    expect(jsonOf(run.stdout, "outcome").tasks).toMatchObject([
      { deploy_status: 2 },
      { deploy_status: 2 },
    ]);
  });

  it("`wait ID` and a rerun that resumes give the same verdict", async () => {
    const server = await start({ faults: [{ name: "task-failed" }] });
    await release(server, "--all-pending", ...WAIT);
    expect((await runMain(["wait", "100", ...WAIT.slice(1)], serviceEnv(server.url))).code).toBe(3);
    expect((await release(server, "--all-pending", ...WAIT)).code).toBe(3);
  });
});

describe("the flags select; the service's answer is checked", () => {
  it("--task-type script against a service that ignores it releases the scripts only, and says so", async () => {
    const server = await seeded({ faults: [{ name: "filters-ignored" }] });
    const run = await release(server, "--task-type", "script", "--dry-run");
    expect(run.code).toBe(0);
    expect(jsonOf(run.stdout, "outcome").selected_items).toEqual(["5", "8"]);
    expect(run.stderr).toContain("3 listed items do not match --task-type (4, 3, 6): left out");
  });

  it("--update-type new,change never selects a delete; several types are read unfiltered", async () => {
    const server = await seeded();
    const run = await release(server, "--update-type", "new,change", ...WAIT);
    expect(run.code).toBe(0);
    expect(sentItems(server)).toEqual([["4", "3", "5", "8"]]);
    expect(server.calls("listFactoryPendingItems")[0]?.url).not.toContain("update_type");
  });

  it("--item-name is the exact name, where the service matches a part", async () => {
    const server = await seeded();
    const run = await release(server, "--item-name", "job_0242", "--dry-run");
    expect(jsonOf(run.stdout, "outcome").selected_items).toEqual(["4"]);
  });

  it("--since and --until are compared with submit_timestamp", async () => {
    const server = await seeded({ faults: [{ name: "filters-ignored" }] });
    const run = await release(server, "--since", "2025-05-14T00:00:00Z", "--dry-run");
    expect(jsonOf(run.stdout, "outcome").selected_items).toEqual(["5", "6", "8"]);
  });

  it("--dry-run --json shows each selected item in full", async () => {
    const server = await seeded();
    const run = await release(server, "--item", "6", "--dry-run");
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "dry-run",
      dry_run: "create",
      selection: [
        {
          pending_item_id: "6",
          item_name: "ods_legacy_export",
          task_type: 1,
          update_type: 3,
          pending_version: 3,
          submit_user_name: "liyang",
        },
      ],
    });
  });

  it("the pending table makes deletes stand out", async () => {
    const server = await seeded();
    const run = await runMain(["pending"], serviceEnv(server.url));
    expect(run.stdout).toMatch(/^6 +ods_legacy_export +job +DELETE +liyang/m);
  });

  it.each([
    ["warn", 0, true],
    ["error", 1, true],
    ["ignore", 0, false],
  ] as const)("--if-nothing-pending %s: exit %i", async (mode, code, said) => {
    const server = await start();
    const run = await release(server, "--submitter", "nobody", "--if-nothing-pending", mode);
    expect(run.code).toBe(code);
    expect(jsonOf(run.stdout, "outcome").outcome).toBe("nothing-pending");
    expect(run.stderr.includes("nothing to release")).toBe(said);
    expect(sentItems(server)).toEqual([]);
  });

  it("--approver given twice is sent once", async () => {
    const server = await start();
    await runMain(
      [...RELEASE, "--approver", `${APPROVER},${APPROVER}`, "--item", "4"],
      serviceEnv(server.url),
    );
    expect(
      server
        .calls("createFactoryPendingItemsPackage")
        .map((call) => (call.body as { approver_ids: string[] }).approver_ids),
    ).toEqual([[APPROVER]]);
  });
});

describe("an item is its ID and its version", () => {
  it("a rerun after the item came back at a newer version is refused (6), naming both versions", async () => {
    const server = await start({ faults: [{ name: "newer-version" }] });
    expect((await release(server, "--all-pending", ...WAIT)).code).toBe(0);
    const rerun = await release(server, "--all-pending", ...WAIT);
    expect(rerun.code).toBe(6);
    expect(rerun.stderr).toContain(
      "item 4 is pending at version 2, and the package holds version 1",
    );
    expect(jsonOf(rerun.stdout, "outcome").conflicts).toMatchObject([
      { reason: "name-taken", package_id: "100", versions: [{ item: "4", pending: 2, held: 1 }] },
    ]);
    expect(sentItems(server)).toHaveLength(1);
  });

  it("a rerun after a success reports what the package selected", async () => {
    const server = await start();
    await release(server, "--all-pending", ...WAIT);
    const rerun = await release(server, "--all-pending", ...WAIT);
    expect(rerun.code).toBe(0);
    expect(jsonOf(rerun.stdout, "outcome")).toMatchObject({
      outcome: "released",
      resumed: true,
      selected_items: ["4", "3"],
    });
  });

  it("a rerun with other reviewers says so, in a line and in the JSON, then follows the package", async () => {
    const server = await start();
    await release(server, "--item", "4");
    const rerun = await runMain(
      [
        "release",
        "--name",
        "n",
        "--approver",
        OTHER_USER,
        "--apply-user",
        APPLICANT,
        "--item",
        "4",
        "--json",
      ],
      serviceEnv(server.url),
    );
    expect(rerun.code).toBe(0);
    const [warning] = jsonOf(rerun.stdout, "outcome").warnings;
    expect(warning).toBe(
      `package 100 was made for approvers ${APPROVER}, not --approver ${OTHER_USER}: following it as it is`,
    );
    expect(rerun.stderr).toContain(warning);
  });
});

describe("outcomes that say what happened", () => {
  it("a wait that never reached the service is an error, retryable (7), not a timeout", async () => {
    const server = await start({
      faults: [{ name: "drop", operation: "showFactoryPackageDetail" }],
    });
    await release(server, "--item", "4");
    const run = await runMain(
      ["wait", "100", "--interval", "10ms", "--timeout", "2s", "--json"],
      serviceEnv(server.url),
    );
    expect(run.code).toBe(7);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({ outcome: "error", retryable: true });
    expect(run.stderr).toContain("never reached the service while waiting for package 100");
  });

  it("a 401 after the package was made keeps the package and the selection in the JSON", async () => {
    const server = await start({
      faults: [{ name: "token-expired", operation: "showFactoryPackageDetail", after: 1 }],
    });
    const run = await release(server, "--all-pending", ...WAIT);
    expect(run.code).toBe(5);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "error",
      package: { package_id: "100" },
      selected_items: ["4", "3"],
    });
  });

  it("a dry run on a name that exists says what a run would do, and is never created", async () => {
    const server = await start();
    await release(server, "--item", "4");
    const resume = await release(server, "--item", "4", "--dry-run");
    expect(jsonOf(resume.stdout, "outcome")).toMatchObject({
      outcome: "dry-run",
      dry_run: "resume",
    });
    const refuse = await release(server, "--item", "3", "--dry-run");
    expect(refuse.code).toBe(6);
    expect(jsonOf(refuse.stdout, "outcome")).toMatchObject({
      outcome: "duplicate",
      dry_run: "refuse",
    });
    expect(sentItems(server)).toHaveLength(1);
  });

  it("with --wait, --timeout bounds the reads before the send too", async () => {
    const server = await start({
      faults: [{ name: "hang", operation: "listFactoryReleasePackages" }],
    });
    const run = await release(server, "--all-pending", "--wait", "--timeout", "2s");
    expect(run.code).toBe(4);
    expect(jsonOf(run.stdout, "outcome").outcome).toBe("timeout");
    expect(sentItems(server)).toEqual([]);
  });
});

describe("a name made for another selection", () => {
  it("a rerun whose filters select nothing the package holds is refused (6), not resumed", async () => {
    const server = await start();
    expect((await release(server, "--item", "4,3", ...WAIT)).code).toBe(0);
    const rerun = await release(server, "--submitter", "nobody", "--if-nothing-pending", "error");
    expect(rerun.code).toBe(6);
    expect(jsonOf(rerun.stdout, "outcome").conflicts).toMatchObject([
      { reason: "name-taken", unselected: ["4", "3"] },
    ]);
    expect(rerun.stderr).toContain("holds items 4, 3, which these flags do not select");
  });

  it("a package that says released with no task is not released (1)", async () => {
    const server = await start({
      alter: (operationId, body) =>
        operationId === "showFactoryPackageDetail"
          ? { ...(body as object), task_details: [] }
          : body,
    });
    const run = await release(server, "--item", "4", ...WAIT);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("package 100 says released, but holds no task: not released");
  });

  it("packages checks the filters on the answer too", async () => {
    const server = await seeded({ faults: [{ name: "filters-ignored" }] });
    const run = await runMain(
      ["packages", "--status", "released", "--json"],
      serviceEnv(server.url),
    );
    expect(jsonOf(run.stdout, "packages").data).toMatchObject([
      { package_name: "nightly_20261130" },
    ]);
    expect(run.stderr).toContain(
      "the service returned 3 packages that the filters do not match: left out",
    );
  });

  it("a wait stopped by an answer no later look changes keeps the package as last seen", async () => {
    const server = await start({
      faults: [{ name: "token-expired", operation: "showFactoryPackageDetail", after: 2 }],
    });
    await release(server, "--item", "4");
    const run = await runMain(["wait", "100", ...WAIT.slice(1), "--json"], serviceEnv(server.url));
    expect(run.code).toBe(5);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "error",
      package: { package_id: "100", deploy_status: 5 },
      tasks: [{ pending_item_id: "4" }],
    });
  });
});

describe("the lookups a verdict stands on", () => {
  it("wait --name follows the newest package of the name", async () => {
    const server = await start();
    for (const [id, appliedAt] of [
      ["5", 1_000],
      ["6", 3_000],
      ["7", 2_000],
    ] as const) {
      server.state.packages.push({
        id,
        name: "n",
        items: [],
        path: [id === "6" ? 3 : 2],
        looks: 0,
        applyUserId: APPLICANT,
        approvers: [APPROVER],
        appliedAt,
      });
    }
    const run = await runMain(
      ["wait", "--name", "n", ...WAIT.slice(1), "--json"],
      serviceEnv(server.url),
    );
    expect(jsonOf(run.stdout, "outcome").package).toMatchObject({ package_id: "6" });
  });

  it("a package the service lists whatever the status filter holds no item in the way", async () => {
    const server = await start({ faults: [{ name: "filters-ignored" }] });
    server.state.pending[0]!.package_flag = 1;
    server.state.packages.push({
      id: "5",
      name: "old",
      items: [{ ...server.state.pending[0], pending_version: 0 }],
      path: [2],
      looks: 0,
      applyUserId: APPLICANT,
      approvers: [APPROVER],
    });
    const run = await release(server, "--item", "4");
    expect(run.code, run.stderr).toBe(0);
    expect(sentItems(server)).toEqual([["4"]]);
  });

  it("an applicant from the profile that is no IAM user ID is named as the profile's", async () => {
    const server = await start();
    const home = freshHome();
    writeConfig(home, { profiles: { default: { applyUser: "not-hex" } } });
    const run = await runMain(["release", "--name", "n", "--approver", APPROVER, "--item", "4"], {
      ...serviceEnv(server.url),
      HOME: home,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the profile's applyUser: expected an IAM user ID");
  });

  it("a rerun by another applicant says so", async () => {
    const server = await start();
    await release(server, "--item", "4");
    const rerun = await runMain(
      [
        "release",
        "--name",
        "n",
        "--approver",
        APPROVER,
        "--apply-user",
        OTHER_USER,
        "--item",
        "4",
        "--json",
      ],
      serviceEnv(server.url),
    );
    expect(jsonOf(rerun.stdout, "outcome").warnings).toEqual([
      `package 100 was applied for by ${APPLICANT}, not --apply-user ${OTHER_USER}: following it as it is`,
    ]);
  });

  it("a look that times out again and again ends retryable (7)", async () => {
    // Note: the release's own look is answered; every look of the wait hangs until its timeout.
    const server = await start({
      faults: [{ name: "hang", operation: "showFactoryPackageDetail", after: 1 }],
    });
    expect((await release(server, "--item", "4")).code).toBe(0);
    const run = await runMain(
      [
        "--request-timeout",
        "300ms",
        "wait",
        "100",
        "--interval",
        "10ms",
        "--timeout",
        "3s",
        "--json",
      ],
      serviceEnv(server.url),
    );
    expect(run.code).toBe(7);
    expect(run.stderr).toMatch(/never reached the service .*failed \(timeout\)/);
  });
});

describe("the release's other paths", () => {
  it("an answer without a package ID is an error, not a package to follow", async () => {
    const server = await start({
      alter: (operationId, body) =>
        operationId === "createFactoryPendingItemsPackage" ? { package_name: "n" } : body,
    });
    const run = await release(server, "--item", "4");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "the service answered without a release_package_id: nothing to follow",
    );
  });

  it("an answer lost, and the lookup after it failing too: retryable (7), saying what a rerun finds", async () => {
    const server = await start({
      faults: [
        { name: "create-lost" },
        { name: "bad-gateway", operation: "listFactoryReleasePackages", after: 1 },
      ],
    });
    const run = await release(server, "--item", "4");
    expect(run.code).toBe(7);
    expect(run.stderr).toMatch(
      /, and looking for package "n" failed too \(.*HTTP 502.*\); running the same command again finds it if it was made/,
    );
    expect(sentItems(server)).toHaveLength(1);
  });

  it("a look after the send that fails leaves the package made, and says so", async () => {
    const server = await start({
      faults: [{ name: "bad-gateway", operation: "showFactoryPackageDetail" }],
    });
    const run = await release(server, "--item", "4");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/could not look at package 100: .*HTTP 502/);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "created",
      package: { package_id: "100", package_name: "n" },
      message: 'package 100 "n" is made; follow it with: dlf-release wait --name n',
      retryable: false,
      warnings: [],
    });
  });

  it("a signal before the send sends nothing", async () => {
    const server = await start();
    const interrupt = new AbortController();
    server.state.pending.length = 1;
    const running = runMain([...RELEASE, "--item", "4", "--json"], serviceEnv(server.url), {
      interrupt: interrupt.signal,
    });
    interrupt.abort("SIGTERM");
    const run = await running;
    expect(run.code).toBe(143);
    expect(sentItems(server)).toEqual([]);
  });

  it("a rerun with the approvers in another order gives no warning", async () => {
    const server = await start();
    await release(server, "--item", "4", "--approver", OTHER_USER);
    const rerun = await runMain(
      [
        "release",
        "--name",
        "n",
        "--approver",
        `${OTHER_USER},${APPROVER}`,
        "--apply-user",
        APPLICANT,
        "--item",
        "4",
        "--json",
      ],
      serviceEnv(server.url),
    );
    expect(jsonOf(rerun.stdout, "outcome").warnings).toEqual([]);
  });

  it("a dry run that would resume says so, and one that would create says so", async () => {
    const server = await start();
    const create = await release(server, "--item", "4", "--dry-run");
    expect(jsonOf(create.stdout, "outcome").message).toBe(
      "dry run: this is the release request; it was not sent",
    );
    await release(server, "--item", "4");
    const resume = await release(server, "--item", "4", "--dry-run");
    expect(jsonOf(resume.stdout, "outcome").message).toBe(
      'dry run: package 100 "n" holds the selected items; a run would follow it and send nothing',
    );
  });

  it("a rerun that adds an item that is not pending is refused (1) by name", async () => {
    const server = await start();
    await release(server, "--item", "4");
    const rerun = await release(server, "--item", "4,99");
    expect(rerun.code).toBe(1);
    expect(jsonOf(rerun.stdout, "outcome").message).toBe(
      "--item 99: not pending release (released already, or no such item)",
    );
  });

  it("a plain release says nothing of packed items, and needs a workspace", async () => {
    const server = await start();
    const run = await release(server, "--item", "4");
    expect(run.stderr).not.toContain("marked as in a package");
    const { DLF_WORKSPACE: _, ...env } = serviceEnv(server.url);
    const bare = await runMain([...RELEASE, "--item", "3"], env);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("--workspace");
  });

  it("an error before anything is known still names the package asked for", async () => {
    const server = await start({
      faults: [{ name: "invalid-parameter", operation: "listFactoryReleasePackages" }],
    });
    const run = await release(server, "--item", "4");
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "error",
      package_name: "n",
      exit_code: 1,
    });
  });

  it("the timeout before the send says so", async () => {
    const server = await start({
      faults: [{ name: "hang", operation: "listFactoryReleasePackages" }],
    });
    const run = await release(server, "--all-pending", "--wait", "--timeout", "1s");
    expect(jsonOf(run.stdout, "outcome").message).toMatch(
      /^timed out after 1s \(--timeout\) before the package was released \(.*\); running the same command again goes on from where it stopped$/,
    );
  });

  it("wait ID needs no workspace, and wait --name reports the name asked for", async () => {
    const server = await start();
    await release(server, "--item", "4");
    const { DLF_WORKSPACE: _, ...env } = serviceEnv(server.url);
    const run = await runMain(["wait", "100", ...WAIT.slice(1), "--json"], env);
    expect(run.code).toBe(0);
    const named = await runMain(
      ["wait", "--name", "n", ...WAIT.slice(1), "--json"],
      serviceEnv(server.url),
    );
    expect(jsonOf(named.stdout, "outcome").package_name).toBe("n");
  });
});

describe("messages", () => {
  it("a failed release names its first five failed tasks, and counts the rest", async () => {
    const server = await seeded({ outcome: "failed", pending: seedItems(7) });
    const run = await release(server, "--all-pending", ...WAIT);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /package 100 failed: 7 of 7 tasks failed \(job_0242 \(item 4\): its release failed; (.+; ){4}and 2 more\)/,
    );
    expect(jsonOf(run.stdout, "outcome").tasks).toHaveLength(7);
  });

  it("wait --name without a workspace says that names are per workspace", async () => {
    const server = await start();
    const { DLF_WORKSPACE: _, ...env } = serviceEnv(server.url);
    const run = await runMain(["wait", "--name", "n", "--timeout", "5s"], env);
    expect(run.stderr).toContain(
      "no workspace is set: --name is looked up in the default workspace, and package names are per workspace",
    );
  });
});

describe("CI logs", () => {
  it("off a terminal, the line comes again while nothing changes", async () => {
    const lines: string[] = [];
    const messages = createMessages((text) => lines.push(text), false, styleFor(false, {}));
    const progress = startProgress(messages, "7", performance.now(), 50);
    const detail = {
      release_package: { package_id: "7", package_name: "n", deploy_status: 1 },
      task_details: [],
    } as unknown as PackageDetail;
    progress.update(detail);
    progress.update(detail);
    expect(lines).toHaveLength(1);
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    progress.stop();
    expect(lines[1]).toMatch(
      /^package 7 \(n\): still waiting for review · \d+s · tasks 0\/0 done, 0 failed\n$/,
    );
  });
});
