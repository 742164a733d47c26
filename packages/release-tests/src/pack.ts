import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.js";
import { PUBLIC_PACKAGES, type PublicPackage } from "./public-packages.js";
import { runOk } from "./run.js";

/** A public package as `pnpm pack` made it. */
export interface PackedPackage {
  name: string;
  version: string;
  /** The .tgz file. */
  tarball: string;
  /** The tarball's files, relative to its `package/` folder, sorted. */
  files: string[];
  /** Where the tarball was unpacked (its `package/` folder). */
  unpacked: string;
}

/** Packs one package with `pnpm pack` (as `pnpm publish` would) and unpacks it beside the tarball. */
export async function pack(pkg: PublicPackage, destination: string): Promise<PackedPackage> {
  mkdirSync(destination, { recursive: true });
  const cwd = join(repoRoot, pkg.dir);
  const { stdout } = await runOk("pnpm", ["pack", "--json", "--pack-destination", destination], {
    cwd,
  });
  // Note: pnpm may print lifecycle output before the JSON; the JSON is the last thing it prints.
  const packed = JSON.parse(stdout.slice(stdout.indexOf("{"))) as {
    name: string;
    version: string;
    filename: string;
  };
  if (packed.name !== pkg.name) throw new Error(`packed ${packed.name} in ${cwd}, not ${pkg.name}`);
  const tarball = packed.filename;
  // Note: the list comes from the tarball itself, not from pnpm's report of what it put there.
  const listing = await runOk("tar", ["-tzf", tarball], { cwd: destination });
  const files = listing.stdout
    .split("\n")
    .filter((line) => line !== "" && !line.endsWith("/"))
    .map((line) => line.replace(/^package\//, ""))
    .sort();
  const unpacked = join(destination, `${pkg.name.replace("/", "__")}-unpacked`);
  mkdirSync(unpacked, { recursive: true });
  await runOk("tar", ["-xzf", tarball, "-C", unpacked], { cwd: destination });
  return {
    name: packed.name,
    version: packed.version,
    tarball,
    files,
    unpacked: join(unpacked, "package"),
  };
}

/** Packs every public package. */
export async function packAll(destination: string): Promise<PackedPackage[]> {
  const packed: PackedPackage[] = [];
  // Note: one at a time; pnpm pack is quick, and the machine is shared.
  for (const pkg of PUBLIC_PACKAGES) packed.push(await pack(pkg, destination));
  return packed;
}

/** The package.json inside a tarball, as users get it. */
export function packedManifest(packed: PackedPackage): Record<string, unknown> {
  return JSON.parse(readFileSync(join(packed.unpacked, "package.json"), "utf8"));
}
