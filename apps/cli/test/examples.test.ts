import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { useStandIn } from "./support/stand-in.js";

// The client's runnable example (examples/quick-start.js), as its README tells users to run it:
// against the sandbox, whose state makes the package it shows the one it made.

const run = promisify(execFile);
const examples = fileURLToPath(new URL("../../../examples/", import.meta.url));
const start = useStandIn();

test("examples/quick-start.js makes one package of what is pending and says it waits for review", async () => {
  const sandbox = await start();
  const { stdout, stderr } = await run(process.execPath, ["quick-start.js"], {
    cwd: examples,
    env: { PATH: process.env.PATH, DLF_BASE_URL: sandbox.url },
  });
  expect(stderr).toBe("");
  expect(stdout).toMatch(/^2 items pending release: \[ 'job_0242', 'job_0994' \]$/m);
  expect(stdout).toMatch(/^created package 100 \(release_\d{14}\)$/m);
  expect(stdout).toMatch(
    /^package 100: waiting for review, 2 task\(s\); 7b71e498e75d44048c9a22dd3c54f978 approves it/m,
  );
  expect(sandbox.calls("createFactoryPendingItemsPackage")).toHaveLength(1);
});

test("against the service, it refuses to run without an approver rather than invent one", async () => {
  const refused = await run(process.execPath, ["quick-start.js"], {
    cwd: examples,
    env: { PATH: process.env.PATH, DLF_REGION: "cn-north-4" },
  }).catch((error: { code: number; stderr: string }) => error);
  expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining("DLF_APPROVER") });
});
