import { describe, expect, it } from "vitest";
import { seedItems, seedPackages } from "../sandbox/seed.js";
import type { StandIn } from "../sandbox/server.js";
import { serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { jsonOf } from "./support/schemas.js";
import { APPLICANT, APPROVER, clientOf, useStandIn } from "./support/stand-in.js";

// What the sandbox holds when it starts, and its lists' filters applied as the spec says the
// sandbox reads them: each filter, through the CLI's flag, against the seed.

const start = useStandIn();
const seeded = () => start({ pending: seedItems(), packages: seedPackages() });

const packageNames = async (server: StandIn, ...flags: string[]) => {
  const run = await runMain(["packages", "--json", ...flags], serviceEnv(server.url));
  expect(run.code, run.stderr).toBe(0);
  return (jsonOf(run.stdout, "packages").data as Array<{ package_name: string }>).map(
    (pkg) => pkg.package_name,
  );
};

describe("the seed", () => {
  it("holds jobs and scripts, new, change and delete, of two submitters", () => {
    const items = seedItems();
    expect(new Set(items.map((item) => item.task_type))).toEqual(new Set([1, 2]));
    expect(new Set(items.map((item) => item.update_type))).toEqual(new Set([1, 2, 3]));
    expect(new Set(items.map((item) => item.submit_user_name)).size).toBe(2);
    expect(new Set(items.map((item) => item.pending_item_id)).size).toBe(items.length);
  });

  it("grows to any count, every ID its own, every kind still there", () => {
    const items = seedItems(250);
    expect(items).toHaveLength(250);
    expect(new Set(items.map((item) => item.pending_item_id)).size).toBe(250);
    expect(seedItems(2).map((item) => item.item_name)).toEqual(["job_0242", "job_0994"]);
  });

  it("has one package in each status, none holding a pending item", async () => {
    const server = await seeded();
    for (const [status, name] of [
      ["review", "review_20261207"],
      ["releasing", "weekly_20261205"],
      ["released", "nightly_20261130"],
      ["failed", "hotfix_20261202"],
    ]) {
      expect(await packageNames(server, "--status", status as string)).toEqual([name]);
    }
    const packed = seedPackages().flatMap((pkg) => pkg.items.map((item) => item.pending_item_id));
    expect(seedItems().filter((item) => packed.includes(item.pending_item_id))).toEqual([]);
  });
});

describe("the pending items' filters", () => {
  // Note: read with the client, which sends the query as given: the CLI checks the answer itself.
  it.each([
    [{}, ["job_0242", "job_0994", "dws_orders_daily", "ods_legacy_export", "dim_region_refresh"]],
    [
      { submit_user_name: "liyang" },
      ["dws_orders_daily", "ods_legacy_export", "dim_region_refresh"],
    ],
    [{ task_type: "2" }, ["dws_orders_daily", "dim_region_refresh"]],
    [{ update_type: "3" }, ["ods_legacy_export"]],
    [{ update_type: "2" }, ["dws_orders_daily"]],
    // Note: a part of the name, as the spec says the sandbox reads item_name.
    [{ item_name: "job_0" }, ["job_0242", "job_0994"]],
    [
      { start_time: "1747192503000" },
      ["dws_orders_daily", "ods_legacy_export", "dim_region_refresh"],
    ],
    [{ end_time: "2025-05-14T03:15:03Z" }, ["job_0242", "job_0994", "dws_orders_daily"]],
    [{ submit_user_name: "fengqijie", task_type: "2" }, []],
  ])("%j selects %j", async (query, names) => {
    const items = (await clientOf(await seeded()).listFactoryPendingItems(query)).data ?? [];
    expect(items.map((item) => item.item_name)).toEqual(names);
  });

  it.each([[{ start_time: "yesterday" }], [{ task_type: "job" }], [{ update_type: "4" }]])(
    "%j, which the sandbox cannot read, is refused as a bad parameter (400 DLF.3051)",
    async (query) => {
      await expect(clientOf(await seeded()).listFactoryPendingItems(query)).rejects.toMatchObject({
        status: 400,
        errorCode: "DLF.3051",
      });
    },
  );
});

describe("the packages' filters", () => {
  it.each([
    [[], ["review_20261207", "weekly_20261205", "hotfix_20261202", "nightly_20261130"]],
    [
      ["--status", "review,failed"],
      ["review_20261207", "hotfix_20261202"],
    ],
    [
      ["--applicant", "liyang"],
      ["review_20261207", "hotfix_20261202"],
    ],
    [
      ["--deployer", "zhangwei"],
      ["hotfix_20261202", "nightly_20261130"],
    ],
    [
      ["--keyword", "ly_"],
      ["weekly_20261205", "nightly_20261130"],
    ],
    [
      ["--since", "2026-12-02T00:00:00Z"],
      ["review_20261207", "weekly_20261205", "hotfix_20261202"],
    ],
    [["--until", "2026-12-02T00:00:00Z"], ["nightly_20261130"]],
  ])("%j selects %j, newest first", async (flags, names) => {
    expect(await packageNames(await seeded(), ...flags)).toEqual(names);
  });

  it("the body's other filters and its order, as the client sends them", async () => {
    const dlf = clientOf(await seeded());
    const names = async (filter: Parameters<typeof dlf.listFactoryReleasePackages>[0]) =>
      (await dlf.listFactoryReleasePackages(filter)).data.map((pkg) => pkg.package_name);
    expect(await names({ apply_user_name_filter: ["fengqijie"] })).toEqual([
      "weekly_20261205",
      "nightly_20261130",
    ]);
    expect(await names({ deploy_user_name_filter: ["nobody"] })).toEqual([]);
    expect(
      await names({ deploy_begin_time: Date.parse("2026-12-01T00:00:00Z"), limit: 10 }),
    ).toEqual(["hotfix_20261202"]);
    expect(await names({ order_column: "package_name", sorted_direction: "asc" })).toEqual([
      "hotfix_20261202",
      "nightly_20261130",
      "review_20261207",
      "weekly_20261205",
    ]);
    await expect(names({ sorted_direction: "sideways" })).rejects.toMatchObject({
      status: 400,
      errorCode: "DLF.3051",
    });
  });
});

describe("answers as the service gives them", () => {
  it("an unknown package ID is a bad parameter (400 DLF.3051), not a missing path", async () => {
    const server = await seeded();
    const run = await runMain(["show", "999"], serviceEnv(server.url));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HTTP 400 DLF.3051");
    expect(run.stderr).not.toContain("does not exist");
  });

  it("a failed package's tasks all show failed, and its items can be packed again", async () => {
    const server = await start({ outcome: "failed" });
    const release = ["release", "--approver", APPROVER, "--apply-user", APPLICANT, "--all-pending"];
    const first = await runMain(
      [...release, "--name", "first", "--wait", "--interval", "10ms", "--json"],
      serviceEnv(server.url),
    );
    expect(first.code).toBe(3);
    expect(jsonOf(first.stdout, "outcome").tasks).toMatchObject([
      { deploy_status: 3 },
      { deploy_status: 3 },
    ]);
    const listed = await runMain(["pending", "--json"], serviceEnv(server.url));
    expect(jsonOf(listed.stdout, "pending").data).toMatchObject([
      { pending_item_id: "4", package_flag: 0 },
      { pending_item_id: "3", package_flag: 0 },
    ]);
    const again = await runMain([...release, "--name", "second"], serviceEnv(server.url));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('created package 101 "second" with 2 items');
  });
});
