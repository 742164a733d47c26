import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { BIN } from "./run-cli.js";

/** `dlf-release sandbox` running as a process of the built bin, as a user starts it. */
export interface SandboxProcess {
  /** Where it listens, from its banner. */
  url: string;
  /** What it printed so far: the banner on stdout, a line per request on stderr. */
  stdout(): string;
  stderr(): string;
  /** Sends SIGINT and waits for it to exit; its exit code. */
  stop(): Promise<number | null>;
}

/** Starts `dlf-release sandbox ...args` and waits for its banner. */
export async function startSandboxProcess(args: string[]): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, "sandbox", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  while (!stdout.includes("Press Ctrl-C to stop.")) {
    const [event] = await Promise.race([once(child.stdout ?? child, "data"), once(child, "exit")]);
    if (typeof event === "number" || event === null)
      throw new Error(`the sandbox exited:\n${stdout}${stderr}`);
  }
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
  if (!url) throw new Error(`no URL in the sandbox's banner:\n${stdout}`);
  return {
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        await once(child, "exit");
      }
      return child.exitCode;
    },
  };
}
