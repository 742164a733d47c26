import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built bin, as users run it. */
export const BIN = fileURLToPath(new URL("../../dist/bin.cjs", import.meta.url));

/** How a run of the CLI ended. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh home and config directory, with no config file unless one is written. */
export function freshHome(): string {
  return mkdtempSync(join(tmpdir(), "dlf-release-cli-"));
}

/** Writes a config file into a home made by freshHome, with the given mode. */
export function writeConfig(home: string, content: unknown, mode = 0o600): string {
  const dir = join(home, "config", "dlf-release");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "config.json");
  writeFileSync(path, JSON.stringify(content));
  chmodSync(path, mode);
  return path;
}

/** Settings that reach a server at `url` with a token, for a project and a workspace. */
export function serviceEnv(url: string): Record<string, string> {
  return {
    DLF_BASE_URL: url,
    DLF_TOKEN: "test-token-not-a-secret",
    HUAWEICLOUD_SDK_PROJECT_ID: "my-project",
    DLF_WORKSPACE: "my-workspace",
  };
}

/**
 * Runs the built bin as a child process with only `env` (plus PATH and a fresh home), so that
 * nothing from the machine's environment leaks in.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runProcess(process.execPath, [BIN, ...args], env);
}

/** Runs any program the way runCli does; the deadline catches a hang, not a slow machine. */
export function runProcess(
  file: string,
  args: string[],
  env: Record<string, string>,
  deadlineMs = 90_000,
): Promise<Run> {
  const home = env.HOME ?? freshHome();
  const child = spawn(file, args, {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: home,
      XDG_CONFIG_HOME: join(home, "config"),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `${file} ${args.join(" ")} did not end within ${deadlineMs} ms; stderr:\n${stderr}`,
        ),
      );
    }, deadlineMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
