import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "junit2json";
import { describe, expect, it } from "vitest";
import { freshHome, serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { releaseArgs, useStandIn } from "./support/stand-in.js";

// --junit FILE, read back with a JUnit parser: the release is one case, each task another; a
// failed task (or release) is a failure, a task that had not ended is skipped.

const start = useStandIn();
const RELEASE = releaseArgs("nightly");

/** Each test case of the report: its name and what became of it. */
async function casesOf(path: string) {
  const report = await parse(readFileSync(path, "utf8"));
  if (!report || !("testsuite" in report)) throw new Error("no <testsuites> in the report");
  const [suite] = report.testsuite ?? [];
  return {
    suite: { name: suite?.name, tests: suite?.tests, failures: suite?.failures },
    properties: Object.fromEntries(
      (suite?.properties ?? []).map((property) => [property.name, property.value]),
    ),
    cases: (suite?.testcase ?? []).map((testCase) => ({
      name: testCase.name,
      verdict: testCase.failure ? "failure" : testCase.skipped ? "skipped" : "passed",
    })),
  };
}

describe("--junit", () => {
  it("reports a failed package: the release and its failed tasks as failures", async () => {
    const server = await start({ outcome: "failed" });
    const path = join(freshHome(), "release.xml");
    const run = await runMain(
      [...RELEASE, "--all-pending", "--wait", "--interval", "10ms", "--junit", path],
      serviceEnv(server.url),
    );
    expect(run.code).toBe(3);
    expect(await casesOf(path)).toEqual({
      suite: { name: "dlf-release release", tests: 3, failures: 3 },
      properties: { package_name: "nightly", package_id: 100, outcome: "failed" },
      cases: [
        { name: "release", verdict: "failure" },
        { name: "job_0242 (item 4)", verdict: "failure" },
        { name: "job_0994 (item 3)", verdict: "failure" },
      ],
    });
  });

  it("reports a released package as passed, and tasks still waiting as skipped", async () => {
    const server = await start();
    const released = join(freshHome(), "released.xml");
    const waiting = join(freshHome(), "waiting.xml");
    await runMain(
      [...RELEASE, "--item", "4", "--wait", "--interval", "10ms", "--junit", released],
      serviceEnv(server.url),
    );
    const other = releaseArgs("next");
    await runMain([...other, "--item", "3", "--junit", waiting], serviceEnv(server.url));
    expect((await casesOf(released)).cases).toEqual([
      { name: "release", verdict: "passed" },
      { name: "job_0242 (item 4)", verdict: "passed" },
    ]);
    expect((await casesOf(waiting)).cases).toEqual([
      { name: "release", verdict: "passed" },
      { name: "job_0994 (item 3)", verdict: "skipped" },
    ]);
  });

  it("gives each case a time and a class that stay readable from run to run, the failure's text in its body", async () => {
    const server = await start({ faults: [{ name: "task-failed" }] });
    const path = join(freshHome(), "release.xml");
    await runMain(
      [...RELEASE, "--all-pending", "--wait", "--interval", "10ms", "--junit", path],
      serviceEnv(server.url),
    );
    const xml = readFileSync(path, "utf8");
    const [, seconds] =
      /<testcase name="release" classname="dlf-release" time="([\d.]+)"/.exec(xml) ?? [];
    // Note: the command's own time, in seconds: above nothing, far below an hour.
    expect(Number(seconds)).toBeGreaterThan(0);
    expect(Number(seconds)).toBeLessThan(3600);
    const cases = [
      ...xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)" time="(\d+\.\d{3})"/g),
    ];
    expect(cases.map(([, name, classname]) => [name, classname])).toEqual([
      ["release", "dlf-release"],
      ["job_0242 (item 4)", "dlf-release"],
      ["job_0994 (item 3)", "dlf-release"],
    ]);
    expect(xml).toContain(
      `<failure message="the task's release failed" type="failure">the task's release failed</failure>`,
    );
  });

  it("reports a dry run as skipped", async () => {
    const server = await start();
    const path = join(freshHome(), "dry.xml");
    const run = await runMain(
      [...RELEASE, "--item", "4", "--dry-run", "--junit", path],
      serviceEnv(server.url),
    );
    expect(run.code).toBe(0);
    expect((await casesOf(path)).cases).toEqual([{ name: "release", verdict: "skipped" }]);
  });

  it("reports a refused release as one failure carrying the message", async () => {
    const server = await start({ pending: [] });
    const path = join(freshHome(), "none.xml");
    const none = await runMain(
      [...RELEASE, "--item", "4", "--junit", path],
      serviceEnv(server.url),
    );
    expect(none.code).toBe(1);
    const report = await parse(readFileSync(path, "utf8"));
    const [testCase] =
      report && "testsuite" in report ? (report.testsuite?.[0]?.testcase ?? []) : [];
    expect(testCase?.failure?.[0]?.message).toBe(
      "--item 4: not pending release (released already, or no such item)",
    );
  });
});
