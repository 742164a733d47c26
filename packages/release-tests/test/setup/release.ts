import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { type PackedPackage, packAll } from "../../src/pack.js";
import { createScratchProject } from "../../src/scratch.js";

// Once per run: pack every public package, then install the tarballs into two scratch projects in a
// temporary folder, one with npm and one with pnpm. The tests read what these left behind.

/** What the tests get from this setup through `inject("release")`. */
export interface ReleaseFixture {
  packed: PackedPackage[];
  projects: { npm: string; pnpm: string };
}

declare module "vitest" {
  export interface ProvidedContext {
    release: ReleaseFixture;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), "dlf-release-tests-"));
  const packed = await packAll(join(root, "tarballs"));
  // Note: side by side: each spends most of its time waiting for the registry.
  const [npm, pnpm] = await Promise.all([
    createScratchProject(join(root, "npm-project"), packed, "npm"),
    createScratchProject(join(root, "pnpm-project"), packed, "pnpm"),
  ]);
  project.provide("release", { packed, projects: { npm, pnpm } });
  return () => rmSync(root, { recursive: true, force: true });
}
