import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDlfClient } from "../src/index.js";
import { type Gateway, startGateway } from "./support/gateway.js";

// Every operation, called through createDlfClient, against a gateway that verifies AK/SK
// signatures independently (node:crypto, its own canonicalisation).

let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway({
    credentials: new Map([
      ["AK-PERMANENT", { secretKey: "SK-permanent" }],
      ["AK-TEMPORARY", { secretKey: "SK-temporary", securityToken: "ST-temporary" }],
    ]),
    handler: ({ url }) => {
      if (url.includes("/release-packages/")) {
        return { json: { release_package: { package_id: "4" }, task_details: [] } };
      }
      if (url.endsWith("/package"))
        return { json: { package_name: "p", release_package_id: "13" } };
      return { json: { data: [], total: 0 }, headers: { "x-request-id": "req-1" } };
    },
  });
});
afterAll(() => gateway.close());

const clients = {
  permanent: () => ({ accessKey: "AK-PERMANENT", secretKey: "SK-permanent" }),
  temporary: () => ({
    accessKey: "AK-TEMPORARY",
    secretKey: "SK-temporary",
    securityToken: "ST-temporary",
  }),
};

describe.each(Object.entries(clients))("%s credentials", (_, credentials) => {
  const dlf = () =>
    createDlfClient({
      baseUrl: gateway.url,
      projectId: "0123456789abcdef",
      workspace: "ws 1/é",
      credentials: credentials(),
      env: {},
    });

  test("listFactoryPendingItems with every kind of query value is accepted", async () => {
    await expect(
      dlf().listFactoryPendingItems({
        submit_user_name: "张三 & co",
        item_name: "job_(1)*!'~",
        update_type: "1",
        start_time: "2025-01-01 00:00:00",
        limit: 100,
        offset: 0,
      }),
    ).resolves.toEqual({ data: [], total: 0 });
  });

  test("createFactoryPendingItemsPackage is accepted", async () => {
    await expect(
      dlf().createFactoryPendingItemsPackage({
        apply_user_id: "u",
        package_name: "名前 with spaces",
        pending_item_list: ["1", "2"],
        approver_ids: ["a"],
      }),
    ).resolves.toEqual({ package_name: "p", release_package_id: "13" });
  });

  test("listFactoryReleasePackages is accepted, with and without a filter", async () => {
    await expect(dlf().listFactoryReleasePackages()).resolves.toEqual({ data: [], total: 0 });
    await expect(
      dlf().listFactoryReleasePackages({ key_word: "ü", deploy_status_filter: [1, 5] }),
    ).resolves.toEqual({ data: [], total: 0 });
  });

  test("showFactoryPackageDetail is accepted, even for an id that needs escaping", async () => {
    await expect(dlf().showFactoryPackageDetail("4/../x y")).resolves.toMatchObject({
      release_package: { package_id: "4" },
    });
  });

  test("the iterators are accepted", async () => {
    const seen = [];
    for await (const item of dlf().pendingItems()) seen.push(item);
    for await (const pkg of dlf().releasePackages()) seen.push(pkg);
    expect(seen).toEqual([]);
  });
});
