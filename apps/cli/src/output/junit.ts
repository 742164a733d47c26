import { writeFileSync } from "node:fs";
import { DEPLOY_STATUS, nameOf } from "../names.js";
import type { OutcomeDocument } from "../outcome.js";

// `--junit FILE`: the package's tasks as JUnit test cases, for the test report of GitLab
// (artifacts:reports:junit), Jenkins and Azure Pipelines. A failed task is a failure; a task that
// had not ended when the command stopped is skipped. One more case stands for the release itself,
// failing with the command's message unless it succeeded, so that a red job is never a green report.

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

/** One test case: `<testcase>` with a failure or skipped element when there is one. */
function testCase(
  name: string,
  classname: string,
  verdict: { failure?: string; skipped?: string },
): string {
  const head = `    <testcase${attributes({ name, classname })}`;
  if (verdict.failure !== undefined)
    return `${head}>\n      <failure${attributes({ message: verdict.failure })}/>\n    </testcase>`;
  if (verdict.skipped !== undefined)
    return `${head}>\n      <skipped${attributes({ message: verdict.skipped })}/>\n    </testcase>`;
  return `${head}/>`;
}

/** The JUnit XML of an outcome document. */
export function junitXml(document: OutcomeDocument): string {
  const suite = document.package_name ?? document.package?.package_name ?? "release";
  const classname = `dlf-release.${suite}`;
  const cases = (document.tasks ?? []).map((task) => {
    const name = `${task.item_name ?? "?"} (item ${task.pending_item_id ?? "?"})`;
    if (task.deploy_status === 3 || task.start_job_status === 3) {
      return { xml: testCase(name, classname, { failure: "the task failed" }), failed: true };
    }
    if (task.deploy_status === 2) return { xml: testCase(name, classname, {}), failed: false };
    const status = nameOf(DEPLOY_STATUS, task.deploy_status) || "not started";
    const skipped = `not ended when dlf-release stopped (${document.outcome}): ${status}`;
    return { xml: testCase(name, classname, { skipped }), failed: false };
  });
  const failure = document.exit_code === 0 ? undefined : document.message;
  cases.unshift({
    xml: testCase(`release ${suite}`, classname, failure === undefined ? {} : { failure }),
    failed: failure !== undefined,
  });
  const failures = cases.filter((entry) => entry.failed).length;
  const skipped = cases.filter((entry) => entry.xml.includes("<skipped")).length;
  const counts = { tests: cases.length, failures, errors: 0, skipped };
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites${attributes({ name: "dlf-release", ...counts })}>
  <testsuite${attributes({ name: suite, ...counts })}>
${cases.map((entry) => entry.xml).join("\n")}
  </testsuite>
</testsuites>
`;
}

/** Writes the JUnit report of an outcome document to `path`. */
export function writeJunit(path: string, document: OutcomeDocument): void {
  writeFileSync(path, junitXml(document));
}
