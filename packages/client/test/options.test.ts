import { describe, expect, test } from "vitest";
import { createDlfClient, type DlfClientOptions, endpointUrl, REGIONS } from "../src/index.js";
import { clientOptions, validationError } from "./support/options.js";

// The options' checks, made before any request: pure, so they run on the machine's Node only.

const base = (options: Partial<DlfClientOptions> = {}) =>
  clientOptions("http://127.0.0.1:9", options);

describe("createDlfClient checks its options and names the one at fault", () => {
  test("no project id anywhere says where to put it", () => {
    const error = validationError(() => createDlfClient(base({ projectId: undefined })));
    expect(error.field).toBe("projectId");
    expect(error.message).toMatch(/HUAWEICLOUD_SDK_PROJECT_ID/);
  });

  test("an unknown region lists the known ones", () => {
    const error = validationError(() =>
      createDlfClient(base({ baseUrl: undefined, region: "mars-1" as never })),
    );
    expect(error.field).toBe("region");
    for (const region of REGIONS) expect(error.message).toContain(region);
  });

  test("endpointUrl names the URL a client calls, and refuses what createDlfClient refuses", () => {
    expect(endpointUrl({ region: "cn-east-3" })).toBe("https://dayu.cn-east-3.myhuaweicloud.com");
    expect(endpointUrl({ baseUrl: "http://127.0.0.1:4020" })).toBe("http://127.0.0.1:4020");
    expect(validationError(() => endpointUrl({ region: "mars-1" as never })).field).toBe("region");
  });

  test.each<[string, Partial<DlfClientOptions>, string]>([
    ["projectId", { projectId: "" }, "projectId"],
    ["workspace", { workspace: "" }, "workspace"],
    ["baseUrl", { baseUrl: "ftp://x" }, "baseUrl"],
    ["baseUrl with region", { region: "cn-north-4" }, "baseUrl"],
    ["timeoutMs", { timeoutMs: 0 }, "timeoutMs"],
    ["retry.maxAttempts", { retry: { maxAttempts: 0 } }, "retry.maxAttempts"],
    ["retry.budgetMs", { retry: { budgetMs: -1 } }, "retry.budgetMs"],
    ["offsetMode", { offsetMode: "pages" as never }, "offsetMode"],
    ["a misspelt option", { projectID: "p" } as never, "projectID"],
    ["a misspelt retry option", { retry: { maxAttempt: 5 } as never }, "retry.maxAttempt"],
    [
      "an inherited name as a retry option",
      { retry: JSON.parse('{"constructor":1}') },
      "retry.constructor",
    ],
    ["credentials.token", { credentials: { token: "x".repeat(4097) } }, "credentials.token"],
    ["a token with a line break", { credentials: { token: "t\r\nX: 1" } }, "credentials.token"],
    ["credentials not an object", { credentials: "AK" as never }, "credentials"],
    ["baseUrl with credentials", { baseUrl: "http://u:p@127.0.0.1:1" }, "baseUrl"],
    ["baseUrl with a query", { baseUrl: "http://127.0.0.1:1/?x=1" }, "baseUrl"],
    ["baseUrl with a fragment", { baseUrl: "http://127.0.0.1:1/#x" }, "baseUrl"],
    ["retry not an object", { retry: 3 as never }, "retry"],
    ["retry.onRetry", { retry: { onRetry: "log" as never } }, "retry.onRetry"],
    ["fetch", { fetch: "fetch" as never }, "fetch"],
    ["env", { env: "PATH" as never }, "env"],
    [
      "credentials.secretKey",
      { credentials: { accessKey: "AK", secretKey: "" } },
      "credentials.secretKey",
    ],
  ])("%s", (_, options, field) => {
    expect(validationError(() => createDlfClient(base(options))).field).toBe(field);
  });
});
