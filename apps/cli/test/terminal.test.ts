import { describe, expect, it } from "vitest";
import { BIN, runCli, runProcess, serviceEnv } from "./support/run-cli.js";
import { addPackage, manyItems, useStandIn } from "./support/stand-in.js";

// Progress on a real pseudo-terminal, through util-linux `script`: one line redrawn in place, and
// colour unless NO_COLOR is set. Without a terminal: plain lines (wait.test.ts checks them too).

const start = useStandIn();

const ERASE_LINE = "\r\x1b[2K";
const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

async function waitOnTerminal(env: Record<string, string> = {}) {
  const standIn = await start();
  addPackage(standIn, "released", 2);
  const command = [process.execPath, BIN, "wait", "7", "--interval", "10ms"].map(quote).join(" ");
  // Note: -e passes on the command's exit code; the terminal's output (stdout and stderr) is script's stdout.
  return runProcess("script", ["-qec", command, "/dev/null"], {
    ...serviceEnv(standIn.url),
    TERM: "xterm",
    ...env,
  });
}

describe("progress on a terminal", () => {
  it("draws one live line in place, with colour", async () => {
    const run = await waitOnTerminal();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${ERASE_LINE}package 7 (nightly): being released`);
    expect(run.stdout).toMatch(
      /package 7 \(nightly\): released · \d+s · tasks 2\/2 done, 0 failed\r?\n/,
    );
    expect(run.stdout).toContain("\x1b[32mpackage 7 was released\x1b[39m");
  });

  it("keeps the live line but drops colour under NO_COLOR", async () => {
    const run = await waitOnTerminal({ NO_COLOR: "1" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(ERASE_LINE);
    // Note: SGR (colour) sequences end in "m"; the live line's erase-line ends in "K".
    expect(run.stdout).not.toMatch(new RegExp(`${"\x1b"}\\[\\d+m`));
  });

  it("prints plain lines and no escape code without a terminal", async () => {
    const standIn = await start();
    addPackage(standIn, "released");
    const run = await runCli(["wait", "7", "--interval", "10ms"], serviceEnv(standIn.url));
    expect(run.code).toBe(0);
    expect(run.stderr + run.stdout).not.toContain("\x1b");
    expect(run.stderr).not.toContain("\r");
  });
});

describe("a reader that stops reading", () => {
  it("ends the command quietly with its own exit code, not a stack", async () => {
    const standIn = await start({ pending: manyItems(3000) });
    const command = [process.execPath, BIN, "pending", "--json"].map(quote).join(" ");
    // Note: head reads a byte and closes the pipe; the CLI's exit code is PIPESTATUS[0].
    const run = await runProcess(
      "bash",
      ["-c", `${command} | head -c 1 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`],
      serviceEnv(standIn.url),
    );
    expect(run.stderr).toBe("exit 0\n");
  });
});
