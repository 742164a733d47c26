import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createDlfClient, type DlfClientOptions, DlfValidationError } from "../src/index.js";
import { startFaultServer } from "./support/fault-server.js";
import { clientOptions, validationError } from "./support/options.js";

const SECRET = "sk-Secret-Do-Not-Leak-9f8e7d";
const TOKEN = "tok-Secret-Do-Not-Leak-1a2b3c";
const SECURITY_TOKEN = "st-Secret-Do-Not-Leak-4d5e6f";

let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeEach(async () => {
  server = await startFaultServer({ kind: "json", status: 200, body: { data: [], total: 0 } });
});
afterEach(() => server.close());

const base = (options: Partial<DlfClientOptions> = {}) => clientOptions(server.url, options);

describe("createDlfClient fills what it is not given", () => {
  test("a region becomes the dayu endpoint", async () => {
    const seen: string[] = [];
    const dlf = createDlfClient(
      base({
        baseUrl: undefined,
        region: "ap-southeast-3",
        fetch: async (request) => {
          seen.push(request.url);
          return Response.json({ data: [], total: 0 });
        },
      }),
    );
    await dlf.listFactoryPendingItems();
    expect(seen).toEqual([
      "https://dayu.ap-southeast-3.myhuaweicloud.com/v2/p1/factory/pending-items",
    ]);
  });

  test("credentials and project id come from HUAWEICLOUD_SDK_* when not given", async () => {
    const dlf = createDlfClient({
      baseUrl: server.url,
      workspace: "w1",
      env: {
        HUAWEICLOUD_SDK_AK: "AK1",
        HUAWEICLOUD_SDK_SK: SECRET,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: SECURITY_TOKEN,
        HUAWEICLOUD_SDK_PROJECT_ID: "env-project",
      },
    });
    await dlf.listFactoryPendingItems();
    const [seen] = server.requests;
    expect(seen?.url).toBe("/v2/env-project/factory/pending-items");
    expect(seen?.headers["x-project-id"]).toBe("env-project");
    expect(seen?.headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=AK1, SignedHeaders=.*x-security-token/,
    );
    expect(seen?.headers["x-security-token"]).toBe(SECURITY_TOKEN);
  });

  test("without env, HUAWEICLOUD_SDK_* are read from process.env", async () => {
    vi.stubEnv("HUAWEICLOUD_SDK_PROJECT_ID", "from-process-env");
    vi.stubEnv("HUAWEICLOUD_SDK_AK", "AK2");
    vi.stubEnv("HUAWEICLOUD_SDK_SK", SECRET);
    try {
      await createDlfClient({ baseUrl: server.url, workspace: "w1" }).listFactoryPendingItems();
    } finally {
      vi.unstubAllEnvs();
    }
    const [seen] = server.requests;
    expect(seen?.url).toBe("/v2/from-process-env/factory/pending-items");
    expect(seen?.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=AK2, /);
  });

  test("an empty HUAWEICLOUD_SDK_SECURITY_TOKEN is no security token", async () => {
    await createDlfClient({
      baseUrl: server.url,
      projectId: "p1",
      workspace: "w1",
      env: {
        HUAWEICLOUD_SDK_AK: "AK1",
        HUAWEICLOUD_SDK_SK: SECRET,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: "",
      },
    }).listFactoryPendingItems();
    const [seen] = server.requests;
    expect(seen?.headers["x-security-token"]).toBeUndefined();
    expect(seen?.headers.authorization).not.toMatch(/x-security-token/);
  });

  test("no credentials anywhere is an error that says where to put them", () => {
    const error = validationError(() => createDlfClient(base({ credentials: undefined })));
    expect(error.message).toMatch(/HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/);
  });
});

describe("every call fills project and workspace, and refuses bad input before sending", () => {
  test("the token, project id and workspace go on the wire", async () => {
    await createDlfClient(base({ credentials: { token: TOKEN } })).listFactoryPendingItems({
      limit: 5,
      submit_user_name: "a b&c",
    });
    const [seen] = server.requests;
    expect(seen?.headers["x-auth-token"]).toBe(TOKEN);
    expect(seen?.headers.workspace).toBe("w1");
    expect(seen?.headers["x-project-id"]).toBe("p1");
    expect(seen?.url).toBe("/v2/p1/factory/pending-items?limit=5&submit_user_name=a%20b%26c");
  });

  test("the per-call workspace wins; release-package calls go without one when none is set", async () => {
    const dlf = createDlfClient(base({ workspace: undefined }));
    await dlf.listFactoryReleasePackages({}, { workspace: "w2" });
    await dlf.listFactoryReleasePackages();
    expect(server.requests.map((r) => r.headers.workspace)).toEqual(["w2", undefined]);
    expect(server.requests[1]?.body).toBe("{}");
  });

  // Note: "spec" rules are the spec's (each with its source there); "client" ones are this
  // client's own guards against typos, which the service may take silently.
  test.each<
    [string, (dlf: ReturnType<typeof createDlfClient>) => Promise<unknown>, string, string]
  >([
    ["limit 0", (dlf) => dlf.listFactoryPendingItems({ limit: 0 }), "query.limit", "spec"],
    ["limit 101", (dlf) => dlf.listFactoryPendingItems({ limit: 101 }), "query.limit", "spec"],
    [
      "a limit beyond int32",
      (dlf) => dlf.listFactoryReleasePackages({ limit: 2 ** 31 }),
      "filter.limit",
      "spec",
    ],
    ["offset -1", (dlf) => dlf.listFactoryPendingItems({ offset: -1 }), "query.offset", "spec"],
    [
      "an unknown filter",
      (dlf) => dlf.listFactoryReleasePackages({ keyword: "x" } as never),
      "filter.keyword",
      "client",
    ],
    [
      "deploy status 4",
      (dlf) => dlf.listFactoryReleasePackages({ deploy_status_filter: [4 as 1] }),
      "filter.deploy_status_filter",
      "spec",
    ],
    [
      "an empty string timestamp",
      (dlf) => dlf.listFactoryReleasePackages({ deploy_begin_time: "" as never }),
      "filter.deploy_begin_time",
      "spec",
    ],
    [
      "no approvers",
      (dlf) =>
        dlf.createFactoryPendingItemsPackage({
          apply_user_id: "u",
          package_name: "p",
          pending_item_list: ["1"],
        } as never),
      "body.approver_ids",
      "spec",
    ],
    [
      "an empty package",
      (dlf) =>
        dlf.createFactoryPendingItemsPackage({
          apply_user_id: "u",
          package_name: "p",
          pending_item_list: [],
          approver_ids: ["a"],
        }),
      "body.pending_item_list",
      "client",
    ],
    [
      "an empty package name",
      (dlf) =>
        dlf.createFactoryPendingItemsPackage({
          apply_user_id: "u",
          package_name: "",
          pending_item_list: ["1"],
          approver_ids: ["a"],
        }),
      "body.package_name",
      "client",
    ],
    ["an empty package id", (dlf) => dlf.showFactoryPackageDetail(""), "packageId", "spec"],
    [
      "no workspace for pending items",
      () =>
        createDlfClient(base({ workspace: undefined }))
          .listFactoryPendingItems()
          .catch((error: Error) => {
            expect(error.message).toMatch(/pass it to createDlfClient or in the call's options/);
            throw error;
          }),
      "workspace",
      "spec",
    ],
  ])("%s", async (_, call, field, rule) => {
    const error = await call(createDlfClient(base())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DlfValidationError);
    expect((error as DlfValidationError).field).toBe(field);
    expect((error as DlfValidationError).rule).toBe(rule);
    expect((error as Error).message).toContain(field);
    // Note: a reader of the message alone can tell the client's own rules from the API's.
    expect((error as Error).message.includes("a rule of this client")).toBe(rule === "client");
    expect(server.requests).toEqual([]);
  });
});

describe("secrets stay secret", () => {
  const withSecrets = () =>
    createDlfClient(
      base({ credentials: { accessKey: "AK", secretKey: SECRET, securityToken: SECURITY_TOKEN } }),
    );

  test("JSON.stringify and util.inspect show where it goes and how it signs in", () => {
    const shown = (credentials: DlfClientOptions["credentials"]) =>
      createDlfClient(base({ credentials }));
    expect(JSON.parse(JSON.stringify(shown({ token: TOKEN })))).toEqual({
      baseUrl: server.url,
      projectId: "p1",
      workspace: "w1",
      auth: "token",
    });
    expect(JSON.stringify(shown({ accessKey: "AK", secretKey: SECRET }))).toContain(
      '"auth":"aksk"',
    );
    const provider = shown(async () => ({ accessKey: "AK", secretKey: SECRET }));
    expect(inspect(provider)).toMatch(/^\{\s*DlfClient: \{[\s\S]*auth: 'provider'/);
  });

  test("util.inspect and JSON.stringify of the client show no secret", () => {
    for (const dlf of [withSecrets(), createDlfClient(base({ credentials: { token: TOKEN } }))]) {
      const shown = `${inspect(dlf, { depth: 10, showHidden: true })}${JSON.stringify(dlf)}`;
      expect(shown).toContain("p1");
      for (const secret of [SECRET, TOKEN, SECURITY_TOKEN]) expect(shown).not.toContain(secret);
    }
  });

  test("errors show no secret", async () => {
    server.script({
      kind: "json",
      status: 401,
      body: { error_code: "APIG.0301", error_msg: "bad", request_id: "r" },
    });
    const error = await withSecrets()
      .listFactoryPendingItems()
      .catch((e: unknown) => e);
    const shown = `${inspect(error, { depth: 10 })}${JSON.stringify(error)}${(error as Error).stack}`;
    expect(shown).toContain("APIG.0301");
    for (const secret of [SECRET, SECURITY_TOKEN]) expect(shown).not.toContain(secret);
  });

  test("a bad credential is named, not shown", () => {
    const error = validationError(() =>
      createDlfClient(base({ credentials: { accessKey: "", secretKey: SECRET } })),
    );
    expect(error.field).toBe("credentials.accessKey");
    expect(error.message).not.toContain(SECRET);
  });
});

describe("a call's options are checked before anything is sent", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["timeoutMs 0", { timeoutMs: 0 }, "options.timeoutMs"],
    ["an empty workspace", { workspace: "" }, "options.workspace"],
    ["a signal that is not one", { signal: "stop" }, "options.signal"],
    ["a misspelt option", { timeout: 5 }, "options.timeout"],
  ])("%s", async (_, options, field) => {
    const error = await createDlfClient(base())
      .listFactoryReleasePackages({}, options as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DlfValidationError);
    expect(error).toMatchObject({ field });
    expect(server.requests).toEqual([]);
  });
});

describe("dlf.raw", () => {
  test("its middlewares see a fetch Request and apply to its own calls, not the methods'", async () => {
    const dlf = createDlfClient(base());
    const seen: unknown[] = [];
    dlf.raw.use({
      onRequest({ request }) {
        seen.push(request);
        request.headers.set("x-from-middleware", "yes");
        return request;
      },
    });
    await dlf.listFactoryReleasePackages({});
    await dlf.raw.POST("/v2/{project_id}/factory/release-packages", {
      params: { path: { project_id: "p1" } },
      body: {},
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(Request);
    expect(server.requests.map((r) => r.headers["x-from-middleware"])).toEqual([undefined, "yes"]);
    expect(server.requests.map((r) => r.headers["x-auth-token"])).toEqual(["t", "t"]);
  });
});

describe("input checks are not fooled", () => {
  test.each(["constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__proto__"])(
    "an unknown field named %s is refused as unknown, and nothing is sent",
    async (key) => {
      const body = JSON.parse(
        `{"apply_user_id":"u","package_name":"p","pending_item_list":["1"],"approver_ids":["a"],"${key}":1}`,
      );
      const error = await createDlfClient(base())
        .createFactoryPendingItemsPackage(body)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DlfValidationError);
      expect(error).toMatchObject({ field: `body.${key}` });
      expect((error as Error).message).toMatch(/is unknown \(known: apply_user_id, /);
      expect(server.requests).toEqual([]);
    },
  );

  test.each([".", ".."])("a package id of %s is refused, since URLs resolve it", async (id) => {
    const error = await createDlfClient(base())
      .showFactoryPackageDetail(id)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ field: "packageId" });
    expect(server.requests).toEqual([]);
  });

  test("an offset beyond int32 is refused", async () => {
    const error = await createDlfClient(base())
      .listFactoryPendingItems({ offset: 2 ** 31 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ field: "query.offset" });
  });
});
