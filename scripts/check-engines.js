// Fails when an installed package's `engines.node` excludes the Node running this check or the
// minimum that the README and the root package.json promise: such a package may work today and
// break on the next patch of that package, with nothing to say why.
import { lstatSync, readdirSync, readFileSync, realpathSync } from "node:fs";
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

/** The package names in a node_modules directory (scoped ones as @scope/name); none if absent. */
function packageNames(modules) {
  let names;
  try {
    names = readdirSync(modules);
  } catch {
    return [];
  }
  return names
    .filter((name) => !name.startsWith("."))
    .flatMap((name) =>
      name.startsWith("@") ? readdirSync(join(modules, name)).map((n) => `${name}/${n}`) : [name],
    );
}

/** The real directory of every package pnpm installed in its virtual store (symlinks are dependencies). */
function* installedPackages() {
  const store = join(root, "node_modules/.pnpm");
  for (const entry of readdirSync(store)) {
    const modules = join(store, entry, "node_modules");
    for (const name of packageNames(modules)) {
      const dir = join(modules, name);
      if (!lstatSync(dir).isSymbolicLink()) yield dir;
    }
  }
}

/** The packages a node_modules directory links to, as real directories. */
function* linked(modules) {
  for (const name of packageNames(modules)) {
    try {
      yield { name, dir: realpathSync(join(modules, name)) };
    } catch {
      // Note: a dangling link of an optional dependency for another platform.
    }
  }
}

/** Every package reachable from `roots`, following each one's dependencies in the store. */
function closure(roots) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length > 0) {
    const dir = queue.pop();
    if (seen.has(dir)) continue;
    seen.add(dir);
    // Note: in pnpm's store a package's dependencies are its siblings in the entry's node_modules.
    const name = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name;
    const modules = dir.slice(0, dir.length - name.length - 1);
    if (modules.endsWith("node_modules")) for (const dep of linked(modules)) queue.push(dep.dir);
  }
  return seen;
}

// Note: three tools run on the Node 24 of scripts/node-versions.sh, never on the machine's Node 20:
// StrykerJS (`pnpm mutation`), @github/local-action (the Action's tests) and the Changesets CLI
// (scripts/node24.sh, in the release job); what only they pull in is held to that Node instead.
const onNode24 = (name) =>
  name.startsWith("@stryker-mutator/") ||
  name === "@github/local-action" ||
  name === "@changesets/cli";
const node24 = /NODE_VERSIONS=\(.* (24\.\d+\.\d+)\)/.exec(
  readFileSync(join(root, "scripts/node-versions.sh"), "utf8"),
)?.[1];
const importers = [
  root,
  ...readdirSync(root, { withFileTypes: true })
    .filter((d) => ["packages", "apps"].includes(d.name) && d.isDirectory())
    .flatMap((d) => readdirSync(join(root, d.name)).map((name) => join(root, d.name, name))),
  join(root, "spec"),
  join(root, "examples"),
];
const direct = importers.flatMap((dir) => [...linked(join(dir, "node_modules"))]);
const node24Only = closure(direct.filter((dep) => onNode24(dep.name)).map((dep) => dep.dir));
for (const dir of closure(direct.filter((dep) => !onNode24(dep.name)).map((dep) => dep.dir))) {
  node24Only.delete(dir);
}

const versions = {
  "the running Node": process.versions.node,
  "the README's minimum": promisedMinimum(),
};
const problems = [];
let checked = 0;
for (const dir of installedPackages()) {
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  } catch {
    // Note: a folder without a package.json here is pnpm's own bookkeeping, not a package.
    continue;
  }
  const range = pkg.engines?.node;
  if (typeof range !== "string") continue;
  checked++;
  if (!semver.validRange(range)) {
    problems.push(`${pkg.name}@${pkg.version}: engines.node "${range}" is not a range`);
    continue;
  }
  const against = node24Only.has(dir) ? { "the Node 24 of those tools": node24 } : versions;
  for (const [what, version] of Object.entries(against)) {
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
  `check-engines: ${checked} packages declare engines.node; all admit Node ${Object.values(versions).join(" and ")}, or ${node24} for the ${node24Only.size} that only the tools on Node 24 use`,
);
