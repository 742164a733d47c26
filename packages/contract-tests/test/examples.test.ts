import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, inject, test } from "vitest";

const run = promisify(execFile);
const examples = fileURLToPath(new URL("../../../examples/", import.meta.url));

test("the README's runnable example works against the mock", async () => {
  const { stdout, stderr } = await run(process.execPath, ["quick-start.js"], {
    cwd: examples,
    env: { PATH: process.env.PATH, DLF_BASE_URL: inject("mockUrl") },
  });
  expect(stderr).toBe("");
  expect(stdout).toMatch(/^2 items pending release: \[ 'job_0242', 'job_0994' \]$/m);
  expect(stdout).toMatch(/^released package 13 \(job_0948_20250513112100444444\)$/m);
  expect(stdout).toMatch(
    /^package ads_supplier_inventory_info_\S+: deploy_status 3, 1 task\(s\)$/m,
  );
});
