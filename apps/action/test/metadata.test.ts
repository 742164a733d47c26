import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { parse } from "yaml";
import { bundle } from "../scripts/bundle.js";
import { ACTION_DIR } from "./support/run-action.js";

// What GitHub reads: action.yml, valid against the Actions metadata schema, and the committed
// bundle it runs, which must be what the sources make today.

const run = promisify(execFile);
const validator = join(ACTION_DIR, "node_modules", ".bin", "action-validator");
const metadata = readFileSync(join(ACTION_DIR, "action.yml"), "utf8");

/** Runs action-validator on action.yml's text, written to a folder of its own. */
function validate(text: string) {
  const path = join(mkdtempSync(join(tmpdir(), "dlf-release-action-")), "action.yml");
  writeFileSync(path, text);
  return run(validator, [path]);
}

it("action.yml is valid Actions metadata, run by node24 from the committed bundle", async () => {
  expect(parse(metadata).runs).toEqual({ using: "node24", main: "dist/index.cjs" });
  // Note: action-validator 0.6.0 (the latest) has a schema older than node24: it knows node12,
  // node16 and node20. It checks everything else; the line above checks the runtime.
  await expect(validate(metadata.replace("using: node24", "using: node20"))).resolves.toBeDefined();
});

it("action-validator refuses a broken action.yml, so that the check above can fail", async () => {
  const broken = metadata.replace("using: node24", "using: node20").replace("main:", "mian:");
  await expect(validate(broken)).rejects.toMatchObject({ code: 1 });
});

it("dist/index.cjs is what scripts/bundle.js makes from the sources today", async () => {
  const fresh = join(mkdtempSync(join(tmpdir(), "dlf-release-action-")), "index.cjs");
  await bundle(fresh);
  const committed = readFileSync(join(ACTION_DIR, "dist", "index.cjs"), "utf8");
  expect(
    readFileSync(fresh, "utf8") === committed,
    "dist/index.cjs is stale: run `pnpm --filter @dlf-release/action bundle-action` and commit it",
  ).toBe(true);
});
