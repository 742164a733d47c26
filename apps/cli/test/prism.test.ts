import { describe, expect, inject, it } from "vitest";
import { example } from "../sandbox/spec-check.js";
import { runCli, serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { jsonOf } from "./support/schemas.js";
import { APPLICANT, APPROVER, releaseArgs } from "./support/stand-in.js";

// Every command against a real Prism serving the bundled spec: Prism checks each request the CLI
// sends, and answers with the spec's first example. The built bin answers --version and --help.

const env = () => serviceEnv(inject("mockUrl"));

describe("every command against the Prism sandbox", () => {
  it("pending prints the items as a table", async () => {
    const run = await runMain(["pending"], env());
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout.split("\n")[0]).toMatch(
      /^ID\s+NAME\s+TYPE\s+UPDATE\s+SUBMITTER\s+SUBMITTED\s+IN PACKAGE$/,
    );
    expect(run.stdout).toMatch(
      /^4\s+job_0242\s+job\s+new\s+fengqijie\s+2025-05-13 03:15:03Z\s+no$/m,
    );
  });

  it("pending --json prints one document with the API's field names", async () => {
    const run = await runMain(["pending", "--json"], env());
    expect(run.code).toBe(0);
    expect(jsonOf(run.stdout, "pending")).toEqual(example("PendingItemsTwoJobs"));
  });

  it("packages prints the packages with their status in words", async () => {
    const run = await runMain(
      ["packages", "--status", "failed,released", "--since", "2023-11-01"],
      env(),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^4\s+ads_supplier\S+\s+failed\s+ei_dlf_l00341563/m);
    expect(run.stdout).toMatch(/^3\s+aa_20231118143318\s+released/m);
    const json = await runMain(["packages", "--json"], env());
    expect(jsonOf(json.stdout, "packages")).toEqual(example("ReleasePackagesFailedAndSuccessful"));
  });

  it("show prints the package and its tasks", async () => {
    const run = await runMain(["show", "4"], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^status:\s+failed$/m);
    expect(run.stdout).toMatch(/^ITEM\s+NAME\s+TYPE/m);
    const json = await runMain(["show", "4", "--json"], env());
    expect(jsonOf(json.stdout, "show")).toEqual(example("PackageDetailFailedScript"));
  });

  it("release sends what Prism accepts, then reports the package as Prism shows it", async () => {
    const args = [
      "release",
      "--name",
      "nightly",
      "--approver",
      "7b71e498e75d44048c9a22dd3c54f978",
      "--apply-user",
      "f8ccc2ff3c7748e8a7bfede38ae1cffa",
      "--all-pending",
    ];
    const run = await runMain([...args, "--json"], env());
    expect(run.stderr).toContain('created package 13 "nightly" with 2 items');
    // Note: Prism answers every look with the spec's first example, a failed package.
    expect(run.code).toBe(3);
    expect(jsonOf(run.stdout, "outcome")).toMatchObject({
      outcome: "failed",
      selected_items: ["4", "3"],
      tasks: example("PackageDetailFailedScript").task_details,
    });
  });

  it("release --dry-run prints the exact request", async () => {
    const run = await runMain([...releaseArgs("n"), "--item", "4", "--dry-run", "--json"], env());
    expect(run.code).toBe(0);
    const { request } = jsonOf(run.stdout, "outcome");
    expect(request).toMatchObject({
      method: "POST",
      url: `${inject("mockUrl")}/v2/my-project/factory/pending-items/package`,
      headers: { workspace: "my-workspace", "x-auth-token": "(hidden)" },
      body: {
        apply_user_id: APPLICANT,
        package_name: "n",
        pending_item_list: ["4"],
        approver_ids: [APPROVER],
      },
    });
  });

  it("wait ends with the failed exit code on a failed package", async () => {
    const run = await runMain(["wait", "4", "--interval", "10ms"], env());
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("package 4 failed: 1 of 1 tasks failed");
    expect(run.stdout).toMatch(/^status:\s+failed$/m);
  });

  it("release --wait follows the new package to its end", async () => {
    const args = [...releaseArgs("n"), "--all-pending", "--wait", "--interval", "10ms"];
    const run = await runMain(args, env());
    // Note: Prism answers every look with the spec's first example, a failed package.
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("package 13 failed");
  });

  it("config shows the settings and where they come from", async () => {
    const run = await runMain(["config"], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^baseUrl\s+http:\/\/127\.0\.0\.1:\d+\s+env\s+DLF_BASE_URL$/m);
    expect(run.stdout).toMatch(/^token\s+\(set, hidden\)\s+env\s+DLF_TOKEN$/m);
    expect(run.stdout).not.toContain("test-token-not-a-secret");
  });

  it("--version and every command's --help with examples", async () => {
    const version = await runCli(["--version"]);
    expect(version).toMatchObject({ code: 0, stdout: "0.1.0\n" });
    for (const command of ["pending", "release", "packages", "show", "wait", "config"]) {
      const help = await runCli([command, "--help"]);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain(`Usage: dlf-release ${command}`);
      expect(help.stdout, command).toContain(`Examples:\n  $ dlf-release`);
    }
  });
});
