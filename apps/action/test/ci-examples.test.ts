import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ACTION_DIR } from "./support/run-action.js";

// The CI examples are files (examples/ci/), shown verbatim by the CLI's README and the docs page:
// workflows valid against the GitHub workflow schema, pipelines that parse, every action pinned by
// a full commit SHA, the workspace passed to every step, one release at a time (the drift monitor,
// doctor.*, releases nothing). Their `dlf-release` lines run against the sandbox in the CLI's
// tests (apps/cli/test/examples-run.test.ts).

const run = promisify(execFile);
const ROOT = join(ACTION_DIR, "..", "..");
const EXAMPLES = join(ROOT, "examples", "ci");
const files = (provider: string) =>
  readdirSync(join(EXAMPLES, provider)).map((file) => join(EXAMPLES, provider, file));
const github = files("github");
const gitlab = files("gitlab");
const name = (path: string) => path.slice(ROOT.length + 1);
/** Whether an example releases (the drift monitor, doctor.*, only reads). */
const releases = (path: string) => !path.includes("/doctor.");

/** Every `uses:` of a workflow file, as written. */
const usesOf = (text: string) => [...text.matchAll(/^\s*(?:- )?uses:\s*(.+)$/gm)].map((m) => m[1]);

/** The `dlf-release ...` command lines of a script, continuation lines joined. */
function commandsOf(script: string[]): string[][] {
  return script
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => line.startsWith("dlf-release "))
    .map((line) => line.split(" ").slice(1));
}

describe.each(github)("%s", (path) => {
  const text = readFileSync(path, "utf8");

  it("is a valid GitHub Actions workflow", async () => {
    const validator = join(ACTION_DIR, "node_modules", ".bin", "action-validator");
    await expect(run(validator, [path])).resolves.toBeDefined();
  });

  it("pins every action by a full commit SHA, with its version in a comment", () => {
    const uses = usesOf(text);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses)
      expect(use, name(path)).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # \S+/);
  });
});

describe.each(github.filter(releases))("%s", (path) => {
  it("passes the workspace to every step of the action: package names are per workspace", () => {
    const { jobs } = parse(readFileSync(path, "utf8")) as {
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
    };
    const steps = Object.values(jobs)
      .flatMap((job) => job.steps)
      .filter((step) => step.uses?.startsWith("dlf-release/dlf-release/apps/action@"));
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) expect(step.with?.workspace, name(path)).toBeTruthy();
  });

  it("runs one release at a time and lets a running one finish", () => {
    expect(parse(readFileSync(path, "utf8")).concurrency).toEqual({
      group: "dlf-release-production",
      "cancel-in-progress": false,
    });
  });
});

describe.each(gitlab)("%s", (path) => {
  const pipeline = parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  const jobs = Object.entries(pipeline).filter(
    (entry): entry is [string, { script: string[]; resource_group?: string }] =>
      typeof entry[1] === "object" && entry[1] !== null && "script" in entry[1],
  );

  it("parses, and each job that releases runs one release at a time", () => {
    expect(jobs.length).toBeGreaterThan(0);
    for (const [, job] of jobs) {
      const released = commandsOf(job.script).some(([command]) => command !== "doctor");
      expect(job.resource_group, name(path)).toBe(released ? "dlf-release-production" : undefined);
    }
  });
});

it("the CLI's README shows every example verbatim, in its section on CI", () => {
  const readme = readFileSync(join(ROOT, "apps", "cli", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## In CI"));
  for (const path of [...github, ...gitlab]) {
    expect(section.includes(`\`\`\`yaml\n${readFileSync(path, "utf8")}\`\`\``), name(path)).toBe(
      true,
    );
  }
});
