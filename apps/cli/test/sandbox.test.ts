import { spawn } from "node:child_process";
import { once } from "node:events";
import { expect, it } from "vitest";
import { BIN, runCli } from "./support/run-cli.js";

// `dlf-release sandbox` as the README has a new user meet it: start it, point the CLI at it with
// the banner's exports, release everything pending and wait; a second run resumes that package.

it("rehearses a release from the banner's instructions, then stops on Ctrl-C", async () => {
  const child = spawn(process.execPath, [BIN, "sandbox", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    while (!output.includes("Press Ctrl-C to stop.")) {
      const [event] = await Promise.race([once(child.stdout, "data"), once(child, "exit")]);
      if (typeof event === "number" || event === null)
        throw new Error(`the sandbox exited:\n${output}`);
    }
    const exports = /export (.+)\n/.exec(output)?.[1] ?? "";
    const env = Object.fromEntries(
      exports.split(" ").map((pair) => pair.split("=") as [string, string]),
    );
    expect(Object.keys(env)).toEqual([
      "DLF_BASE_URL",
      "DLF_TOKEN",
      "HUAWEICLOUD_SDK_PROJECT_ID",
      "DLF_WORKSPACE",
    ]);
    const command = /\$? *dlf-release (release .+)\n/.exec(output)?.[1]?.split(" ") ?? [];
    const args = command.map((arg) => (arg === "1s" ? "10ms" : arg));

    const first = await runCli(args, env);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /being released .*\n.*released · \d+s · tasks 5\/5 done, 0 failed\npackage 100 was released\n$/,
    );
    const again = await runCli(args, env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      'package 100 "rehearsal" holds the selected items (made by an earlier run); it was not sent again',
    );
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGINT");
      await once(child, "exit");
    }
  }
  expect(child.exitCode).toBe(0);
  expect(output).toContain("Sandbox stopped.");
});
