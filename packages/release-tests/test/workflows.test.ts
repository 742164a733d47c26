import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { repoRoot } from "../src/paths.js";
import { describeFailure, run } from "../src/run.js";
import { actionValidatorPath } from "../src/tools.js";
import {
  commands,
  onlyJob,
  SHARED_SCRIPTS,
  type Workflow,
  workflows,
  workflowsDir,
} from "../src/workflows.js";

// The GitHub workflows cannot run here: they are validated against the workflow schema
// (@action-validator/cli), and held to the scripts that .ci/run calls, so that CI, the docs site
// and a release are made by the same build.

const scratch = mkdtempSync(join(tmpdir(), "dlf-workflows-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const all = workflows();
const byFile = (file: string): Workflow => {
  const workflow = all.find((w) => w.file === file);
  if (!workflow) throw new Error(`.github/workflows/${file} is missing`);
  return workflow;
};
const validate = (path: string) =>
  run(process.execPath, [actionValidatorPath(), path], { cwd: repoRoot });
/**
 * `uses:` at a full commit SHA with its release in a comment (OpenSSF Scorecard's
 * Pinned-Dependencies): a tag can be moved to other code, a commit cannot.
 */
const PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$/;
/** Every `uses:` of a workflow file as written, its comment included. */
const usesLines = (file: string) =>
  [...readFileSync(join(workflowsDir, file), "utf8").matchAll(/^\s*(?:- )?uses:\s*(.+)$/gm)].map(
    (match) => match[1] ?? "",
  );

describe("the workflows", () => {
  it("are CI, docs and release", () => {
    expect(all.map((w) => w.file)).toEqual(["ci.yml", "docs.yml", "release.yml"]);
  });

  it.each(all.map((w) => [w.file]))("%s validates against the workflow schema", async (file) => {
    const result = await validate(join(workflowsDir, file));
    expect(result.code, describeFailure("action-validator", [file], result)).toBe(0);
  });

  it("the validator refuses a workflow whose job lost its runner", async () => {
    const broken = structuredClone(byFile("ci.yml")) as Partial<Workflow>;
    delete broken.file;
    delete Object.values(broken.jobs ?? {})[0]?.["runs-on"];
    const path = join(scratch, "broken.yml");
    writeFileSync(path, stringify(broken));
    const result = await validate(path);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain("runs-on");
  });

  it.each(all.map((w) => [w.file, w] as const))(
    "%s has one job, and pins every action by its commit",
    (file, workflow) => {
      onlyJob(workflow);
      const uses = usesLines(file);
      expect(uses.length).toBeGreaterThan(0);
      expect(uses.filter((use) => !PINNED.test(use))).toEqual([]);
    },
  );
});

describe("one definition of the build", () => {
  const ciRun = readFileSync(join(repoRoot, ".ci", "run"), "utf8");

  it(".ci/run calls the shared scripts, then the tests", () => {
    const calls = ciRun.split("\n").filter((line) => line.startsWith("bash "));
    expect(calls).toEqual([
      "bash scripts/ci/install-debian-packages.sh",
      `bash ${SHARED_SCRIPTS.install}`,
      `bash ${SHARED_SCRIPTS.build}`,
      "bash scripts/ci/test.sh",
    ]);
  });

  it("every script a workflow or .ci/run calls is there and executable", () => {
    const scripts = new Set(
      [...all.flatMap((w) => commands(onlyJob(w))), ciRun].flatMap((line) =>
        [...line.matchAll(/(?:^|\s)((?:\.ci|scripts)\/[\w./-]+)/g)].map((m) => m[1] ?? ""),
      ),
    );
    expect(scripts.size).toBeGreaterThan(3);
    for (const script of scripts) accessSync(join(repoRoot, script), constants.X_OK);
  });

  it("CI runs .ci/run in Debian with Node 20, on every push to main and every pull request", () => {
    const ci = byFile("ci.yml");
    expect(ci.name).toBe("CI");
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(["push", "pull_request"]));
    const job = onlyJob(ci);
    expect(job.container).toMatch(/^node:20\.\d+\.\d+-bookworm$/);
    expect(commands(job)).toEqual([".ci/run"]);
  });

  it("docs builds with the shared scripts after CI passed, and deploys apps/docs/dist to GitHub Pages", () => {
    const docs = byFile("docs.yml");
    expect(docs.on.workflow_run).toMatchObject({
      workflows: ["CI"],
      types: ["completed"],
      branches: ["main"],
    });
    expect(docs.permissions).toMatchObject({ pages: "write", "id-token": "write" });
    const job = onlyJob(docs);
    expect(commands(job)).toEqual([
      `bash ${SHARED_SCRIPTS.install}`,
      `bash ${SHARED_SCRIPTS.build}`,
    ]);
    const upload = job.steps.find((step) =>
      step.uses?.startsWith("actions/upload-pages-artifact@"),
    );
    expect(upload?.with?.path).toBe("apps/docs/dist");
    const deploy = job.steps.at(-1);
    expect(deploy?.uses).toMatch(/^actions\/deploy-pages@/);
    expect(job.environment).toEqual({
      name: "github-pages",
      url: `\${{ steps.${deploy?.id}.outputs.page_url }}`,
    });
  });

  it("release builds with the shared scripts after CI passed, and publishes through Changesets with provenance", () => {
    const release = byFile("release.yml");
    expect(release.on.workflow_run).toMatchObject({
      workflows: ["CI"],
      types: ["completed"],
      branches: ["main"],
    });
    expect(release.permissions).toMatchObject({
      contents: "write",
      "pull-requests": "write",
      "id-token": "write",
    });
    const job = onlyJob(release);
    expect(commands(job)).toEqual([
      `bash ${SHARED_SCRIPTS.install}`,
      `bash ${SHARED_SCRIPTS.build}`,
    ]);
    const changesets = job.steps.find((step) => step.uses?.startsWith("changesets/action@"));
    // Note: v2's input names; under them v1 would silently run no script.
    const pinned = usesLines("release.yml").find((use) => use.startsWith("changesets/action@"));
    expect(pinned).toMatch(/ # v2\.\d+\.\d+$/);
    expect(changesets?.with).toMatchObject({
      "version-script": "pnpm run version-packages",
      "publish-script": "pnpm run release",
    });
    expect(changesets?.env?.NPM_CONFIG_PROVENANCE).toBe("true");
    const scripts = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).scripts;
    expect(scripts.release).toBe("bash scripts/node24.sh changeset publish");
    expect(scripts["version-packages"]).toBe(
      "bash scripts/node24.sh node scripts/version-packages.js",
    );
  });

  it("the workflows run the Node version of CI's container", () => {
    const image = onlyJob(byFile("ci.yml")).container as string;
    const version = /^node:(\d+\.\d+\.\d+)/.exec(image)?.[1];
    for (const file of ["docs.yml", "release.yml"]) {
      const setup = onlyJob(byFile(file)).steps.find((step) =>
        step.uses?.startsWith("actions/setup-node@"),
      );
      expect(String(setup?.with?.["node-version"]), file).toBe(version);
    }
  });
});
