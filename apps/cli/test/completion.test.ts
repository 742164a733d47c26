import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, freshHome, writeConfig } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";

// `dlf-release completion bash`, loaded in a real bash: partial command lines completed as a user's
// Tab would, with `dlf-release` on the PATH for the profile names.

const dir = mkdtempSync(join(tmpdir(), "dlf-release-completion-"));
const home = freshHome();
writeConfig(home, { profiles: { default: {}, deployer: {} } });
writeFileSync(join(dir, "dlf-release"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
chmodSync(join(dir, "dlf-release"), 0o755);

/** The candidates bash offers for a command line; a trailing space starts a new word. */
function complete(script: string, line: string): string[] {
  const program = `source "$1"
COMP_WORDS=($2)
[[ "$2" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_dlf_release
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync("bash", ["--norc", "-c", program, "bash", script, line], {
    encoding: "utf8",
    env: { PATH: `${dir}:${process.env.PATH}`, HOME: home, XDG_CONFIG_HOME: join(home, "config") },
  });
  expect(result.stderr).toBe("");
  return result.stdout.split("\n").filter(Boolean);
}

describe("bash completion", async () => {
  const made = await runMain(["completion", "bash"]);
  const script = join(dir, "dlf-release.bash");
  writeFileSync(script, made.stdout);

  it.each([
    ["dlf-release rel", ["release"]],
    ["dlf-release packages --st", ["--status"]],
    ["dlf-release packages --status ", ["review", "released", "failed", "releasing"]],
    ["dlf-release release --ap", ["--approver", "--apply-user"]],
    ["dlf-release release --task-type ", ["job", "script"]],
    ["dlf-release --offset-mode r", ["record"]],
    ["dlf-release wait --n", ["--name"]],
    ["dlf-release --profile ", ["default", "deployer"]],
  ])("completes %j", (line, candidates) => {
    expect(made.code).toBe(0);
    expect(complete(script, line)).toEqual(candidates);
  });

  it("offers a command's own flags and the global ones", () => {
    const candidates = complete(script, "dlf-release show --");
    expect(candidates).toContain("--json");
    expect(candidates).toContain("--profile");
    expect(candidates).not.toContain("--status");
  });
});

/** Runs a shell program with `dlf-release` on the PATH and the test's config file. */
function shell(file: string, args: string[]) {
  const result = spawnSync(file, args, {
    encoding: "utf8",
    env: {
      PATH: `${dir}:${process.env.PATH}`,
      HOME: home,
      XDG_CONFIG_HOME: join(home, "config"),
      TERM: "dumb",
    },
  });
  expect(result.stderr).toBe("");
  return result.stdout.split("\n").filter(Boolean);
}

/** The candidates that start with the word being completed, as zsh's compadd keeps them. */
const typed = (line: string, candidates: string[]) =>
  candidates.filter((candidate) => candidate.startsWith(line.split(" ").at(-1) ?? ""));

describe("zsh completion", async () => {
  const made = await runMain(["completion", "zsh"]);
  const script = join(dir, "dlf-release.zsh");
  writeFileSync(script, made.stdout);
  // Note: zsh's completion system calls the bash function as bashcompinit does (0-based
  // arrays), then keeps the words that start with what was typed: bashcompinit's compgen does not.
  const complete = (line: string) =>
    typed(
      line,
      shell("zsh", [
        "-f",
        "-c",
        `source "$1"
setopt ksharrays
COMP_WORDS=(\${=2})
[[ "$2" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_dlf_release
print -l -- "\${COMPREPLY[@]}"`,
        "zsh",
        script,
        line,
      ]),
    );

  it.each([
    ["dlf-release rel", ["release"]],
    ["dlf-release packages --status ", ["review", "released", "failed", "releasing"]],
    ["dlf-release --profile ", ["default", "deployer"]],
  ])("completes %j, the script loaded by a bare zsh", (line, candidates) => {
    expect(made.code).toBe(0);
    expect(complete(line)).toEqual(candidates);
  });
});

describe("fish completion", async () => {
  const made = await runMain(["completion", "fish"]);
  const script = join(dir, "dlf-release.fish");
  writeFileSync(script, made.stdout);
  const complete = (line: string) =>
    shell("fish", ["--no-config", "-c", "source $argv[1]; complete -C $argv[2]", script, line]).map(
      (candidate) => candidate.split("\t")[0],
    );

  it.each([
    ["dlf-release rel", ["release"]],
    ["dlf-release packages --status ", ["failed", "releasing", "released", "review"]],
    ["dlf-release --profile ", ["default", "deployer"]],
  ])("completes %j", (line, candidates) => {
    expect(made.code).toBe(0);
    expect(complete(line).sort()).toEqual([...candidates].sort());
  });
});

describe("completion", () => {
  it("refuses a shell it does not know, naming the choices", async () => {
    const run = await runMain(["completion", "tcsh"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("bash, zsh, fish");
  });
});
