// `pnpm typecheck`: one tsc program over the files of every project below, each project's own
// tsconfig.json saying which files are its own. One program reads and checks the lib and @types
// declarations once, where a tsc run per package read them once a package (about 14 s against 60 s
// of CPU here). The projects share tsconfig.base.json; an option a project sets beyond the ones
// below would be lost in the one program, and stops this check instead.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

/** The type-checked projects: each workspace package's tsconfig.json, and the client's bench. */
const PROJECTS = [
  "apps/action",
  "apps/cli",
  "apps/docs",
  "examples",
  "packages/chromium",
  "packages/client",
  "packages/client/bench",
  "packages/contract-tests",
  "packages/release-tests",
];
/** tsconfig.json files that are not the repository's projects, and why. */
const NOT_PROJECTS = {
  // A user's project with its own settings, type-checked against the packed tarballs.
  "packages/release-tests/consumer": "release-tests' installed.test.ts",
};
/** What a project may set beyond tsconfig.base.json: the one program sets each the same way. */
const ONE_PROGRAM = {
  noEmit: true,
  allowJs: true,
  checkJs: true,
  types: ["node"],
};
/** Settings a project may hold that do not change how its files are checked. */
const OWN_ONLY = new Set(["rootDir", "paths", ...Object.keys(ONE_PROGRAM)]);

const showConfig = (project) =>
  JSON.parse(execFileSync(process.execPath, [tsc, "--showConfig", "-p", project], { cwd: root }));

const scratch = join(root, "node_modules", ".cache", "dlf-release-typecheck");
const base = showConfig(
  writeProject("base", {
    extends: join(root, "tsconfig.base.json"),
    files: [import.meta.filename],
  }),
).compilerOptions;
const found = execFileSync("git", ["ls-files", "*tsconfig.json"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter(Boolean)
  .map(dirname);
const unknown = found.filter((dir) => !PROJECTS.includes(dir) && !(dir in NOT_PROJECTS));
if (unknown.length > 0) {
  fail(`${unknown.join(", ")}: a tsconfig.json that scripts/typecheck.js does not list`);
}

const files = new Set();
const paths = {};
for (const project of PROJECTS) {
  const config = showConfig(project);
  for (const [option, value] of Object.entries(config.compilerOptions)) {
    if (OWN_ONLY.has(option) || JSON.stringify(base[option]) === JSON.stringify(value)) continue;
    fail(`${project}/tsconfig.json sets ${option}, which the one program does not set alike`);
  }
  for (const [name, targets] of Object.entries(config.compilerOptions.paths ?? {})) {
    paths[name] = targets.map((target) => join(root, project, target));
  }
  for (const file of config.files) files.add(join(root, project, file));
}

const program = writeProject("program", {
  extends: join(root, "tsconfig.base.json"),
  compilerOptions: { ...ONE_PROGRAM, paths },
  files: [...files],
});
try {
  execFileSync(process.execPath, [tsc, "-p", program], { cwd: root, stdio: "inherit" });
  console.log(`typecheck: ${files.size} files of ${PROJECTS.length} projects, no error`);
} catch {
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/**
 * Writes a tsconfig.json under node_modules/.cache, where tsc finds the root's @types as it does
 * from a package; returns its path.
 */
function writeProject(name, config) {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "tsconfig.json");
  writeFileSync(path, JSON.stringify(config));
  return path;
}

function fail(message) {
  console.error(`typecheck: ${message}`);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(1);
}
