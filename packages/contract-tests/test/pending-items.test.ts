import { describe, expect, expectTypeOf, test } from "vitest";
import { mockClient, projectId, violations, workspace } from "./support/client.js";
import { responseExamples } from "./support/spec.js";

const params = { path: { project_id: projectId }, header: { workspace } };

describe("listFactoryPendingItems", () => {
  test.each(Object.entries(responseExamples("listFactoryPendingItems", "200")))(
    "returns the %s example, typed",
    async (name, example) => {
      const { data, error, response } = await mockClient().GET(
        "/v2/{project_id}/factory/pending-items",
        { params: { ...params, query: { limit: 10 } }, headers: { Prefer: `example=${name}` } },
      );
      expect(error).toBeUndefined();
      expect(response.status).toBe(200);
      expect(data).toEqual(example);
      expectTypeOf(data!.total).toEqualTypeOf<number>();
      type Item = NonNullable<NonNullable<typeof data>["data"]>[number];
      expectTypeOf<Item["submit_timestamp"]>().toEqualTypeOf<number | undefined>();
      expectTypeOf<Item["update_type"]>().toEqualTypeOf<1 | 2 | 3 | undefined>();
    },
  );

  test("is refused a limit above 100", async () => {
    const { data, response } = await mockClient().GET("/v2/{project_id}/factory/pending-items", {
      params: { ...params, query: { limit: 500 } },
    });
    expect(data).toBeUndefined();
    expect([400, 422]).toContain(response.status);
    expect(violations(response).join("\n")).toMatch(/limit/);
  });
});

describe("createFactoryPendingItemsPackage", () => {
  const body = {
    apply_user_id: "f8ccc2ff3c7748e8a7bfede38ae1cffa",
    package_name: "job_0948_20250513112100444444",
    pending_item_list: ["26"],
    approver_ids: ["7b71e498e75d44048c9a22dd3c54f978"],
  };

  test("releases a package and returns its id, typed", async () => {
    const [name, example] = Object.entries(
      responseExamples("createFactoryPendingItemsPackage", "200"),
    )[0]!;
    const { data, error } = await mockClient().POST(
      "/v2/{project_id}/factory/pending-items/package",
      { params, body, headers: { Prefer: `example=${name}` } },
    );
    expect(error).toBeUndefined();
    expect(data).toEqual(example);
    expectTypeOf(data!.release_package_id).toEqualTypeOf<string | undefined>();
  });

  test("is refused a body without approver_ids", async () => {
    const { approver_ids: _, ...withoutApprovers } = body;
    const { data, response } = await mockClient().POST(
      "/v2/{project_id}/factory/pending-items/package",
      // @ts-expect-error approver_ids is required
      { params, body: withoutApprovers },
    );
    expect(data).toBeUndefined();
    expect([400, 422]).toContain(response.status);
    expect(violations(response).join("\n")).toMatch(/approver_ids/);
  });
});
