import * as core from "@actions/core";
// Note: the CLI's own entry point, in-process; the bundle (scripts/bundle.js) inlines it.
import { main } from "../../cli/src/main.js";
import { DEPLOY_STATUS, nameOf } from "../../cli/src/names.js";
import type { OutcomeDocument } from "../../cli/src/outcome.js";
import { summaryOf } from "./summary.js";

// The dlf-release GitHub Action: the inputs become a `dlf-release release` (or `wait`) command run
// in-process with --json; its document becomes the outputs, the job summary and the annotations.

/** Inputs that carry secrets, and the variable each becomes for the CLI. */
const SECRET_INPUTS = {
  "access-key": "HUAWEICLOUD_SDK_AK",
  "secret-key": "HUAWEICLOUD_SDK_SK",
  "security-token": "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  token: "DLF_TOKEN",
} as const;

/** Inputs passed on as the flag of the same name when given. */
const FLAG_INPUTS = ["region", "base-url", "project-id", "workspace", "offset-mode"] as const;
const RELEASE_INPUTS = [
  "apply-user",
  "submitter",
  "task-type",
  "update-type",
  "item-name",
  "since",
  "until",
  "if-nothing-pending",
] as const;

const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");

/**
 * A boolean input, "true" or "false"; anything else is a mistake named as such. Empty is the
 * default of action.yml, which the runner fills in but a bare run may not.
 */
function flag(name: string, fallback: boolean): boolean {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === "") return fallback;
  if (value === "true" || value === "false") return value === "true";
  throw new Error(`input ${name}: expected true or false, got "${value}"`);
}

/** The command line that the inputs make. */
export function argvOf(): string[] {
  const command = core.getInput("command") || "release";
  if (command !== "release" && command !== "wait") {
    throw new Error(`input command: expected release or wait, got "${command}"`);
  }
  const argv = [command, "--name", core.getInput("name", { required: true }), "--json"];
  for (const name of FLAG_INPUTS) {
    const value = core.getInput(name);
    if (value) argv.push(`--${name}`, value);
  }
  if (command === "release") {
    for (const approver of list(core.getInput("approver"))) argv.push("--approver", approver);
    for (const name of RELEASE_INPUTS) {
      const value = core.getInput(name);
      if (value) argv.push(`--${name}`, value);
    }
    const items = list(core.getInput("items"));
    if (items.length > 0) argv.push("--item", items.join(","));
    if (flag("all-pending", false)) argv.push("--all-pending");
  }
  if (command === "wait" || flag("wait", true)) {
    if (command === "release") argv.push("--wait");
    argv.push("--timeout", core.getInput("timeout") || "30m");
    argv.push("--interval", core.getInput("interval") || "30s");
  }
  const junit = core.getInput("junit");
  if (junit) argv.push("--junit", junit);
  return argv;
}

/** The environment for the CLI: the step's, with the secret inputs added and masked. */
function envOf(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [input, variable] of Object.entries(SECRET_INPUTS)) {
    const value = core.getInput(input);
    if (!value) continue;
    core.setSecret(value);
    env[variable] = value;
  }
  return env;
}

/** Runs the action; local-action and the bundle's entry point call it. */
export async function run(): Promise<void> {
  let stdout = "";
  let stderr = "";
  const interrupt = new AbortController();
  const stop = (signal: NodeJS.Signals) => interrupt.abort(signal);
  process.once("SIGINT", stop).once("SIGTERM", stop);
  try {
    const code = await main(argvOf(), {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: {
        write: (text: string) => {
          stderr += text;
          return process.stderr.write(text);
        },
      },
      env: envOf(),
      interrupt: interrupt.signal,
    });
    core.setOutput("exit-code", String(code));
    if (stdout === "") {
      core.setFailed(`dlf-release ended with exit code ${code}: ${stderr.trim()}`);
      return;
    }
    const document = JSON.parse(stdout) as OutcomeDocument;
    const status = document.package?.deploy_status;
    core.setOutput("package-id", document.package?.package_id ?? "");
    core.setOutput("outcome", document.outcome);
    // Note: a release that failed is "failed" here, even when the package itself says released.
    core.setOutput(
      "status",
      document.outcome === "failed" ? "failed" : nameOf(DEPLOY_STATUS, status),
    );
    core.setOutput("selected-items", (document.selected_items ?? []).join(","));
    core.setOutput("retryable", String(document.retryable));
    await core.summary.addRaw(summaryOf(document), true).write();
    if (code !== 0) {
      core.error(document.message, { title: `dlf-release ${document.outcome}` });
      core.setFailed(`dlf-release ended with exit code ${code} (${document.outcome})`);
    }
  } catch (error) {
    core.setFailed((error as Error).message);
  } finally {
    process.off("SIGINT", stop).off("SIGTERM", stop);
  }
}
