import { describe, expect, it } from "vitest";
import type { StandIn } from "../sandbox/server.js";
import { serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { jsonOf } from "./support/schemas.js";
import { manyItems, manyPackages, releaseArgs, useStandIn } from "./support/stand-in.js";

// Lists longer than a page (the client asks for 100 at a time), served by a stand-in that reads
// `offset` as pages or as records: every item comes, in both modes, and a wrong guess stops a
// release instead of leaving items out.

const start = useStandIn();
const offsets = (server: StandIn, operationId: string) =>
  server.calls(operationId).map((call) => {
    const url = new URL(call.url, server.url);
    const body = call.body as { offset?: number } | undefined;
    return Number(url.searchParams.get("offset") ?? body?.offset);
  });

describe.each([
  ["page", [0, 1, 2]],
  ["record", [0, 100, 200]],
] as const)("with offset counting %ss", (mode, expected) => {
  it("pending and release --all-pending read every page", async () => {
    const server = await start({ pending: manyItems(250), offsetMode: mode });
    const env = { ...serviceEnv(server.url), DLF_OFFSET_MODE: mode };
    const listed = await runMain(["pending", "--json"], env);
    expect(listed.code).toBe(0);
    const ids = jsonOf(listed.stdout, "pending").data.map(
      (item: { pending_item_id: string }) => item.pending_item_id,
    );
    expect(ids).toEqual(manyItems(250).map((item) => item.pending_item_id));
    expect(offsets(server, "listFactoryPendingItems")).toEqual(expected);

    const run = await runMain([...releaseArgs("all"), "--all-pending"], env);
    expect(run.code).toBe(0);
    const [create] = server.calls("createFactoryPendingItemsPackage");
    expect(create?.body).toMatchObject({ pending_item_list: ids });
  });

  it("packages reads every page", async () => {
    const server = await start({ packages: manyPackages(230), offsetMode: mode });
    const run = await runMain(["packages", "--json"], {
      ...serviceEnv(server.url),
      DLF_OFFSET_MODE: mode,
    });
    expect(run.code).toBe(0);
    expect(jsonOf(run.stdout, "packages").total).toBe(230);
    expect(offsets(server, "listFactoryReleasePackages")).toEqual(expected);
  });
});

describe("a wrong --offset-mode", () => {
  it.each([
    ["page", "record", "the list of pending items repeated item 1001"],
    ["record", "page", "listed 100 of the 250 pending items that the service counts"],
  ] as const)(
    "(%s, where the service counts %ss) stops the release",
    async (mode, served, says) => {
      const server = await start({ pending: manyItems(250), offsetMode: served });
      const run = await runMain([...releaseArgs("all"), "--all-pending"], {
        ...serviceEnv(server.url),
        DLF_OFFSET_MODE: mode,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(says);
      expect(run.stderr).toContain(`try --offset-mode ${served}`);
      expect(server.calls("createFactoryPendingItemsPackage")).toEqual([]);
    },
  );
});
