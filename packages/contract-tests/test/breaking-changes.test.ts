import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import readChangesets from "@changesets/read";
import { describe, expect, test } from "vitest";
import {
  type BreakingChangeKind,
  findBreakingChanges,
  formatBreakingChanges,
  type OpenApiDocument,
} from "../src/breaking-changes.js";
import {
  type Bump,
  checkReleaseRule,
  formatReleaseRule,
  plannedBump,
} from "../src/release-rule.js";

const require = createRequire(import.meta.url);
/** The bundled spec, spec/dist/openapi.json (written by `pnpm --filter @dlf-release/spec bundle`). */
const currentPath = require.resolve("@dlf-release/spec/openapi.json");
/** The last released version, spec/released/openapi.json (see spec/released/README.md). */
const releasedPath = join(dirname(currentPath), "..", "released", "openapi.json");

/** The repository root, where .changeset/ holds the pending changesets. */
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

const load = (path: string) => JSON.parse(readFileSync(path, "utf8")) as OpenApiDocument;
const current = load(currentPath);

const LIST_PENDING = "/v2/{project_id}/factory/pending-items"; // GET listFactoryPendingItems
const CREATE_PACKAGE = "/v2/{project_id}/factory/pending-items/package"; // POST createFactoryPendingItemsPackage
const LIST_PACKAGES = "/v2/{project_id}/factory/release-packages"; // POST listFactoryReleasePackages
const SHOW_PACKAGE = "/v2/{project_id}/factory/release-packages/{package_id}"; // GET showFactoryPackageDetail

type Obj = Record<string, unknown>;

/** The object at `keys` in `root`; throws when it is missing (the spec changed under the test). */
function at(root: unknown, ...keys: string[]): Obj {
  let node = root;
  for (const key of keys) {
    node = (node as Obj)[key];
    if (typeof node !== "object" || node === null) throw new Error(`no ${keys.join(" > ")}`);
  }
  return node as Obj;
}
const paths = (doc: Obj) => at(doc, "paths");
const schema = (doc: Obj, name: string) => at(doc, "components", "schemas", name);
const property = (doc: Obj, name: string, prop: string) =>
  at(doc, "components", "schemas", name, "properties", prop);
/** The parameter list of an operation (as $refs to #/components/parameters). */
const parameters = (doc: Obj, path: string, method: string) =>
  at(doc, "paths", path, method).parameters as { $ref: string }[];
function dropParameter(doc: Obj, path: string, method: string, component: string) {
  const list = parameters(doc, path, method);
  const index = list.findIndex((p) => p.$ref === `#/components/parameters/${component}`);
  if (index < 0) throw new Error(`${method} ${path} has no parameter ${component}`);
  list.splice(index, 1);
}

/** A deep copy of the current bundled spec, changed by `change`. */
function mutated(change: (doc: Obj) => void): OpenApiDocument {
  const doc = structuredClone(current) as Obj;
  change(doc);
  return doc;
}

describe("the release gate", () => {
  test("the spec has no breaking change against the last release, or a pending major changeset for each package made from it", async () => {
    let released: OpenApiDocument;
    try {
      released = load(releasedPath);
    } catch (error) {
      throw new Error(`cannot read the last release ${releasedPath}; see spec/released/README.md`, {
        cause: error,
      });
    }
    const result = checkReleaseRule(released, current, await readChangesets(repoRoot));
    if (!result.ok) expect.fail(formatReleaseRule(result));
  });

  test("info.version is the version of @dlf-release/spec (Changesets moves both)", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, "spec", "package.json"), "utf8"));
    expect(at(current, "info").version).toBe(manifest.version);
  });

  test("the current spec against itself reports nothing", () => {
    expect(findBreakingChanges(current, structuredClone(current))).toEqual([]);
    expect(checkReleaseRule(current, current, [])).toMatchObject({
      breaking: [],
      missing: [],
      ok: true,
    });
  });
});

interface BreakingCase {
  /** The released side, as a change to the current spec, when the break needs one (default: the current spec). */
  released?: (doc: Obj) => void;
  /** The current side, as a change to the current spec. */
  current: (doc: Obj) => void;
  kind: BreakingChangeKind;
  /** Every location the change is reported at. */
  locations: string[];
}

const breakingCases: Record<string, BreakingCase> = {
  "an operation removed": {
    current: (doc) => delete paths(doc)[SHOW_PACKAGE],
    kind: "operation-removed",
    locations: [`GET ${SHOW_PACKAGE}`],
  },
  "an operationId renamed": {
    current: (doc) => {
      at(doc, "paths", LIST_PACKAGES, "post").operationId = "listReleasePackages";
    },
    kind: "operation-removed",
    locations: [`POST ${LIST_PACKAGES}`],
  },
  "a path changed": {
    current: (doc) => {
      paths(doc)["/v2/{project_id}/factory/packages/{package_id}"] = paths(doc)[SHOW_PACKAGE];
      delete paths(doc)[SHOW_PACKAGE];
    },
    kind: "path-or-method-changed",
    locations: [`GET ${SHOW_PACKAGE}`],
  },
  "a method changed (POST to PUT)": {
    current: (doc) => {
      const item = at(doc, "paths", LIST_PACKAGES);
      item.put = item.post;
      delete item.post;
    },
    kind: "path-or-method-changed",
    locations: [`POST ${LIST_PACKAGES}`],
  },
  "a query parameter removed (item_name)": {
    current: (doc) => dropParameter(doc, LIST_PENDING, "get", "ItemName"),
    kind: "parameter-removed",
    locations: [`GET ${LIST_PENDING} query.item_name`],
  },
  "an optional header removed (X-Project-Id)": {
    current: (doc) => dropParameter(doc, SHOW_PACKAGE, "get", "XProjectId"),
    kind: "parameter-removed",
    locations: [`GET ${SHOW_PACKAGE} header.X-Project-Id`],
  },
  // the new name is optional: only the removal of the old one breaks
  "a query parameter renamed (limit to page_size)": {
    current: (doc) => {
      at(doc, "components", "parameters", "Limit").name = "page_size";
    },
    kind: "parameter-removed",
    locations: [`GET ${LIST_PENDING} query.limit`],
  },
  "a parameter moved from query to header (item_name)": {
    current: (doc) => {
      at(doc, "components", "parameters", "ItemName").in = "header";
    },
    kind: "parameter-location-changed",
    locations: [`GET ${LIST_PENDING} query.item_name`],
  },
  "an optional parameter made required (workspace on listFactoryReleasePackages)": {
    current: (doc) => {
      const list = parameters(doc, LIST_PACKAGES, "post");
      const workspace = list.find((p) => p.$ref === "#/components/parameters/WorkspaceOptional");
      if (!workspace) throw new Error("listFactoryReleasePackages has no WorkspaceOptional");
      workspace.$ref = "#/components/parameters/WorkspaceRequired";
    },
    kind: "parameter-became-required",
    locations: [`POST ${LIST_PACKAGES} header.workspace`],
  },
  "a new required query parameter": {
    current: (doc) => {
      parameters(doc, LIST_PENDING, "get").push({
        name: "region",
        in: "query",
        required: true,
        schema: { type: "string" },
      } as never);
    },
    kind: "parameter-became-required",
    locations: [`GET ${LIST_PENDING} query.region`],
  },
  "an optional request body made required": {
    released: (doc) => {
      at(doc, "paths", LIST_PACKAGES, "post", "requestBody").required = false;
    },
    current: () => {},
    kind: "request-body-became-required",
    locations: [`POST ${LIST_PACKAGES} requestBody`],
  },
  "a request field removed (key_word)": {
    current: (doc) =>
      delete at(schema(doc, "ListFactoryReleasePackagesRequest"), "properties").key_word,
    kind: "request-field-removed",
    locations: [`POST ${LIST_PACKAGES} requestBody.key_word`],
  },
  "a new required request field": {
    current: (doc) => {
      const request = schema(doc, "ListFactoryReleasePackagesRequest");
      at(request, "properties").workspace_id = { type: "string" };
      request.required = ["workspace_id"];
    },
    kind: "request-field-became-required",
    locations: [`POST ${LIST_PACKAGES} requestBody.workspace_id`],
  },
  "an optional request field made required (limit)": {
    current: (doc) => {
      schema(doc, "ListFactoryReleasePackagesRequest").required = ["limit"];
    },
    kind: "request-field-became-required",
    locations: [`POST ${LIST_PACKAGES} requestBody.limit`],
  },
  "a request type narrowed: int64 to int32 (apply_begin_time)": {
    current: (doc) => {
      property(doc, "ListFactoryReleasePackagesRequest", "apply_begin_time").format = "int32";
    },
    kind: "request-type-narrowed",
    locations: [`POST ${LIST_PACKAGES} requestBody.apply_begin_time`],
  },
  "a request type narrowed: number to integer (limit)": {
    released: (doc) => {
      const limit = property(doc, "ListFactoryReleasePackagesRequest", "limit");
      limit.type = "number";
      delete limit.format;
    },
    current: (doc) => {
      delete property(doc, "ListFactoryReleasePackagesRequest", "limit").format;
    },
    kind: "request-type-narrowed",
    locations: [`POST ${LIST_PACKAGES} requestBody.limit`],
  },
  "a request type narrowed: string to integer (key_word)": {
    current: (doc) => {
      property(doc, "ListFactoryReleasePackagesRequest", "key_word").type = "integer";
    },
    kind: "request-type-narrowed",
    locations: [`POST ${LIST_PACKAGES} requestBody.key_word`],
  },
  // DeployStatus is also returned in responses, where fewer values break nobody: one report, for the request
  "an enum value removed from a request enum (deploy_status 5)": {
    current: (doc) => {
      schema(doc, "DeployStatus").enum = [1, 2, 3];
    },
    kind: "request-type-narrowed",
    locations: [`POST ${LIST_PACKAGES} requestBody.deploy_status_filter[]`],
  },
  "a request constraint tightened (limit maximum 100 to 50)": {
    current: (doc) => {
      property(doc, "ListFactoryReleasePackagesRequest", "limit").maximum = 50;
    },
    kind: "request-type-narrowed",
    locations: [`POST ${LIST_PACKAGES} requestBody.limit`],
  },
  "a query parameter constraint tightened (limit maximum 100 to 50)": {
    current: (doc) => {
      at(doc, "components", "parameters", "Limit", "schema").maximum = 50;
    },
    kind: "request-type-narrowed",
    locations: [`GET ${LIST_PENDING} query.limit`],
  },
  "a request array capped (approver_ids maxItems 5)": {
    current: (doc) => {
      property(doc, "CreateFactoryPendingItemsPackageRequest", "approver_ids").maxItems = 5;
    },
    kind: "request-type-narrowed",
    locations: [`POST ${CREATE_PACKAGE} requestBody.approver_ids`],
  },
  "a pattern added to a request field (apply_user_name)": {
    current: (doc) => {
      property(doc, "ListFactoryReleasePackagesRequest", "apply_user_name").pattern = "^[a-z]+$";
    },
    kind: "request-type-narrowed",
    locations: [`POST ${LIST_PACKAGES} requestBody.apply_user_name`],
  },
  "additionalProperties: false added to a request": {
    current: (doc) => {
      schema(doc, "ListFactoryReleasePackagesRequest").additionalProperties = false;
    },
    kind: "request-type-narrowed",
    locations: [`POST ${LIST_PACKAGES} requestBody`],
  },
  "a response field renamed (item_name to name)": {
    current: (doc) => {
      const properties = at(schema(doc, "PendingItem"), "properties");
      properties.name = properties.item_name;
      delete properties.item_name;
    },
    kind: "response-field-removed",
    locations: [`GET ${LIST_PENDING} responses.200.data[].item_name`],
  },
  "a response field removed (script_id)": {
    current: (doc) => delete at(schema(doc, "TaskDetail"), "properties").script_id,
    kind: "response-field-removed",
    locations: [`GET ${SHOW_PACKAGE} responses.200.task_details[].script_id`],
  },
  "a response header removed (X-Request-Id of the 200)": {
    current: (doc) =>
      delete at(doc, "paths", LIST_PENDING, "get", "responses", "200", "headers")["X-Request-Id"],
    kind: "response-field-removed",
    locations: [`GET ${LIST_PENDING} responses.200 header.X-Request-Id`],
  },
  "a response type changed: int64 to string (submit_timestamp)": {
    current: (doc) => {
      const timestamp = property(doc, "PendingItem", "submit_timestamp");
      timestamp.type = "string";
      delete timestamp.format;
    },
    kind: "response-type-changed",
    locations: [`GET ${LIST_PENDING} responses.200.data[].submit_timestamp`],
  },
  "a response type widened: int32 to int64 (total)": {
    current: (doc) => {
      property(doc, "ListFactoryPendingItemsResponse", "total").format = "int64";
    },
    kind: "response-type-changed",
    locations: [`GET ${LIST_PENDING} responses.200.total`],
  },
  "an enum value added to a response enum (start_job_status 4)": {
    current: (doc) => {
      schema(doc, "StartJobStatus").enum = [2, 3, 4];
    },
    kind: "response-type-changed",
    locations: [`GET ${SHOW_PACKAGE} responses.200.task_details[].start_job_status`],
  },
  "a required response field made optional (data)": {
    current: (doc) => {
      schema(doc, "ListFactoryReleasePackagesResponse").required = ["total"];
    },
    kind: "response-type-changed",
    locations: [`POST ${LIST_PACKAGES} responses.200.data`],
  },
  "a success status replaced (200 to 201)": {
    current: (doc) => {
      const responses = at(doc, "paths", SHOW_PACKAGE, "get", "responses");
      responses["201"] = responses["200"];
      delete responses["200"];
    },
    kind: "response-status-removed",
    locations: [`GET ${SHOW_PACKAGE} responses.200`],
  },
  "an authentication alternative dropped (AK/SK on showFactoryPackageDetail)": {
    current: (doc) => {
      at(doc, "paths", SHOW_PACKAGE, "get").security = [{ IamToken: [] }];
    },
    kind: "security-changed",
    locations: [`GET ${SHOW_PACKAGE} security`],
  },
  "a security scheme changed (the token header renamed)": {
    current: (doc) => {
      at(doc, "components", "securitySchemes", "IamToken").name = "X-Token";
    },
    kind: "security-changed",
    locations: ["components.securitySchemes.IamToken"],
  },
};

describe("each kind of break is caught", () => {
  test.each(Object.entries(breakingCases))(
    "%s",
    (_name, { released, current: change, kind, locations }) => {
      const before = released ? mutated(released) : current;
      const after = mutated(change);
      const found = findBreakingChanges(before, after);
      expect(found.map(({ kind, location }) => ({ kind, location }))).toEqual(
        locations.map((location) => ({ kind, location })),
      );
      for (const change of found) expect(change.message).not.toBe("");
    },
  );
});

// Changes that callers written against the released spec do not notice.
const compatibleCases: Record<string, (doc: Obj) => void> = {
  "an optional request field added": (doc) => {
    property(doc, "ListFactoryReleasePackagesRequest", "key_word"); // the schema is there
    at(schema(doc, "ListFactoryReleasePackagesRequest"), "properties").package_name = {
      type: "string",
    };
  },
  "a response field added": (doc) => {
    at(schema(doc, "PendingItem"), "properties").workspace_id = { type: "string" };
  },
  "descriptions changed": (doc) => {
    at(doc, "info").description = "Another description.";
    schema(doc, "ReleasePackage").description = "Another description.";
    property(doc, "ListFactoryReleasePackagesRequest", "limit").description =
      "Another description.";
  },
  "a constraint loosened (the query's limit maximum 100 to 200, the body's offset minimum dropped)":
    (doc) => {
      at(doc, "components", "parameters", "Limit", "schema").maximum = 200;
      delete property(doc, "ListFactoryReleasePackagesRequest", "offset").minimum;
    },
  "a request type widened (limit int32 to int64)": (doc) => {
    property(doc, "ListFactoryReleasePackagesRequest", "limit").format = "int64";
  },
  "an operation added": (doc) => {
    paths(doc)[`${SHOW_PACKAGE}/retry`] = {
      post: {
        operationId: "retryFactoryPackage",
        parameters: [
          { $ref: "#/components/parameters/ProjectId" },
          { $ref: "#/components/parameters/PackageId" },
          { $ref: "#/components/parameters/WorkspaceRequired" },
        ],
        responses: { "204": { description: "Retried." } },
      },
    };
  },
  "a new optional query parameter": (doc) => {
    parameters(doc, LIST_PENDING, "get").push({
      name: "order",
      in: "query",
      schema: { type: "string" },
    } as never);
  },
  // Dropping a required header is not breaking: every caller sends it already and a server ignores a header it
  // does not know, so every request that was valid stays valid (a rename would add a new required parameter,
  // which is caught). Dropping an optional header is caught (see above): callers who chose to send it lose its
  // effect without noticing.
  "a required header dropped (workspace on listFactoryPendingItems)": (doc) =>
    dropParameter(doc, LIST_PENDING, "get", "WorkspaceRequired"),
  "a required parameter made optional (workspace on createFactoryPendingItemsPackage)": (doc) => {
    const list = parameters(doc, CREATE_PACKAGE, "post");
    const workspace = list.find((p) => p.$ref === "#/components/parameters/WorkspaceRequired");
    if (!workspace) throw new Error("createFactoryPendingItemsPackage has no WorkspaceRequired");
    workspace.$ref = "#/components/parameters/WorkspaceOptional";
  },
  "an enum value removed from a response-only enum (start_job_status 3)": (doc) => {
    schema(doc, "StartJobStatus").enum = [2];
  },
  "an optional response field made required (release_package_id)": (doc) => {
    schema(doc, "CreateFactoryPendingItemsPackageResponse").required = ["release_package_id"];
  },
  "an error status added (409)": (doc) => {
    at(doc, "paths", CREATE_PACKAGE, "post", "responses")["409"] = {
      $ref: "#/components/responses/BadRequest",
    };
  },
  "an authentication alternative added": (doc) => {
    at(doc, "paths", SHOW_PACKAGE, "get").security = [{ IamToken: [] }, { AkSkSignature: [] }, {}];
  },
  "examples changed": (doc) => {
    at(doc, "components", "examples", "PendingItemsEmpty").summary = "Another summary.";
  },
};

describe("compatible changes are not reported", () => {
  test.each(Object.entries(compatibleCases))("%s", (_name, change) => {
    expect(formatBreakingChanges(findBreakingChanges(current, mutated(change)))).toBe("");
  });
});

describe("the release rule", () => {
  const withoutShowPackage = () => mutated((doc) => delete paths(doc)[SHOW_PACKAGE]);
  const changeset = (releases: Record<string, Bump>) => ({
    id: "a-change",
    releases: Object.entries(releases).map(([name, type]) => ({ name, type })),
  });

  test("a breaking change with a major changeset for the spec and the client is ok", () => {
    const result = checkReleaseRule(current, withoutShowPackage(), [
      changeset({ "@dlf-release/spec": "major" }),
      changeset({ "@dlf-release/client": "major", "@dlf-release/spec": "patch" }),
    ]);
    expect(result.breaking.map((c) => c.kind)).toEqual(["operation-removed"]);
    expect(result).toMatchObject({ missing: [], ok: true });
  });

  test("a breaking change with no changeset names both packages", () => {
    const result = checkReleaseRule(current, withoutShowPackage(), []);
    expect(result).toMatchObject({
      missing: ["@dlf-release/spec", "@dlf-release/client"],
      ok: false,
    });
    expect(formatReleaseRule(result)).toContain('"@dlf-release/client": major');
    expect(formatReleaseRule(result)).toContain(`operation-removed at GET ${SHOW_PACKAGE}`);
  });

  test("a breaking change with a major for the spec only needs one for the client", () => {
    const result = checkReleaseRule(current, withoutShowPackage(), [
      changeset({ "@dlf-release/spec": "major", "@dlf-release/client": "minor" }),
    ]);
    expect(result).toMatchObject({ missing: ["@dlf-release/client"], ok: false });
  });

  test("a compatible change needs no major changeset", () => {
    const next = mutated((doc) => {
      at(schema(doc, "PendingItem"), "properties").workspace_id = { type: "string" };
    });
    expect(
      checkReleaseRule(current, next, [changeset({ "@dlf-release/spec": "minor" })]),
    ).toMatchObject({
      breaking: [],
      missing: [],
      ok: true,
    });
  });

  test("reads the changesets as Changesets writes them", async () => {
    const root = mkdtempSync(join(tmpdir(), "dlf-changesets-"));
    try {
      mkdirSync(join(root, ".changeset"));
      writeFileSync(
        join(root, ".changeset", "drop-show.md"),
        '---\n"@dlf-release/spec": major\n"@dlf-release/client": major\n---\n\nNo more showFactoryPackageDetail.\n',
      );
      writeFileSync(
        join(root, ".changeset", "docs.md"),
        '---\n"@dlf-release/client": patch\n---\n\nDocs.\n',
      );
      const changesets = await readChangesets(root);
      expect(plannedBump(changesets, "@dlf-release/client")).toBe("major");
      expect(checkReleaseRule(current, withoutShowPackage(), changesets).ok).toBe(true);
      rmSync(join(root, ".changeset", "drop-show.md"));
      expect(checkReleaseRule(current, withoutShowPackage(), await readChangesets(root)).ok).toBe(
        false,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/** Small documents for what the current spec does not use: recursive schemas, oneOf, allOf. */
describe("schema composition", () => {
  const api = (schemas: Obj, request: Obj, response: Obj): OpenApiDocument => ({
    openapi: "3.1.0",
    info: { title: "t", version: "1.0.0" },
    paths: {
      "/things": {
        post: {
          operationId: "postThing",
          requestBody: { required: true, content: { "application/json": { schema: request } } },
          responses: {
            "200": { description: "ok", content: { "application/json": { schema: response } } },
          },
        },
      },
    },
    components: { schemas },
  });
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const tree = (leaf: Obj) => ({
    Node: {
      type: "object",
      properties: { leaf, children: { type: "array", items: ref("Node") } },
    },
  });

  test("a recursive schema terminates and is compared at each level", () => {
    const before = api(tree({ type: "string" }), ref("Node"), ref("Node"));
    const after = api(tree({ type: "integer" }), ref("Node"), ref("Node"));
    const found = findBreakingChanges(before, after);
    expect(found.map((c) => `${c.kind} ${c.location}`)).toEqual([
      "request-type-narrowed POST /things requestBody.leaf",
      "request-type-narrowed POST /things requestBody.children[].leaf",
      "response-type-changed POST /things responses.200.leaf",
      "response-type-changed POST /things responses.200.children[].leaf",
    ]);
  });

  const variants = { A: { type: "string" }, B: { type: "integer" }, C: { type: "boolean" } };

  test("oneOf: a variant removed from a request, a variant added to a response", () => {
    const before = api(variants, { oneOf: [ref("A"), ref("B")] }, { oneOf: [ref("A"), ref("B")] });
    const after = api(variants, { oneOf: [ref("A")] }, { oneOf: [ref("A"), ref("B"), ref("C")] });
    expect(findBreakingChanges(before, after).map((c) => `${c.kind} ${c.location}`)).toEqual([
      "request-type-narrowed POST /things requestBody",
      "response-type-changed POST /things responses.200",
    ]);
  });

  test("oneOf: a variant added to a request, removed from a response, is compatible", () => {
    const before = api(variants, { oneOf: [ref("A")] }, { anyOf: [ref("A"), ref("B")] });
    const after = api(variants, { oneOf: [ref("A"), ref("B")] }, { anyOf: [ref("B")] });
    expect(findBreakingChanges(before, after)).toEqual([]);
  });

  test("allOf: a field removed from a member is a removed field", () => {
    const schemas = (base: Obj) => ({
      Base: base,
      Thing: { allOf: [ref("Base"), { type: "object", properties: { b: { type: "string" } } }] },
    });
    const base = { type: "object", properties: { a: { type: "string" } } };
    const before = api(schemas(base), ref("Thing"), ref("Thing"));
    const after = api(schemas({ type: "object", properties: {} }), ref("Thing"), ref("Thing"));
    expect(findBreakingChanges(before, after).map((c) => `${c.kind} ${c.location}`)).toEqual([
      "request-field-removed POST /things requestBody.a",
      "response-field-removed POST /things responses.200.a",
    ]);
  });
});
