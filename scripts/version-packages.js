// @ts-check
// `pnpm version-packages`: the version step of a release, which the release workflow runs for its
// "Version packages" pull request. `changeset version` turns the pending changesets into new
// versions and CHANGELOG.md entries; then the spec's info.version follows @dlf-release/spec's new
// version, and when it moved, the new bundle becomes the last release (spec/released/openapi.json)
// that the breaking-change gate compares the next changes with.
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

// Note: DLF_RELEASE_ROOT points the script at a scratch copy of the repository (its test).
const root = process.env.DLF_RELEASE_ROOT ?? fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

/** `info.version` in spec/openapi.yaml: the line right under `info:` at two spaces. */
const INFO_VERSION = /^(info:\n(?: {2}(?!version:).*\n)*? {2}version: )(.+)$/m;

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0) {
    throw new Error(
      `\`${[command, ...args].join(" ")}\` failed (${result.status ?? result.signal})`,
    );
  }
}

run(process.execPath, [require.resolve("@changesets/cli/bin.js"), "version"]);

const specYaml = join(root, "spec", "openapi.yaml");
const version = JSON.parse(readFileSync(join(root, "spec", "package.json"), "utf8")).version;
const yaml = readFileSync(specYaml, "utf8");
const match = INFO_VERSION.exec(yaml);
if (!match) throw new Error("spec/openapi.yaml: no `version:` under `info:`");
if (match[2] !== version) {
  writeFileSync(specYaml, yaml.replace(INFO_VERSION, `$1${version}`));
  // Note: the spec's own `bundle` script, run as `pnpm run` would but without pnpm, which would
  // first check (and might change) the installed packages.
  const spec = join(root, "spec");
  const bundle = JSON.parse(readFileSync(join(spec, "package.json"), "utf8")).scripts.bundle;
  const path = `${join(spec, "node_modules", ".bin")}${delimiter}${process.env.PATH}`;
  run("sh", ["-c", bundle], { cwd: spec, env: { ...process.env, PATH: path } });
  copyFileSync(
    join(root, "spec", "dist", "openapi.json"),
    join(root, "spec", "released", "openapi.json"),
  );
  console.log(
    `spec: info.version ${match[2]} -> ${version}; spec/released/openapi.json is ${version}`,
  );
}
