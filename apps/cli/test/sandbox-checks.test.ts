import { afterEach, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../sandbox/server.js";
import { requestViolations, responseViolations } from "../sandbox/spec-check.js";

// The stand-in holds itself to the spec: a request or an answer that breaks it is caught.

let standIn: StandIn | undefined;
afterEach(() => standIn?.close());

describe("the stand-in checks traffic against the bundled spec", () => {
  it("refuses and records a request without the required workspace header", async () => {
    standIn = await startStandIn();
    const response = await fetch(`${standIn.url}/v2/p/factory/pending-items?limit=10`, {
      headers: { "X-Auth-Token": "t" },
    });
    expect(response.status).toBe(400);
    expect(standIn.violations).toEqual([
      "request listFactoryPendingItems: header workspace is required",
    ]);
  });

  it("finds what is wrong with a release body, a query value and an answer", () => {
    const headers = { workspace: "w" };
    const body = { apply_user_id: "u", package_name: "n", pending_item_list: ["1"] };
    const release = requestViolations({
      operationId: "createFactoryPendingItemsPackage",
      path: { project_id: "p" },
      query: new URLSearchParams(),
      headers,
      body,
    });
    expect(release.join()).toContain("must have required property 'approver_ids'");
    const query = new URLSearchParams({ limit: "101" });
    const list = requestViolations({
      operationId: "listFactoryPendingItems",
      path: { project_id: "p" },
      query,
      headers,
      body: undefined,
    });
    expect(list.join()).toContain("query limit: data must be <= 100");
    expect(
      responseViolations("showFactoryPackageDetail", 200, {
        release_package: {},
        task_details: [{ deploy_status: 4 }],
      }),
    ).not.toEqual([]);
  });
});
