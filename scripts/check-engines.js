// Fails when an installed package's `engines.node` excludes the Node running this check or the
// minimum that the README and the root package.json promise: such a package may work today and
// break on the next patch of that package, with nothing to say why.
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";

const root = new URL("..", import.meta.url).pathname;

/** The README's "Node X.Y or later", which must match the root package.json's engines. */
function promisedMinimum() {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const stated = /Node (\d+\.\d+) or later/.exec(readme)?.[1];
  const engines = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).engines?.node;
  const fromEngines = engines && semver.minVersion(engines)?.version;
  if (!stated || fromEngines !== `${stated}.0`) {
    console.error(
      `check-engines: README.md must say "Node X.Y or later" as package.json's engines.node ("${engines}") does; it says ${stated ? `Node ${stated}` : "nothing"}`,
    );
    process.exit(1);
  }
  return fromEngines;
}

/** Every package pnpm installed: the real directories in its virtual store (symlinks are dependencies). */
function* installedPackages() {
  const store = join(root, "node_modules/.pnpm");
  for (const entry of readdirSync(store)) {
    const modules = join(store, entry, "node_modules");
    let names;
    try {
      names = readdirSync(modules);
    } catch {
      continue;
    }
    for (const name of names) {
      const scoped = name.startsWith("@")
        ? readdirSync(join(modules, name)).map((n) => `${name}/${n}`)
        : [name];
      for (const pkg of scoped) {
        const dir = join(modules, pkg);
        if (lstatSync(dir).isSymbolicLink()) continue;
        try {
          yield JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
        } catch {
          // Note: a folder without a package.json here is pnpm's own bookkeeping, not a package.
        }
      }
    }
  }
}

const versions = {
  "the running Node": process.versions.node,
  "the README's minimum": promisedMinimum(),
};
const problems = [];
let checked = 0;
for (const pkg of installedPackages()) {
  const range = pkg.engines?.node;
  if (typeof range !== "string") continue;
  checked++;
  if (!semver.validRange(range)) {
    problems.push(`${pkg.name}@${pkg.version}: engines.node "${range}" is not a range`);
    continue;
  }
  for (const [what, version] of Object.entries(versions)) {
    if (!semver.satisfies(version, range)) {
      problems.push(
        `${pkg.name}@${pkg.version} wants Node "${range}", which excludes ${what} (${version})`,
      );
    }
  }
}
if (problems.length > 0) {
  console.error(
    `check-engines: ${problems.length} problem(s)\n  ${[...new Set(problems)].join("\n  ")}`,
  );
  process.exit(1);
}
console.log(
  `check-engines: ${checked} packages declare engines.node; all admit Node ${Object.values(versions).join(" and ")}`,
);
