import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { startMock } from "@dlf-release/spec/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeSamples } from "./paths.js";

const run = promisify(execFile);
const SANDBOX = "http://127.0.0.1:4010";

/** What a successful answer of each operation has. */
const expected: Record<string, string[]> = {
  listFactoryPendingItems: ["data", "total"],
  createFactoryPendingItemsPackage: ["package_name", "release_package_id"],
  listFactoryReleasePackages: ["data", "total"],
  showFactoryPackageDetail: ["release_package", "task_details"],
};

// The curl samples run as printed, but against a Prism mock on a free port instead of 4010.
describe("the curl samples", () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  beforeAll(async () => {
    await run("curl", ["--version"]).catch(() => {
      throw new Error("curl is not installed: apt-get update && apt-get install -y curl");
    });
    mock = await startMock();
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it.each(Object.entries(expected))(
    "of %s get a 200 answer from the mock",
    async (operationId, keys) => {
      const sample = readFileSync(join(codeSamples, `${operationId}.sh`), "utf8");
      expect(sample).toContain(`'${SANDBOX}/v2/`);
      const script = sample
        .replaceAll(SANDBOX, mock.url)
        .replace("curl -s", "curl -sS --fail-with-body");
      const { stdout } = await run("bash", ["-c", script]);
      const body = JSON.parse(stdout);
      expect(Object.keys(body)).toEqual(expect.arrayContaining(keys));
      expect(body).not.toHaveProperty("error_code");
    },
  );
});
