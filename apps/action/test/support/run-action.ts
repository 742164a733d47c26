import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { parse } from "yaml";

/** The action's folder (action.yml, src/, dist/). */
export const ACTION_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** How a run of the action ended, read from the runner's files as GitHub would. */
export interface ActionRun {
  code: number | null;
  /** The log: workflow commands (::error::, ::add-mask::) and the CLI's messages. */
  log: string;
  /** What the action wrote to $GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** What it wrote to $GITHUB_STEP_SUMMARY. */
  summary: string;
}

/** Reads $GITHUB_OUTPUT: `name<<DELIMITER`, the value's lines, `DELIMITER`, as @actions/core writes. */
function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let at = 0; at < lines.length; at++) {
    const [, name, delimiter] = /^([^<]+)<<(.+)$/.exec(lines[at] ?? "") ?? [];
    if (!name || !delimiter) continue;
    const end = lines.indexOf(delimiter, at + 1);
    outputs[name] = lines.slice(at + 1, end).join("\n");
    at = end;
  }
  return outputs;
}

/** The runner's files for one step, in a fresh folder. */
function runnerFiles() {
  const dir = mkdtempSync(join(tmpdir(), "dlf-release-action-"));
  const files = { GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary") };
  for (const path of Object.values(files)) writeFileSync(path, "");
  return { dir, files };
}

function spawnAndWait(file: string, args: string[], env: Record<string, string>) {
  const child = spawn(file, args, { cwd: ACTION_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  return new Promise<{ code: number | null; log: string }>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, log }));
  });
}

const inputVariables = (inputs: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
  );

/**
 * Runs the action's source with @github/local-action (on Node 24, test/setup/node24.ts), which
 * reads action.yml and the inputs from a .env file as the runner would set them; the runner's
 * output and summary files are given too.
 */
export async function runWithLocalAction(inputs: Record<string, string>): Promise<ActionRun> {
  const { dir, files } = runnerFiles();
  const dotenv = join(dir, ".env");
  const variables = { ...inputVariables(inputs), ...files };
  writeFileSync(
    dotenv,
    Object.entries(variables)
      .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
      .join("\n"),
  );
  const bin = join(ACTION_DIR, "node_modules", ".bin");
  const run = await spawnAndWait(join(bin, "local-action"), ["run", ".", "src/main.ts", dotenv], {
    PATH: `${inject("node24")}:${bin}:${process.env.PATH ?? ""}`,
    HOME: dir,
    NO_COLOR: "1",
  });
  return {
    ...run,
    outputs: readOutputs(readFileSync(files.GITHUB_OUTPUT, "utf8")),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8"),
  };
}

/** action.yml's inputs that have a default, with it: the runner sets them when a step does not. */
function defaults(): Record<string, string> {
  const action = parse(readFileSync(join(ACTION_DIR, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs).flatMap(([name, input]) =>
      input.default === undefined ? [] : [[name, input.default]],
    ),
  );
}

/**
 * Runs the committed bundle as the runner does: `node dist/index.cjs` on Node 24 (action.yml's
 * runs.using), with every input in its INPUT_* variable (action.yml's defaults for those not given).
 */
export async function runBundle(inputs: Record<string, string>): Promise<ActionRun> {
  const { files } = runnerFiles();
  const node = join(inject("node24"), "node");
  const run = await spawnAndWait(node, [join(ACTION_DIR, "dist", "index.cjs")], {
    PATH: process.env.PATH ?? "",
    ...inputVariables({ ...defaults(), ...inputs }),
    ...files,
  });
  return {
    ...run,
    outputs: readOutputs(readFileSync(files.GITHUB_OUTPUT, "utf8")),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8"),
  };
}
