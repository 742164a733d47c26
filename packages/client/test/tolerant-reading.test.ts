import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createDlfClient } from "../src/index.js";
import { startFaultServer } from "./support/fault-server.js";

// Services add fields and enum values without notice. A loopback stand-in answers with what the
// spec does not list (an unknown field, task_type 3 on a pending item, deploy_status 4) and leaves
// out what the SDK models make optional: the client hands it all over as it came, and never fails.

let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

const client = () =>
  createDlfClient({
    baseUrl: server.url,
    projectId: "p1",
    workspace: "w1",
    credentials: { token: "t" },
    retry: false,
  });
const answer = (body: unknown) => server.script({ kind: "json", status: 200, body });
/** Every item of an iterator (Array.fromAsync is Node 22's). */
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const pendingItem = {
  pending_item_id: "7",
  item_name: "clean_up",
  task_type: 3,
  update_type: 9,
  release_note: "a field the spec does not know",
};
const releasePackage = {
  package_id: "4",
  deploy_status: 4,
  delete_flag: 2,
  package_approvers: [{ user_id: "u1", user_name: "ann", role: "owner" }],
  rollback_of: "3",
};

describe("an answer with fields and values the spec does not list is read as it came", () => {
  test("listFactoryPendingItems: task_type 3, update_type 9, an unknown field", async () => {
    const body = { data: [pendingItem], total: 1, next_marker: "m" };
    answer(body);
    expect(await client().listFactoryPendingItems()).toEqual(body);
  });

  test("createFactoryPendingItemsPackage: an unknown field beside the id", async () => {
    const body = { release_package_id: "9", package_name: "p", review_url: "https://x" };
    answer(body);
    const released = await client().createFactoryPendingItemsPackage({
      apply_user_id: "u",
      package_name: "p",
      pending_item_list: ["7"],
      approver_ids: ["a"],
    });
    expect(released).toEqual(body);
  });

  test("listFactoryReleasePackages: deploy_status 4, delete_flag 2, unknown fields", async () => {
    const body = { data: [releasePackage], total: 1 };
    answer(body);
    expect(await client().listFactoryReleasePackages()).toEqual(body);
  });

  test("showFactoryPackageDetail: unknown task_type, deploy_status and start_job_status", async () => {
    const body = {
      release_package: releasePackage,
      task_details: [{ task_type: 4, deploy_status: 4, start_job_status: 1, log_url: "x" }],
      audit: { by: "u1" },
    };
    answer(body);
    expect(await client().showFactoryPackageDetail("4")).toEqual(body);
  });

  test("the iterators hand over such items too", async () => {
    answer({ data: [pendingItem], total: 1 });
    answer({ data: [releasePackage], total: 1 });
    const dlf = client();
    expect(await collect(dlf.pendingItems())).toEqual([pendingItem]);
    expect(await collect(dlf.releasePackages())).toEqual([releasePackage]);
  });
});

describe("an answer without the fields the SDK models make optional is read, not refused", () => {
  test("a release-package page without data and total is an empty page", async () => {
    answer({});
    expect(await client().listFactoryReleasePackages()).toEqual({});
    answer({});
    expect(await collect(client().releasePackages())).toEqual([]);
  });

  test("a package detail without release_package and task_details", async () => {
    answer({});
    expect(await client().showFactoryPackageDetail("4")).toEqual({});
  });

  test("a package without package_approvers", async () => {
    answer({ data: [{ package_id: "4" }], total: 1 });
    expect(await collect(client().releasePackages())).toEqual([{ package_id: "4" }]);
  });
});
