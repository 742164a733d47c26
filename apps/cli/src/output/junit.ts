import { accessSync, constants, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../exit-codes.js";
import { DEPLOY_STATUS, nameOf } from "../names.js";
import type { OutcomeDocument } from "../outcome.js";
import { taskFailed } from "../verdict.js";

// `--junit FILE`: the package's tasks as JUnit test cases, for the test report of GitLab
// (artifacts:reports:junit), Jenkins and Azure Pipelines. A failed task (its release, or its job's
// start) is a failure; a task that had not ended when the command stopped is skipped. One more
// case stands for the release itself, failing with the command's message unless it succeeded (a
// dry run skips it), so that a red job is never a green report.

const escapeXml = (text: string) =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    // Note: XML 1.0 has no escape for most control characters: they are left out.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join("");

/** What became of one case: nothing (passed), a failure with its text, or skipped. */
type CaseVerdict = { failure?: string; skipped?: string };

/** One test case: `<testcase>` with a failure (its text in the body too) or skipped element. */
function testCase(name: string, seconds: number, verdict: CaseVerdict): string {
  const head = `    <testcase${attributes({ name, classname: CLASSNAME, time: seconds.toFixed(3) })}`;
  if (verdict.failure !== undefined)
    return `${head}>\n      <failure${attributes({ message: verdict.failure, type: "failure" })}>${escapeXml(verdict.failure)}</failure>\n    </testcase>`;
  if (verdict.skipped !== undefined)
    return `${head}>\n      <skipped${attributes({ message: verdict.skipped })}/>\n    </testcase>`;
  return `${head}/>`;
}

// Note: report viewers (GitLab, Jenkins) track a case from run to run by its class and name, so
// neither carries the per-run package name: that is a property of the suite.
const CLASSNAME = "dlf-release";

/** The JUnit XML of an outcome document; `seconds` is how long the command ran. */
export function junitXml(document: OutcomeDocument, seconds: number): string {
  const packageName = document.package_name ?? document.package?.package_name ?? "";
  const dryRun = document.outcome === "dry-run";
  const cases = (document.tasks ?? []).map((task) => {
    const name = `${task.item_name ?? "?"} (item ${task.pending_item_id ?? "?"})`;
    if (taskFailed(task)) {
      const failure =
        task.deploy_status === 3 ? "the task's release failed" : "the task's job failed to start";
      return { xml: testCase(name, 0, { failure }), failed: true };
    }
    if (task.deploy_status === 2) return { xml: testCase(name, 0, {}), failed: false };
    const status = nameOf(DEPLOY_STATUS, task.deploy_status) || "not started";
    const skipped = `not ended when dlf-release stopped (${document.outcome}): ${status}`;
    return { xml: testCase(name, 0, { skipped }), failed: false };
  });
  const failure = document.exit_code === 0 ? undefined : document.message;
  const verdict: CaseVerdict =
    failure !== undefined ? { failure } : dryRun ? { skipped: document.message } : {};
  cases.unshift({ xml: testCase("release", seconds, verdict), failed: failure !== undefined });
  const failures = cases.filter((entry) => entry.failed).length;
  const skipped = cases.filter((entry) => entry.xml.includes("<skipped")).length;
  const counts = { tests: cases.length, failures, errors: 0, skipped, time: seconds.toFixed(3) };
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites${attributes({ name: "dlf-release", ...counts })}>
  <testsuite${attributes({ name: "dlf-release release", ...counts })}>
    <properties>
      <property${attributes({ name: "package_name", value: packageName })}/>
      <property${attributes({ name: "package_id", value: document.package?.package_id ?? "" })}/>
      <property${attributes({ name: "outcome", value: document.outcome })}/>
    </properties>
${cases.map((entry) => entry.xml).join("\n")}
  </testsuite>
</testsuites>
`;
}

/**
 * --junit's file must be one this user can write, in a folder that exists: checked before anything
 * is sent, not found out after the release.
 */
export function checkJunitPath(path: string | undefined): void {
  if (path === undefined) return;
  const file = resolve(path);
  const folder = dirname(file);
  try {
    if (!statSync(folder).isDirectory()) throw new Error("not a folder");
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError("--junit", `${folder} is not a folder this user can write to`);
  }
  const existing = statSync(file, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new UsageError("--junit", `${file} is a folder, not a file`);
  if (existing) {
    try {
      accessSync(file, constants.W_OK);
    } catch {
      throw new UsageError("--junit", `${file} exists and this user cannot write it`);
    }
  }
}

/** Writes the JUnit report of an outcome document to `path`. */
export function writeJunit(path: string, document: OutcomeDocument, seconds: number): void {
  writeFileSync(path, junitXml(document, seconds));
}
