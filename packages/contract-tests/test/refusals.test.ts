import { DlfValidationError } from "@dlf-release/client";
import { expect, test } from "vitest";
import { mockClient, projectId, violations, workspace } from "./support/client.js";
import { mockDlf } from "./support/dlf.js";

// Bad requests are refused by the client before anything is sent. What breaks the spec is refused
// by Prism too when the same request is forced past the client with the raw openapi-fetch client;
// what breaks only one of the client's own rules is taken by Prism, as the spec states no such rule.
// (An empty integer query value, which Prism takes for an absent one, is in mock-refusals.)

type Json = Record<string, unknown>;

const release: Json = {
  apply_user_id: "f8ccc2ff3c7748e8a7bfede38ae1cffa",
  package_name: "job_0948",
  pending_item_list: ["26"],
  approver_ids: ["7b71e498e75d44048c9a22dd3c54f978"],
};
const without = (body: Json, key: string) =>
  Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));

interface Case {
  /** What is wrong. */
  name: string;
  /** The field the refusal must name: the client's DlfValidationError.field ... */
  field: string;
  /** ... and a word of Prism's sl-violations. */
  prismField: string;
  /** Whose rule it breaks: the spec's (Prism refuses it too) or only the client's. */
  rule: "spec" | "client";
  viaClient: (dlf: ReturnType<typeof mockDlf>) => Promise<unknown>;
  viaRaw: (raw: ReturnType<typeof mockClient>) => Promise<{ response: Response }>;
}

const pendingItems =
  (query: Json, header: Json = { workspace }): Case["viaRaw"] =>
  (raw) =>
    raw.GET("/v2/{project_id}/factory/pending-items", {
      params: { path: { project_id: projectId }, query, header } as never,
    });
const createPackage =
  (body: Json): Case["viaRaw"] =>
  (raw) =>
    raw.POST("/v2/{project_id}/factory/pending-items/package", {
      params: { path: { project_id: projectId }, header: { workspace } },
      body: body as never,
    });
const releasePackages =
  (body: Json | undefined): Case["viaRaw"] =>
  (raw) =>
    raw.POST("/v2/{project_id}/factory/release-packages", {
      params: { path: { project_id: projectId } },
      ...(body === undefined ? {} : { body }),
    } as never);

const cases: Case[] = [
  ...[0, 101, -1, "ten"].map(
    (limit): Case => ({
      name: `listFactoryPendingItems limit ${JSON.stringify(limit)}`,
      field: "query.limit",
      prismField: "query.limit",
      rule: "spec",
      viaClient: (dlf) => dlf.listFactoryPendingItems({ limit: limit as number }),
      viaRaw: pendingItems({ limit }),
    }),
  ),
  ...[-1, 1.5].map(
    (offset): Case => ({
      name: `listFactoryPendingItems offset ${JSON.stringify(offset)}`,
      field: "query.offset",
      prismField: "query.offset",
      rule: "spec",
      viaClient: (dlf) => dlf.listFactoryPendingItems({ offset: offset as number }),
      viaRaw: pendingItems({ offset }),
    }),
  ),
  {
    name: "listFactoryPendingItems without workspace",
    field: "workspace",
    prismField: "workspace",
    rule: "spec",
    viaClient: () => mockDlf({ workspace: undefined }).listFactoryPendingItems(),
    viaRaw: pendingItems({}, {}),
  },
  ...["apply_user_id", "package_name", "pending_item_list", "approver_ids"].map(
    (key): Case => ({
      name: `createFactoryPendingItemsPackage without ${key}`,
      field: `body.${key}`,
      prismField: key,
      rule: "spec",
      viaClient: (dlf) => dlf.createFactoryPendingItemsPackage(without(release, key) as never),
      viaRaw: createPackage(without(release, key)),
    }),
  ),
  ...(
    [
      ["pending_item_list", "", "spec"],
      ["approver_ids", "", "spec"],
      ["apply_user_id", 42, "spec"],
      ["pending_item_list", [], "client"],
      ["approver_ids", [""], "client"],
      ["package_name", "", "client"],
    ] as const
  ).map(
    ([key, value, rule]): Case => ({
      name: `createFactoryPendingItemsPackage ${key} ${JSON.stringify(value)}`,
      field: `body.${key}`,
      prismField: `body.${key}`,
      rule,
      viaClient: (dlf) =>
        dlf.createFactoryPendingItemsPackage({ ...release, [key]: value } as never),
      viaRaw: createPackage({ ...release, [key]: value }),
    }),
  ),
  {
    name: "createFactoryPendingItemsPackage with an unknown field",
    field: "body.approvers",
    prismField: "approvers",
    rule: "client",
    viaClient: (dlf) =>
      dlf.createFactoryPendingItemsPackage({ ...release, approvers: ["a"] } as never),
    viaRaw: createPackage({ ...release, approvers: ["a"] }),
  },
  {
    name: "createFactoryPendingItemsPackage without workspace",
    field: "workspace",
    prismField: "workspace",
    rule: "spec",
    viaClient: () =>
      mockDlf({ workspace: undefined }).createFactoryPendingItemsPackage(release as never),
    viaRaw: (raw) =>
      raw.POST("/v2/{project_id}/factory/pending-items/package", {
        params: { path: { project_id: projectId } } as never,
        body: release as never,
      }),
  },
  ...(
    [
      ["offset", -1, "spec"],
      ["limit", "10", "spec"],
      ["limit", 2 ** 31, "spec"],
      ["deploy_begin_time", "", "spec"],
      ["apply_end_time", "1700323199999", "spec"],
      ["apply_user_name_filter", "", "spec"],
      ["deploy_user_name_filter", [1], "spec"],
      ["deploy_status_filter", "", "spec"],
      ["deploy_status_filter", [4], "spec"],
      ["deploy_status_filter", ["1"], "spec"],
      ["key_word", 7, "spec"],
      ["keyword", "typo", "client"],
    ] as const
  ).map(
    ([key, value, rule]): Case => ({
      name: `listFactoryReleasePackages ${key} ${JSON.stringify(value)}`,
      field: `filter.${key}`,
      prismField: key,
      rule,
      viaClient: (dlf) => dlf.listFactoryReleasePackages({ [key]: value } as never),
      viaRaw: releasePackages({ [key]: value }),
    }),
  ),
];

// Note: the client's own refusal of each (and its message) is tested in the client's package; here
// its verdict on whose rule it is must agree with Prism's reading of the spec.
test.each(cases)("$name: the client calls it the $rule's rule, and Prism agrees", async (c) => {
  let sent = 0;
  const dlf = mockDlf({
    fetch: (request) => {
      sent++;
      return fetch(request);
    },
  });
  const error = await c.viaClient(dlf).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DlfValidationError);
  expect(error).toMatchObject({ field: c.field, rule: c.rule });
  expect(sent).toBe(0);
  const { response } = await c.viaRaw(mockClient());
  if (c.rule === "spec") {
    expect([400, 422]).toContain(response.status);
    expect(violations(response).join("\n")).toContain(c.prismField);
  } else {
    expect(violations(response)).toEqual([]);
    expect(response.status).toBe(200);
  }
});

// Constraints that no source states are gone from the spec and the client: such values are sent,
// and the mock takes them.
test.each([
  ["a release-package limit above 100", { limit: 500 }],
  ["a release-package limit of 0", { limit: 0 }],
  ["a negative time", { apply_begin_time: -1, deploy_end_time: -5 }],
  ["an empty key word", { key_word: "" }],
])("%s is sent and taken", async (_, filter) => {
  const sent: Request[] = [];
  const dlf = mockDlf({
    fetch: (request) => {
      sent.push(request.clone());
      return fetch(request);
    },
  });
  await expect(dlf.listFactoryReleasePackages(filter)).resolves.toHaveProperty("data");
  expect(await Promise.all(sent.map((request) => request.json()))).toEqual([filter]);
});

test("Prism refuses listFactoryReleasePackages without a body", async () => {
  const { response } = await releasePackages(undefined)(mockClient());
  expect([400, 422]).toContain(response.status);
  expect(violations(response).join("\n")).toMatch(/Body parameter is required/);
});

test.each(["listFactoryPendingItems", "showFactoryPackageDetail"] as const)(
  "Prism refuses %s without credentials",
  async (operationId) => {
    const raw = mockClient({});
    const { response } =
      operationId === "listFactoryPendingItems"
        ? await pendingItems({})(raw)
        : await raw.GET("/v2/{project_id}/factory/release-packages/{package_id}", {
            params: { path: { project_id: projectId, package_id: "4" } },
          });
    expect(response.status).toBe(401);
  },
);
