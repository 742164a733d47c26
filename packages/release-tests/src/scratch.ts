import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PackedPackage } from "./pack.js";
import { consumerDir } from "./paths.js";
import { cleanEnv, runOk } from "./run.js";

/** The package managers a user may install the tarballs with. */
export type PackageManager = "npm" | "pnpm";

/**
 * A new project in `dir` that depends on the tarballs (and on nothing of this workspace), with the
 * files of consumer/ in it, installed by `manager` from the tarballs and the registry.
 */
export async function createScratchProject(
  dir: string,
  tarballs: readonly PackedPackage[],
  manager: PackageManager,
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const dependencies = Object.fromEntries(tarballs.map((p) => [p.name, `file:${p.tarball}`]));
  // Note: the CLI depends on the client by version, which is not on the registry yet; both package
  // managers are told to take the tarball for it, as they would the published version.
  const overrides = Object.fromEntries(tarballs.map((p) => [p.name, `$${p.name}`]));
  const manifest = { name: "scratch", private: true, type: "module", dependencies, overrides };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const pnpmOverrides = tarballs.map((p) => `  "${p.name}": "file:${p.tarball}"\n`).join("");
  writeFileSync(join(dir, "pnpm-workspace.yaml"), `overrides:\n${pnpmOverrides}`);
  cpSync(consumerDir, dir, { recursive: true });
  const args =
    manager === "npm"
      ? ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]
      : ["install", "--prefer-offline", "--reporter=append-only"];
  // Note: a deadline for a hang only; the registry may be slow, and the machine busy.
  await runOk(manager, args, { cwd: dir, env: cleanEnv(), timeoutMs: 600_000 });
  return dir;
}
