import { spawn } from "node:child_process";
import { once } from "node:events";
import { expect, it } from "vitest";
import { BIN, freshHome, serviceEnv } from "./support/run-cli.js";
import { jsonOf } from "./support/schemas.js";
import { releaseArgs, useStandIn } from "./support/stand-in.js";

// A real SIGTERM to the bin while it waits, as a CI runner sends when a job is cancelled: the
// outcome document still comes out, with the package as last seen, and the exit code is 143.

const start = useStandIn();

it("prints the outcome as last seen and exits 143 on SIGTERM while waiting", async () => {
  let child: ReturnType<typeof spawn> | undefined;
  let looks = 0;
  const server = await start({
    faults: [{ name: "hang", operation: "showFactoryPackageDetail", after: 1, times: 1 }],
    onRequest: (seen) => {
      if (seen.operationId === "showFactoryPackageDetail" && ++looks === 2) child?.kill("SIGTERM");
    },
  });
  const args = releaseArgs("nightly");
  child = spawn(
    process.execPath,
    [BIN, ...args, "--all-pending", "--wait", "--interval", "10ms", "--json"],
    {
      env: { PATH: process.env.PATH ?? "", HOME: freshHome(), ...serviceEnv(server.url) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const [code] = await once(child, "exit");
  expect(code).toBe(143);
  expect(jsonOf(stdout, "outcome")).toMatchObject({
    outcome: "interrupted",
    exit_code: 143,
    package: { package_id: "100", deploy_status: 1 },
  });
});
