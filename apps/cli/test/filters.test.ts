import { describe, expect, it } from "vitest";
import { serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { releaseArgs, useStandIn } from "./support/stand-in.js";

// Every filter flag reaches the wire under the API's name, with the API's value: the stand-in
// records each request as it came.

const start = useStandIn();
const RELEASE = [...releaseArgs("n"), "--dry-run"];

describe("the pending-item filters", () => {
  it.each([
    [["--submitter", "fengqijie"], { submit_user_name: "fengqijie" }],
    [["--task-type", "script"], { task_type: "2" }],
    [["--task-type", "1"], { task_type: "1" }],
    [["--update-type", "delete"], { update_type: "3" }],
    [["--item-name", "job_0242"], { item_name: "job_0242" }],
    [["--since", "2026-11-01 00:00:00"], { start_time: "2026-11-01 00:00:00" }],
    [["--until", "1764057600000"], { end_time: "1764057600000" }],
  ])("%j is sent as %j by pending and by release", async (flags, wire) => {
    const server = await start();
    for (const command of [["pending"], RELEASE]) {
      const run = await runMain([...command, ...flags], serviceEnv(server.url));
      expect(run.code, run.stderr).toBe(0);
    }
    const queries = server.calls("listFactoryPendingItems").map((call) => {
      const query = Object.fromEntries(new URL(call.url, server.url).searchParams);
      delete query.limit;
      delete query.offset;
      return query;
    });
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const query of queries) expect(query).toEqual(wire);
  });
});

describe("the package filters", () => {
  it.each([
    [["--status", "review,releasing"], { deploy_status_filter: [1, 5] }],
    [["--status", "2", "--status", "failed"], { deploy_status_filter: [2, 3] }],
    [["--applicant", "ei_dlf_l00341563"], { apply_user_name: "ei_dlf_l00341563" }],
    [["--deployer", "deployer"], { deploy_user_name: "deployer" }],
    [["--since", "2026-11-01T00:00:00Z"], { apply_begin_time: 1793491200000 }],
    [["--until", "1764057600000"], { apply_end_time: 1764057600000 }],
    [["--keyword", "nightly"], { key_word: "nightly" }],
  ])("%j is sent as %j", async (flags, wire) => {
    const server = await start();
    const run = await runMain(["packages", ...flags], serviceEnv(server.url));
    expect(run.code, run.stderr).toBe(0);
    const [call] = server.calls("listFactoryReleasePackages");
    const { limit, offset, ...body } = (call?.body ?? {}) as Record<string, unknown>;
    expect(body).toEqual(wire);
  });
});
