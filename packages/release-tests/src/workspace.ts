import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.js";

/** A package of the workspace: its folder (from the root) and its package.json. */
export interface WorkspacePackage {
  dir: string;
  manifest: { name: string; version: string; private?: boolean };
}

/** Every package that pnpm-workspace.yaml names (its `packages:` globs: a folder, or `folder/*`). */
export function workspacePackages(root = repoRoot): WorkspacePackage[] {
  const workspace = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const list = /^packages:\n((?: {2}- .*\n)+)/m.exec(workspace)?.[1] ?? "";
  const globs = [...list.matchAll(/^ {2}- (\S+)$/gm)].map((match) => match[1] ?? "");
  const dirs = globs.flatMap((glob) =>
    glob.endsWith("/*")
      ? readdirSync(join(root, glob.slice(0, -2))).map((name) => `${glob.slice(0, -2)}/${name}`)
      : [glob],
  );
  return dirs
    .filter((dir) => existsSync(join(root, dir, "package.json")))
    .map((dir) => ({
      dir,
      manifest: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")),
    }));
}
