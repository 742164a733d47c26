import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";

const run = promisify(execFile);
const MOCK = "http://127.0.0.1:4010";
/** The curl samples that the spec's x-codeSamples reference, shown on the docs page. */
const codeSamples = new URL("../../../spec/code-samples/", import.meta.url);

/** What a successful answer of each operation has. */
const expected: Record<string, string[]> = {
  listFactoryPendingItems: ["data", "total"],
  createFactoryPendingItemsPackage: ["package_name", "release_package_id"],
  listFactoryReleasePackages: ["data", "total"],
  showFactoryPackageDetail: ["release_package", "task_details"],
};

// The curl samples run as printed, but against the suite's Prism mock instead of 4010.
describe("the curl samples", () => {
  beforeAll(async () => {
    await run("curl", ["--version"]).catch(() => {
      throw new Error("curl is not installed: apt-get update && apt-get install -y curl");
    });
  });

  it.each(Object.entries(expected))(
    "of %s get a 200 answer from the mock",
    async (operationId, keys) => {
      const sample = readFileSync(fileURLToPath(new URL(`${operationId}.sh`, codeSamples)), "utf8");
      expect(sample).toContain(`'${MOCK}/v2/`);
      const script = sample
        .replaceAll(MOCK, inject("mockUrl"))
        .replace("curl -s", "curl -sS --fail-with-body");
      const { stdout } = await run("bash", ["-c", script]);
      const body = JSON.parse(stdout);
      expect(Object.keys(body)).toEqual(expect.arrayContaining(keys));
      expect(body).not.toHaveProperty("error_code");
    },
  );
});
