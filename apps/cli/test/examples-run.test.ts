import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { seedItems, seedPackages } from "../sandbox/seed.js";
import { freshHome, serviceEnv, writeConfig } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { APPLICANT, APPROVER, useStandIn } from "./support/stand-in.js";

// Every `dlf-release` command a user copies: the READMEs', each command's --help examples, and
// the CI examples' script lines, run against the sandbox as printed (variables filled in).
// A command may end red against the sandbox (a package it names does not exist there), but
// never with a usage error: an example that exits 2 fails as printed.

const start = useStandIn();
const ROOT = new URL("../../../", import.meta.url);

/** What the examples' variables stand for here. */
const VARIABLES: Record<string, string> = {
  GITHUB_RUN_ID: "42",
  CI_PIPELINE_ID: "42",
  DLF_APPROVER: APPROVER,
  DLF_APPLICANT: APPLICANT,
};

/** A shell line as argv: variables filled in, quotes dropped, output redirections and pipes cut. */
function argvOf(line: string): string[] {
  const command = line.split(/ (?:\||>) /)[0] ?? "";
  const filled = command.replace(
    /\$\{?(\w+)\}?/g,
    (whole, name: string) => VARIABLES[name] ?? whole,
  );
  return filled.replace(/["']/g, "").trim().split(/\s+/).slice(1);
}

/** The `dlf-release ...` lines of a Markdown file's sh blocks, continuations joined. */
function readmeLines(path: string): string[] {
  const text = readFileSync(new URL(path, ROOT), "utf8");
  return (
    [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
      .flatMap(([, block]) => (block ?? "").replace(/\\\n\s*/g, "").split("\n"))
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      // Note: a line with "..." stands for a command shown in part.
      .filter((line) => line.startsWith("dlf-release ") && !line.startsWith("dlf-release sandbox"))
      .filter((line) => !line.includes(" ... "))
  );
}

/** The `dlf-release ...` lines of the CI examples: GitLab's scripts, GitHub's `run:` steps. */
function ciLines(provider: "github" | "gitlab"): string[] {
  const folder = new URL(`examples/ci/${provider}/`, ROOT);
  return readdirSync(folder).flatMap((file) => {
    const pipeline = parse(readFileSync(new URL(file, folder), "utf8")) as {
      jobs?: Record<string, { steps: { run?: string }[] }>;
    };
    const lines =
      provider === "github"
        ? Object.values(pipeline.jobs ?? {}).flatMap((job) =>
            job.steps.flatMap((step) => step.run ?? []),
          )
        : Object.values(pipeline).flatMap((job: { script?: string[] }) => job.script ?? []);
    return lines
      .map((line) => line.replace(/\s+/g, " ").trim())
      .filter((line) => line.startsWith("dlf-release "));
  });
}

/** The "$ dlf-release ..." lines under "Examples:" in every command's --help. */
async function helpLines(): Promise<string[]> {
  const top = await runMain(["--help"]);
  const commands = [...top.stdout.matchAll(/^ {2}(\w+) /gm)].map((match) => match[1] ?? "");
  const helps = [top.stdout];
  for (const command of commands.filter((name) => name !== "help"))
    helps.push((await runMain([command, "--help"])).stdout);
  return helps
    .flatMap((help) =>
      [...help.matchAll(/^ {2}\$ (dlf-release .+)$/gm)].map((match) => match[1] ?? ""),
    )
    .filter((line) => !line.startsWith("dlf-release sandbox"));
}

describe("every example a user copies runs as printed", async () => {
  const examples = [
    ...readmeLines("README.md").map((line) => ["README.md", line]),
    ...readmeLines("apps/cli/README.md").map((line) => ["apps/cli/README.md", line]),
    ...ciLines("gitlab").map((line) => ["examples/ci/gitlab", line]),
    ...ciLines("github").map((line) => ["examples/ci/github", line]),
    ...(await helpLines()).map((line) => ["--help", line]),
  ];

  it("finds the examples of each place", () => {
    expect(new Set(examples.map(([where]) => where))).toEqual(
      new Set([
        "README.md",
        "apps/cli/README.md",
        "examples/ci/gitlab",
        "examples/ci/github",
        "--help",
      ]),
    );
  });

  it.each(examples)("%s: %s", async (_, line) => {
    const server = await start({ pending: seedItems(), packages: seedPackages() });
    const home = freshHome();
    // Note: the examples' profiles, as a user's config file would hold them.
    writeConfig(home, { profiles: { applicant: { applyUser: APPLICANT }, deployer: {} } });
    // Note: the sandbox moves by looks alone, so a shorter interval changes how long a wait
    // takes, never how it ends.
    // Note: a report the example writes beside it goes to the test's own folder.
    const printed = argvOf(line).map((arg, at, all) =>
      all[at - 1] === "--interval" ? "10ms" : all[at - 1] === "--junit" ? join(home, arg) : arg,
    );
    const argv =
      printed.includes("--wait") && !printed.includes("--interval")
        ? [...printed, "--interval", "10ms"]
        : printed;
    const run = await runMain(argv, { ...serviceEnv(server.url), HOME: home });
    expect(run.code, `${line}\n${run.stderr}`).not.toBe(2);
  });
});
