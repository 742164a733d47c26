// `pnpm typecheck`: one TypeScript program over the files of every project below, each project's
// own tsconfig.json saying which files are its own. One program reads and checks the lib and @types
// declarations once, where a tsc run per package read them once a package (about 15 s against 60 s
// of CPU here), and the configurations are read in the same process, by TypeScript's own parser.
// The projects share tsconfig.base.json; an option a project sets beyond the ones below would be
// lost in the one program, and stops this check instead.
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";

const root = resolve(import.meta.dirname, "..");

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
const OWN_ONLY = new Set([
  "rootDir",
  "paths",
  "pathsBasePath",
  "configFilePath",
  ...Object.keys(ONE_PROGRAM),
]);

const formatHost = {
  getCanonicalFileName: (path) => path,
  getCurrentDirectory: () => root,
  getNewLine: () => "\n",
};
const configHost = {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail(format([diagnostic])),
};

/** A tsconfig.json as TypeScript reads it, `extends` followed; stops on an error in it. */
function parse(path) {
  const parsed = ts.getParsedCommandLineOfConfigFile(path, undefined, configHost);
  if (parsed.errors.length > 0) fail(format(parsed.errors));
  return parsed;
}

const base = ts.parseJsonConfigFileContent(
  { extends: join(root, "tsconfig.base.json"), files: [] },
  ts.sys,
  root,
).options;
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
  const { options, fileNames } = parse(join(root, project, "tsconfig.json"));
  for (const [option, value] of Object.entries(options)) {
    if (OWN_ONLY.has(option) || JSON.stringify(base[option]) === JSON.stringify(value)) continue;
    fail(`${project}/tsconfig.json sets ${option}, which the one program does not set alike`);
  }
  for (const [name, targets] of Object.entries(options.paths ?? {})) {
    paths[name] = targets.map((target) => join(root, project, target));
  }
  for (const file of fileNames) files.add(file);
}

const programOptions = {
  ...base,
  ...ts.convertCompilerOptionsFromJson(ONE_PROGRAM, root).options,
  paths,
};
const host = ts.createCompilerHost(programOptions);
// Note: without a tsconfig.json, TypeScript looks for @types from the current directory: the root's.
host.getCurrentDirectory = () => root;
const program = ts.createProgram({ rootNames: [...files], options: programOptions, host });
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length > 0) {
  console.error(format(diagnostics));
  console.error(`typecheck: ${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"}`);
  process.exitCode = 1;
} else {
  console.log(`typecheck: ${files.size} files of ${PROJECTS.length} projects, no error`);
}

function format(diagnostics) {
  return ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost);
}

function fail(message) {
  console.error(`typecheck: ${message}`);
  process.exit(1);
}
