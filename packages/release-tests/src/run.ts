import { spawn } from "node:child_process";

/** How a finished command ended, with everything it printed. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of `run`. */
export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** A deadline for a hang, not for a slow machine. */
  timeoutMs?: number;
}

const TAIL = 4000;

/** Runs a command to its end; never throws for a non-zero exit (see `runOk`). */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 300_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${command}: ${error.message}`, { cause: error }));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs a command and throws, with the end of its output, unless it exits 0. */
export async function runOk(
  command: string,
  args: string[],
  options: RunOptions,
): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new Error(describeFailure(command, args, result));
  return result;
}

/** One message that says which command failed, how, and what it printed last. */
export function describeFailure(command: string, args: string[], result: RunResult): string {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with ${result.code}`;
  return (
    `\`${[command, ...args].join(" ")}\` ${how}\n` +
    `--- stdout (end) ---\n${result.stdout.slice(-TAIL)}\n--- stderr (end) ---\n${result.stderr.slice(-TAIL)}`
  );
}

/**
 * The environment for a package manager run outside the workspace: without the npm_* and pnpm
 * settings that `pnpm test` hands its children (they would point npm at this workspace), but with
 * the registry, if one is set.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(key) && key.toLowerCase() !== "npm_config_registry") continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
