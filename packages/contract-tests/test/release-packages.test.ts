import { describe, expect, expectTypeOf, test } from "vitest";
import { mockClient, projectId, violations, workspace } from "./support/client.js";
import { responseExamples } from "./support/spec.js";

describe("listFactoryReleasePackages", () => {
  test.each(Object.entries(responseExamples("listFactoryReleasePackages", "200")))(
    "returns the %s example, typed",
    async (name, example) => {
      const { data, error } = await mockClient().POST("/v2/{project_id}/factory/release-packages", {
        params: { path: { project_id: projectId }, header: { workspace } },
        body: { deploy_status_filter: [1, 2], limit: 10, offset: 0 },
        headers: { Prefer: `example=${name}` },
      });
      expect(error).toBeUndefined();
      expect(data).toEqual(example);
      expectTypeOf(data!.total).toEqualTypeOf<number>();
      type Package = NonNullable<typeof data>["data"][number];
      expectTypeOf<Package["deploy_status"]>().toEqualTypeOf<1 | 2 | 3 | 5 | undefined>();
    },
  );

  test("is refused a negative offset, which the API page forbids", async () => {
    const { data, response } = await mockClient().POST(
      "/v2/{project_id}/factory/release-packages",
      { params: { path: { project_id: projectId } }, body: { offset: -1 } },
    );
    expect(data).toBeUndefined();
    expect([400, 422]).toContain(response.status);
    expect(violations(response).join("\n")).toMatch(/offset/);
  });
});

describe("showFactoryPackageDetail", () => {
  const params = { path: { project_id: projectId, package_id: "4" }, header: { workspace } };

  test.each(Object.entries(responseExamples("showFactoryPackageDetail", "200")))(
    "returns the %s example, typed",
    async (name, example) => {
      const { data, error } = await mockClient().GET(
        "/v2/{project_id}/factory/release-packages/{package_id}",
        { params, headers: { Prefer: `example=${name}` } },
      );
      expect(error).toBeUndefined();
      expect(data).toEqual(example);
      expectTypeOf(data!.release_package.package_id).toEqualTypeOf<string | undefined>();
      type Task = NonNullable<typeof data>["task_details"][number];
      expectTypeOf<Task["task_type"]>().toEqualTypeOf<1 | 2 | 3 | undefined>();
    },
  );

  test("is refused without credentials", async () => {
    const { data, response } = await mockClient({}).GET(
      "/v2/{project_id}/factory/release-packages/{package_id}",
      { params },
    );
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
  });
});
