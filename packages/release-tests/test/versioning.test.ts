import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { repoRoot } from "../src/paths.js";
import { describeFailure, run, runOk } from "../src/run.js";
import { workspacePackages } from "../src/workspace.js";

// The version step of a release (`pnpm version-packages`: `changeset version`, then the spec's
// info.version and its last release follow), run for real on a scratch copy of the repository:
// what Changesets reads (config, package.json files, changelogs) and the spec.

let copy: string;

const read = (path: string) => readFileSync(join(copy, path), "utf8");
const version = (dir: string) => JSON.parse(read(`${dir}/package.json`)).version as string;
const infoVersion = () =>
  /^info:\n(?: {2}(?!version:).*\n)*? {2}version: (.+)$/m.exec(read("spec/openapi.yaml"))?.[1];

/** Writes a changeset, as `pnpm changeset` would. */
function addChangeset(
  id: string,
  releases: Record<string, "major" | "minor" | "patch">,
  summary: string,
) {
  const front = Object.entries(releases).map(([name, type]) => `"${name}": ${type}`);
  writeFileSync(
    join(copy, ".changeset", `${id}.md`),
    `---\n${front.join("\n")}\n---\n\n${summary}\n`,
  );
}

/** `pnpm version-packages` as package.json runs it: on Node 24 (Changesets CLI 3 needs 22.11). */
async function versionPackages() {
  const args = [
    join(repoRoot, "scripts/node24.sh"),
    "node",
    join(repoRoot, "scripts/version-packages.js"),
  ];
  const result = await run("bash", args, {
    cwd: copy,
    env: { ...process.env, DLF_RELEASE_ROOT: copy },
  });
  expect(result.code, describeFailure("bash", args, result)).toBe(0);
}

// Note: the copy is made and committed once; each test starts from that commit.
beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), "dlf-versioning-"));
  for (const path of [
    ".changeset",
    "package.json",
    "pnpm-workspace.yaml",
    "redocly.yaml",
    "scripts",
  ]) {
    cpSync(join(repoRoot, path), join(copy, path), { recursive: true });
  }
  // Note: the changesets pending in the repository are not this test's: only its own are versioned.
  for (const file of readdirSync(join(copy, ".changeset"))) {
    if (file.endsWith(".md") && file !== "README.md") rmSync(join(copy, ".changeset", file));
  }
  cpSync(join(repoRoot, "spec"), join(copy, "spec"), {
    recursive: true,
    filter: (source) => !/\/(node_modules|dist)(\/|$)/.test(source.slice(repoRoot.length)),
  });
  for (const { dir } of workspacePackages()) {
    mkdirSync(join(copy, dir), { recursive: true });
    for (const file of ["package.json", "CHANGELOG.md"]) {
      if (existsSync(join(repoRoot, dir, file)))
        cpSync(join(repoRoot, dir, file), join(copy, dir, file));
    }
  }
  // Note: the tools are the workspace's own: changeset from the script's place, redocly linked
  // (never install in the copy: pnpm would prune the linked folder to the copy's few packages).
  symlinkSync(join(repoRoot, "spec", "node_modules"), join(copy, "spec", "node_modules"));
  // Note: Changesets reads the commits that added the changesets, for the changelog.
  const git = (...args: string[]) => runOk("git", args, { cwd: copy });
  await git("init", "-q", "-b", "main");
  await git("-c", "user.name=test", "-c", "user.email=test@example.invalid", "add", "-A");
  await git(
    "-c",
    "user.name=test",
    "-c",
    "user.email=test@example.invalid",
    "commit",
    "-qm",
    "scratch",
  );
  await git("tag", "scratch");
});

beforeEach(async () => {
  await runOk("git", ["reset", "-q", "--hard", "scratch"], { cwd: copy });
  await runOk("git", ["clean", "-fdq"], { cwd: copy });
});

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

describe("pnpm version-packages", () => {
  it("bumps a package by its changeset, writes its changelog, and leaves the private ones alone", async () => {
    const before = { client: version("packages/client"), spec: version("spec") };
    const released = read("spec/released/openapi.json");
    addChangeset("client-minor", { "@dlf-release/client": "minor" }, "Pages of 500 items.");
    await versionPackages();

    const [major, minor] = before.client.split(".").map(Number);
    expect(version("packages/client")).toBe(`${major}.${(minor ?? 0) + 1}.0`);
    expect(read("packages/client/CHANGELOG.md")).toMatch(
      new RegExp(
        `^# @dlf-release/client\\n\\n## ${major}\\.${(minor ?? 0) + 1}\\.0\\n\\n### Minor Changes\\n\\n- Pages of 500 items\\.`,
      ),
    );
    expect(existsSync(join(copy, ".changeset", "client-minor.md"))).toBe(false);
    expect(version("spec")).toBe(before.spec);
    expect(infoVersion()).toBe(before.spec);
    expect(read("spec/released/openapi.json")).toBe(released);
    for (const { dir, manifest } of workspacePackages()) {
      if (!manifest.private) continue;
      expect(version(dir), dir).toBe(manifest.version);
      expect(existsSync(join(copy, dir, "CHANGELOG.md")), `${dir}/CHANGELOG.md`).toBe(false);
    }
  });

  it("moves the spec's info.version with its package and makes the new bundle the last release", async () => {
    addChangeset(
      "spec-major",
      { "@dlf-release/spec": "major", "@dlf-release/client": "major" },
      "Pending items are listed by page token.",
    );
    await versionPackages();

    const next = `${Number(version("spec").split(".")[0])}.0.0`;
    expect(next).not.toBe(
      JSON.parse(readFileSync(join(repoRoot, "spec/package.json"), "utf8")).version,
    );
    expect(infoVersion()).toBe(next);
    expect(JSON.parse(read("spec/released/openapi.json")).info.version).toBe(next);
    expect(read("spec/CHANGELOG.md")).toContain(`## ${next}\n\n### Major Changes`);
    expect(version("packages/client").endsWith(".0.0")).toBe(true);
  });
});
