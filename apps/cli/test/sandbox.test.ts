import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { FAULTS } from "../sandbox/faults.js";
import { runCli } from "./support/run-cli.js";
import { type SandboxProcess, startSandboxProcess } from "./support/sandbox-process.js";

// `dlf-release sandbox` as a user meets it: started as a process, pointed at with the banner's
// exports, its flags, and the README's rehearsals run as printed.

let sandbox: SandboxProcess | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/** The banner's exports, pointing at `url`. */
function exportsOf(banner: string): Record<string, string> {
  const exports = /export (.+)\n/.exec(banner)?.[1] ?? "";
  return Object.fromEntries(exports.split(" ").map((pair) => pair.split("=") as [string, string]));
}

// Note: the interval sets how often the CLI looks, and the sandbox moves by looks alone, so a
// shorter one changes the time a run takes, never its outcome.
const faster = (args: string[]) => args.map((arg) => (arg === "1s" ? "10ms" : arg));

it("rehearses a release from the banner's instructions, then stops on Ctrl-C", async () => {
  sandbox = await startSandboxProcess(["--port", "0"]);
  const env = exportsOf(sandbox.stdout());
  expect(Object.keys(env)).toEqual([
    "DLF_BASE_URL",
    "DLF_TOKEN",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "DLF_WORKSPACE",
  ]);
  const command = /\$? *dlf-release (release .+)\n/.exec(sandbox.stdout())?.[1]?.split(" ") ?? [];
  const first = await runCli(faster(command), env);
  expect(first.code).toBe(0);
  expect(first.stderr).toMatch(
    /being released .*\n.*released · \d+s · tasks 5\/5 done, 0 failed\npackage 100 was released\n$/,
  );
  const again = await runCli(faster(command), env);
  expect(again.code).toBe(0);
  expect(again.stderr).toContain(
    'package 100 "rehearsal" holds the selected items (made by an earlier run); it was not sent again',
  );
  expect(await sandbox.stop()).toBe(0);
  expect(sandbox.stdout()).toContain("Sandbox stopped.");
});

/** One rehearsal of the README: the sandbox's flags, the commands, and how the last one ends. */
interface Rehearsal {
  sandbox: string[];
  commands: string[][];
  exitCode: number;
  stderr: string;
}

/** The ```sh blocks under the CLI README's "Rehearse what goes wrong". */
function readmeRehearsals(): Rehearsal[] {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.split("### Rehearse what goes wrong\n")[1]?.split(/\n##/)[0] ?? "";
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map(([, block]) => {
    const lines = (block ?? "")
      .replace(/\\\n\s*/g, "")
      .trim()
      .split("\n");
    const expected = /^echo "exit code \$\?" +# (\d+): (.+)$/.exec(lines.pop() ?? "");
    const [start, ...commands] = lines.map((line) => line.trim().split(/ +/));
    if (!expected || start?.slice(0, 2).join(" ") !== "dlf-release sandbox")
      throw new Error(`a rehearsal block the test cannot read:\n${block}`);
    return {
      sandbox: start.slice(2),
      commands: commands.map((command) => command.slice(1)),
      exitCode: Number(expected[1]),
      stderr: expected[2] ?? "",
    };
  });
}

describe("the README's rehearsals", () => {
  const rehearsals = readmeRehearsals();

  it("are there: a failed release, a throttled gateway, a lost answer", () => {
    expect(rehearsals.map((rehearsal) => rehearsal.sandbox)).toEqual([
      ["--outcome", "failed"],
      ["--fault", "throttle:2"],
      ["--fault", "create-lost"],
    ]);
  });

  it.each(rehearsals.map((rehearsal) => [rehearsal.sandbox.join(" "), rehearsal] as const))(
    "sandbox %s ends as its comment says",
    async (_, rehearsal) => {
      sandbox = await startSandboxProcess([...rehearsal.sandbox, "--port", "0"]);
      const env = exportsOf(sandbox.stdout());
      let last = { code: null as number | null, stderr: "" };
      for (const command of rehearsal.commands) last = await runCli(faster(command), env);
      expect(last.code, last.stderr).toBe(rehearsal.exitCode);
      expect(last.stderr).toContain(rehearsal.stderr);
    },
  );
});

describe("its flags", () => {
  it("--help shows its own flags and every fault with its line, not the release settings", async () => {
    const { code, stdout } = await runCli(["sandbox", "--help"]);
    expect(code).toBe(0);
    for (const flag of ["--port", "--outcome", "--looks", "--items", "--fault", "--clock-skew"])
      expect(stdout).toContain(flag);
    for (const flag of ["--region", "--workspace", "--json", "--request-timeout"])
      expect(stdout).not.toContain(flag);
    for (const [name, fault] of Object.entries(FAULTS))
      expect(stdout).toMatch(
        new RegExp(`^ {2}${name} +${fault.summary.replace(/[()]/g, "\\$&")}$`, "m"),
      );
  });

  it.each([
    [
      ["--fault", "nope"],
      /--fault <name\[:n\]\.\.\.>' argument 'nope' is invalid\. expected NAME or NAME:N, NAME one of throttle, /,
    ],
    [["--fault", "throttle:0"], /expected NAME:N with N a whole number from 1 to 1000000, not "0"/],
    [["--fault", "throttle:2:3"], /argument 'throttle:2:3' is invalid/],
    [
      ["--items", "-1"],
      /--items <n>' argument '-1' is invalid\. expected a whole number from 0 to 10000/,
    ],
    [["--clock-skew", "-soon"], /--clock-skew <duration>' argument '-soon' is invalid/],
  ])("%j is refused before it starts, exit 2", async (args, message) => {
    const { code, stderr } = await runCli(["sandbox", ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("a busy port is one line that names it and --port 0", async () => {
    sandbox = await startSandboxProcess(["--port", "0"]);
    const port = new URL(sandbox.url).port;
    const { code, stderr } = await runCli(["sandbox", "--port", port]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `dlf-release: port ${port} on 127.0.0.1 is in use: stop what holds it, or pick another with --port (--port 0: any free one)\n`,
    );
  });

  it("--clock-skew -20m puts its clock behind, and doctor fails the clock for AK/SK", async () => {
    sandbox = await startSandboxProcess(["--port", "0", "--clock-skew", "-20m"]);
    const banner = sandbox.stdout();
    const [, accessKey, secretKey] =
      /HUAWEICLOUD_SDK_AK=(\S+) HUAWEICLOUD_SDK_SK=(\S+)/.exec(banner) ?? [];
    const { DLF_TOKEN: _token, ...env } = exportsOf(banner);
    const run = await runCli(["doctor"], {
      ...env,
      HUAWEICLOUD_SDK_AK: accessKey ?? "",
      HUAWEICLOUD_SDK_SK: secretKey ?? "",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^FAIL {2}clock +this machine's clock is 20m 0s ahead of the gateway's/m,
    );
  });

  it("with the seed, doctor sees what offset counts; --items 250 makes three pages", async () => {
    sandbox = await startSandboxProcess(["--port", "0", "--items", "250"]);
    const env = exportsOf(sandbox.stdout());
    expect(sandbox.stdout()).toContain("250 items are pending");
    const doctor = await runCli(["doctor"], env);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(/^PASS {2}offset +offset counts pages/m);
    const pending = await runCli(["pending", "--json"], env);
    expect(JSON.parse(pending.stdout).total).toBe(250);
    expect(
      sandbox.stderr().match(/listFactoryPendingItems -> 200/g)?.length,
    ).toBeGreaterThanOrEqual(3);
  });
});
