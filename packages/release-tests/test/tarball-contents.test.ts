import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { packedManifest } from "../src/pack.js";
import { manifestsDir, repoRoot } from "../src/paths.js";
import { manifestName, PUBLIC_PACKAGES } from "../src/public-packages.js";
import { workspacePackages } from "../src/workspace.js";

// What each tarball holds, file by file, as `pnpm pack` (and so `pnpm publish`) makes it.
// UPDATE_MANIFESTS=1 (`pnpm update-manifests`) rewrites the expected lists instead of comparing.

const { packed } = inject("release");
const update = process.env.UPDATE_MANIFESTS === "1";

/** What no tarball may hold, whatever its manifest says. */
const FORBIDDEN_FILES = [
  /(^|\/)test(s)?\//,
  /(^|\/)__tests__\//,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
  /(^|\/)fixtures?\//,
  /(^|\/)bench\//,
  /(^|\/)coverage\//,
  /(^|\/)node_modules\//,
  /(^|\/)\.turbo\//,
  /\.tsbuildinfo$/,
  /(^|\/)tsconfig[^/]*\.json$/,
  /(^|\/)vitest\.config\./,
  /(^|\/)\.env/,
];
/** Paths of the machine that packed it: a local path in a shipped file leaks, and breaks. */
const LOCAL_PATHS = [
  /\/work\//,
  /\/home\//,
  /\/root\//,
  /\/tmp\//,
  /\/Users\//,
  /[A-Z]:\\\\Users/,
  new RegExp(repoRoot.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
];

function allFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? allFiles(path, `${prefix}${name}/`)
      : [`${prefix}${name}`];
  });
}

describe.each(PUBLIC_PACKAGES.map((pkg) => [pkg.name, pkg] as const))(
  "the tarball of %s",
  (name, pkg) => {
    const tarball = packed.find((p) => p.name === name);

    it("was packed", () => {
      expect(tarball, `${name} was not packed`).toBeDefined();
    });

    it("holds exactly the files of its manifest", () => {
      const manifest = join(manifestsDir, manifestName(name));
      if (update) writeFileSync(manifest, `${tarball!.files.join("\n")}\n`);
      if (!existsSync(manifest)) {
        expect.fail(
          `no manifest ${manifest}: run \`pnpm --filter @dlf-release/release-tests update-manifests\``,
        );
      }
      const expected = readFileSync(manifest, "utf8").split("\n").filter(Boolean);
      expect(
        tarball!.files,
        `${pkg.dir}'s tarball differs from manifests/${manifestName(name)}; if the change is meant, ` +
          "run `pnpm --filter @dlf-release/release-tests update-manifests` and review the diff",
      ).toEqual(expected);
    });

    it("holds no test, fixture, benchmark or build leftover", () => {
      const offending = tarball!.files.filter((file) =>
        FORBIDDEN_FILES.some((rule) => rule.test(file)),
      );
      expect(offending).toEqual([]);
    });

    it("holds a README, a CHANGELOG and its package.json", () => {
      expect(tarball!.files).toEqual(
        expect.arrayContaining(["README.md", "CHANGELOG.md", "package.json"]),
      );
    });

    it("links from its README only to absolute URLs or its own headings (npm resolves no relative link)", () => {
      const readme = readFileSync(join(tarball!.unpacked, "README.md"), "utf8");
      const targets = [...readme.matchAll(/\]\(([^)\s]+)[^)]*\)/g)].map((match) => match[1] ?? "");
      expect(targets.filter((target) => !/^(https?:\/\/|#)/.test(target))).toEqual([]);
    });

    it("names no path of the machine that packed it, in any file", () => {
      const leaks: string[] = [];
      for (const file of allFiles(tarball!.unpacked)) {
        const text = readFileSync(join(tarball!.unpacked, file), "utf8");
        for (const rule of LOCAL_PATHS) {
          const match = rule.exec(text);
          if (match)
            leaks.push(
              `${file}: ...${text.slice(Math.max(0, match.index - 40), match.index + 40)}...`,
            );
        }
      }
      expect(leaks).toEqual([]);
    });

    it("has a package.json fit to publish", () => {
      const manifest = packedManifest(tarball!);
      expect(manifest.name).toBe(name);
      expect(manifest.private, "a private package cannot be published").toBeUndefined();
      expect(manifest.license).toBe("Apache-2.0");
      expect(manifest.type).toBe("module");
      // Note: npm provenance checks that repository.url is the repository the workflow runs in.
      expect(manifest.repository).toEqual({
        type: "git",
        url: "git+https://github.com/dlf-release/dlf-release.git",
        directory: pkg.dir,
      });
      expect(Object.keys(manifest.exports as object)).toEqual(pkg.entryPoints);
      expect(Object.keys((manifest.bin as object | undefined) ?? {})).toEqual(pkg.bins);
      // Note: pnpm rewrites workspace: and catalog: ranges when it packs; one left over cannot install.
      const ranges = JSON.stringify([
        manifest.dependencies,
        manifest.peerDependencies,
        manifest.optionalDependencies,
      ]);
      expect(ranges).not.toMatch(/workspace:|catalog:|link:|file:/);
    });

    it("points every export and bin at a file it holds", () => {
      const manifest = packedManifest(tarball!);
      const targets: string[] = [];
      const collect = (value: unknown) => {
        if (typeof value === "string") targets.push(value.replace(/^\.\//, ""));
        else if (value && typeof value === "object") Object.values(value).forEach(collect);
      };
      collect(manifest.exports);
      collect(manifest.bin);
      expect(targets.length).toBeGreaterThan(0);
      expect(targets.filter((target) => !tarball!.files.includes(target))).toEqual([]);
    });
  },
);

describe("the list of public packages", () => {
  it("names every workspace package that is not private, and no other", () => {
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const publicOnes = workspacePackages()
      .filter(({ manifest }) => manifest.private !== true)
      .map(({ dir, manifest }) => ({ name: manifest.name, dir }))
      .sort(byName);
    expect(publicOnes).toEqual(
      PUBLIC_PACKAGES.map(({ name, dir }) => ({ name, dir })).sort(byName),
    );
  });
});
