import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DlfClient, OperationName } from "@dlf-release/client";
import { startMock } from "@dlf-release/spec/mock";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { projectId, workspace } from "./support/client.js";
import { mockDlf } from "./support/dlf.js";
import {
  createResponseValidator,
  strictSpecValidator,
  validateResponse,
  validatingFetch,
} from "./support/response-validator.js";
import { deref, spec } from "./support/spec.js";

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON, walked by key
type Node = Record<string, any>;
const bundled = spec as unknown as Node;

/** Every named example of every response of a document: [operationId, status, media type, name, value]. */
function responseExamples(document: Node): [string, string, string, string, unknown][] {
  const follow = (node: Node): Node => {
    let current = node;
    while (typeof current.$ref === "string") {
      current = (current.$ref as string)
        .slice(2)
        .split("/")
        .reduce((at: Node, key) => at[key.replaceAll("~1", "/").replaceAll("~0", "~")], document);
    }
    return current;
  };
  return Object.values(document.paths as Record<string, Node>).flatMap((item) =>
    Object.values(item).flatMap((op: Node) =>
      Object.entries(op.responses as Record<string, Node>).flatMap(([status, response]) =>
        Object.entries((follow(response).content ?? {}) as Record<string, Node>).flatMap(
          ([mediaType, media]) =>
            Object.entries((media.examples ?? {}) as Record<string, Node>).map(
              ([name, example]) =>
                [op.operationId, status, mediaType, name, follow(example).value] as [
                  string,
                  string,
                  string,
                  string,
                  unknown,
                ],
            ),
        ),
      ),
    ),
  );
}

const examples = responseExamples(bundled);
const example = (operationId: string, status: string, name: string) => {
  const found = examples.find((e) => e[0] === operationId && e[1] === status && e[3] === name);
  if (!found) throw new Error(`no example ${name} for ${operationId} ${status}`);
  return structuredClone(found[4]) as Node;
};

describe("the examples of the spec", () => {
  test("cover a success response of every operation", () => {
    const operationIds = Object.values(bundled.paths as Record<string, Node>).flatMap((item) =>
      Object.values(item).map((op: Node) => op.operationId as string),
    );
    const withSuccessExample = new Set(examples.filter((e) => e[1] === "200").map((e) => e[0]));
    expect([...withSuccessExample].sort()).toEqual(operationIds.sort());
  });

  test.each(examples)(
    "%s %s (%s): the %s example matches its schema",
    (...[op, status, type, , value]) => {
      expect(validateResponse(op, status, type, value)).toEqual([]);
    },
  );
});

describe("validateResponse", () => {
  test("names the bad value of a body that breaks its schema, by JSON pointer", () => {
    const body = example("listFactoryPendingItems", "200", "twoJobs");
    body.total = "2";
    body.data[1].update_type = 4;
    expect(validateResponse("listFactoryPendingItems", 200, "application/json", body)).toEqual([
      "/data/1/update_type must be equal to one of the allowed values (1, 2, 3)",
      "/total must be integer",
    ]);
  });

  test("checks the int32 and int64 formats as ranges", () => {
    const body = example("listFactoryPendingItems", "200", "twoJobs");
    body.data[0].pending_version = 2 ** 31;
    body.data[0].submit_timestamp = 2 ** 53;
    expect(validateResponse("listFactoryPendingItems", 200, "application/json", body)).toEqual([
      '/data/0/pending_version must match format "int32"',
      '/data/0/submit_timestamp must match format "int64"',
    ]);
  });

  test("checks error bodies against the schema of their status", () => {
    const body = example("showFactoryPackageDetail", "401", "apigTokenInvalid");
    delete body.request_id;
    expect(validateResponse("showFactoryPackageDetail", 401, "application/json", body)).toEqual([
      "/ must have required property 'request_id'",
    ]);
  });

  test("refuses a status that the operation does not document", () => {
    expect(validateResponse("listFactoryPendingItems", 418, "application/json", {})).toEqual([
      expect.stringMatching(/^status 418 is not documented for listFactoryPendingItems/),
    ]);
  });

  test("refuses a content type that the response does not document", () => {
    const errors = validateResponse("listFactoryPendingItems", 200, "text/html", "<p>hi</p>");
    expect(errors).toEqual([expect.stringMatching(/content type "text\/html" is not documented/)]);
  });

  test("reads the media type without its parameters", () => {
    const body = example("listFactoryPendingItems", "200", "empty");
    expect(
      validateResponse("listFactoryPendingItems", 200, "application/json; charset=utf-8", body),
    ).toEqual([]);
  });
});

describe("the strict reading", () => {
  test("reports a field the spec does not list, at every depth, which the spec's own reading lets pass", () => {
    const body = example("showFactoryPackageDetail", "200", "successfulJob");
    body.review_url = "https://example.com";
    body.release_package.package_approvers[0].email = "a@example.com";
    body.task_details[0].risk_level = "low";
    expect(validateResponse("showFactoryPackageDetail", 200, "application/json", body)).toEqual([]);
    expect(
      strictSpecValidator.validateResponse(
        "showFactoryPackageDetail",
        200,
        "application/json",
        body,
      ),
    ).toEqual([
      "/ must NOT have additional properties (review_url)",
      "/release_package/package_approvers/0 must NOT have additional properties (email)",
      "/task_details/0 must NOT have additional properties (risk_level)",
    ]);
  });

  test("passes every example of the spec", () => {
    for (const [operationId, status, mediaType, , value] of examples) {
      expect(strictSpecValidator.validateResponse(operationId, status, mediaType, value)).toEqual(
        [],
      );
    }
  });
});

describe("validatingFetch", () => {
  const answering =
    (status: number, body: string, contentType = "application/json") =>
    async () =>
      new Response(body, { status, headers: { "content-type": contentType } });
  const request = (method: string, path: string) =>
    new Request(`http://mock.invalid${path}`, { method });

  test("finds the operation by method and path template, and records a bad body", async () => {
    const fetch = validatingFetch(answering(200, '{"data":[]}'));
    const response = await fetch(request("GET", "/prefix/v2/p1/factory/release-packages/7"));
    expect(await response.json()).toEqual({ data: [] });
    expect(fetch.checks).toEqual([
      {
        operationId: "showFactoryPackageDetail",
        method: "GET",
        path: "/prefix/v2/p1/factory/release-packages/7",
        status: 200,
        contentType: "application/json",
        errors: [
          "/ must have required property 'release_package'",
          "/ must have required property 'task_details'",
        ],
      },
    ]);
    expect(fetch.violations).toEqual(fetch.checks);
  });

  test("records a body that is not JSON, and a path that no operation has", async () => {
    const fetch = validatingFetch(answering(200, "<html>"));
    await fetch(request("POST", "/v2/p1/factory/release-packages"));
    await fetch(request("GET", "/v2/p1/factory/packages"));
    expect(fetch.violations.map((check) => [check.operationId, check.errors])).toEqual([
      ["listFactoryReleasePackages", ["the body is not valid JSON: <html>"]],
      [undefined, ["no operation of the spec answers GET /v2/p1/factory/packages"]],
    ]);
  });

  test("keeps a valid body and records no violation", async () => {
    const body = JSON.stringify(
      example("createFactoryPendingItemsPackage", "200", "packageCreated"),
    );
    const fetch = validatingFetch(answering(200, body));
    const response = await fetch(request("POST", "/v2/p1/factory/pending-items/package"));
    expect(await response.text()).toBe(body);
    expect(fetch.checks.map((check) => check.operationId)).toEqual([
      "createFactoryPendingItemsPackage",
    ]);
    expect(fetch.violations).toEqual([]);
  });
});

// OpenAPI 3.1 schemas are JSON Schema 2020-12. Prism validates them with draft-07 rules, which
// know nothing of unevaluatedProperties or dependentRequired and skip them, unless the document
// declares `jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema`, as ours does. A copy of
// the spec is tightened with such keywords, and a body that breaks only one of them is shown to
// Ajv 2020 (our second opinion), to Ajv in draft-07 mode, and to Prism.
interface ThreeOneRule {
  keyword: string;
  schema: string;
  add: Node;
  operationId: OperationName;
  method: "get" | "post";
  path: string;
  /** A success body that breaks only the added keyword. */
  breaking: () => Node;
  error: string;
}
const rules: ThreeOneRule[] = [
  {
    keyword: "unevaluatedProperties",
    schema: "PendingItem",
    add: { unevaluatedProperties: false },
    operationId: "listFactoryPendingItems",
    method: "get",
    path: "/v2/{project_id}/factory/pending-items",
    breaking: () => {
      const body = example("listFactoryPendingItems", "200", "twoJobs");
      body.data[0].release_note = "not a property of PendingItem";
      return body;
    },
    error: "/data/0 must NOT have unevaluated properties (release_note)",
  },
  {
    keyword: "dependentRequired",
    schema: "ReleasePackage",
    add: { dependentRequired: { deploy_timestamp: ["deploy_user_name"] } },
    operationId: "listFactoryReleasePackages",
    method: "post",
    path: "/v2/{project_id}/factory/release-packages",
    breaking: () => {
      const body = example("listFactoryReleasePackages", "200", "failedAndSuccessful");
      delete body.data[1].deploy_user_name;
      return body;
    },
    error: "/data/1 must have property deploy_user_name when property deploy_timestamp is present",
  },
];
/** A request body that breaks only an unevaluatedProperties rule added to its schema. */
const requestRule = {
  schema: "ListFactoryReleasePackagesRequest",
  path: rules[1]!.path,
  body: { key_word: "x", release_note: "not a filter" },
};

/** The bundled spec with every rule's keyword added, each breaking body as a named example. */
function tightenedSpec(): Node {
  const document = structuredClone(bundled);
  for (const rule of rules) {
    Object.assign(document.components.schemas[rule.schema], rule.add);
    const media =
      document.paths[rule.path][rule.method].responses["200"].content["application/json"];
    media.examples[`breaks_${rule.keyword}`] = { value: rule.breaking() };
  }
  document.components.schemas[requestRule.schema].unevaluatedProperties = false;
  return document;
}

test("the spec declares the JSON Schema 2020-12 dialect, so that Prism checks with its rules", () => {
  expect(bundled.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
});

describe("a response breaking a 3.1-only rule is caught", () => {
  const document = tightenedSpec();
  const tightened = createResponseValidator(document);
  const draft07 = new Ajv({ strict: false, logger: false }).addSchema(
    document,
    "urn:dlf-release:tightened",
  );
  const draft07Validate = (rule: ThreeOneRule, body: unknown) => {
    const schema = document.paths[rule.path][rule.method].responses["200"].content[
      "application/json"
    ].schema.$ref as string;
    const validate = draft07.compile({ $ref: `urn:dlf-release:tightened${schema}` });
    return validate(body) ? [] : validate.errors;
  };

  test("the examples of the spec still pass the tightened schemas", () => {
    for (const [op, status, type, , value] of examples) {
      expect(tightened.validateResponse(op, status, type, value), `${op} ${status}`).toEqual([]);
    }
  });

  test.each(rules.map((rule) => [rule.keyword, rule] as const))(
    "ajv 2020 refuses a body that breaks %s, which draft-07 rules accept",
    (_, rule) => {
      const body = rule.breaking();
      expect(tightened.validateResponse(rule.operationId, 200, "application/json", body)).toEqual([
        rule.error,
      ]);
      expect(validateResponse(rule.operationId, 200, "application/json", body)).toEqual([]);
      expect(draft07Validate(rule, body)).toEqual([]);
    },
  );

  // Note: without the dialect, Prism serves these bodies and takes the request without a word (as
  // the draft-07 Ajv above does); the spec-declares-the-dialect test keeps it from going.
  describe("by prism --errors on the tightened spec", () => {
    let prism: { url: string; stop: () => Promise<void> };
    let directory: string;
    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), "dlf-tightened-"));
      const file = join(directory, "openapi.json");
      await writeFile(file, JSON.stringify(tightenedSpec()));
      prism = await startMock({ spec: file });
    });
    afterAll(async () => {
      await prism?.stop();
      if (directory) await rm(directory, { recursive: true, force: true });
    });

    // Note: how the suite starts each Prism (prism-start.test.ts has the failures).
    test("runs beside the suite's mock, on a free port of its own read from Prism's ready line", () => {
      const [suite, own] = [inject("mockUrl"), prism.url].map((url) => new URL(url));
      expect(own!.hostname).toBe("127.0.0.1");
      expect(own!.port).not.toBe(suite!.port);
      expect(own!.port).not.toBe("4010");
    });

    const call = (
      rule: Pick<ThreeOneRule, "method" | "path">,
      prefer: string,
      body: unknown = {},
    ) =>
      fetch(prism.url + rule.path.replace("{project_id}", projectId), {
        method: rule.method.toUpperCase(),
        headers: {
          "X-Auth-Token": "mock-token",
          workspace,
          "content-type": "application/json",
          Prefer: prefer,
        },
        ...(rule.method === "post" ? { body: JSON.stringify(body) } : {}),
      });

    test.each(rules.map((rule) => [rule.keyword, rule] as const))(
      "flags a body that breaks %s",
      async (_, rule) => {
        const answer = await call(rule, `example=breaks_${rule.keyword}`);
        expect(answer.status).toBe(500);
        expect(answer.headers.get("sl-violations")).toContain(rule.keyword);
      },
    );

    test("refuses a request body that breaks unevaluatedProperties", async () => {
      const answer = await call(
        { method: "post", path: requestRule.path },
        "code=200",
        requestRule.body,
      );
      expect(answer.status).toBe(400);
      expect(answer.headers.get("sl-violations")).toContain("release_note");
    });
  });
});

describe("through createDlfClient and validatingFetch against the mock", () => {
  const requestExample = (operationId: string, name: string) => {
    for (const item of Object.values(bundled.paths as Record<string, Node>)) {
      for (const op of Object.values(item) as Node[]) {
        if (op.operationId !== operationId) continue;
        return deref<Node>(op.requestBody.content["application/json"].examples[name]).value as Node;
      }
    }
    throw new Error(`no request example ${name} for ${operationId}`);
  };
  const parameterExample = (name: string) =>
    deref<Node>({ $ref: `#/components/parameters/${name}` }).example as string | number;
  const calls: Record<OperationName, (dlf: DlfClient) => Promise<unknown>> = {
    listFactoryPendingItems: (dlf) =>
      dlf.listFactoryPendingItems({
        limit: parameterExample("Limit") as number,
        offset: parameterExample("Offset") as number,
      }),
    createFactoryPendingItemsPackage: (dlf) =>
      dlf.createFactoryPendingItemsPackage(
        requestExample("createFactoryPendingItemsPackage", "releaseOnePendingItem") as never,
      ),
    listFactoryReleasePackages: (dlf) =>
      dlf.listFactoryReleasePackages(
        requestExample("listFactoryReleasePackages", "filterByStatus") as never,
      ),
    showFactoryPackageDetail: (dlf) =>
      dlf.showFactoryPackageDetail(parameterExample("PackageId") as string),
  };
  const client = (prefer: string) => {
    const fetch = validatingFetch();
    return { dlf: mockDlf({ prefer, fetch }), fetch };
  };

  test.each(Object.keys(calls) as OperationName[])(
    "%s: 20 bodies that prism generates from the schema validate with no violation",
    async (op) => {
      const { dlf, fetch } = client("dynamic=true");
      for (let i = 0; i < 20; i++) await calls[op](dlf);
      expect(
        fetch.checks.filter((check) => check.operationId === op && check.status === 200),
      ).toHaveLength(20);
      expect(fetch.violations).toEqual([]);
    },
  );
});
