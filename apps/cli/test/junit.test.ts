import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "junit2json";
import { describe, expect, it } from "vitest";
import { freshHome, serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { useStandIn } from "./support/stand-in.js";

// --junit FILE, read back with a JUnit parser: the release is one case, each task another; a
// failed task (or release) is a failure, a task that had not ended is skipped.

const start = useStandIn();
const RELEASE = ["release", "--name", "nightly", "--approver", "a1", "--apply-user", "u1"];

/** Each test case of the report: its name and what became of it. */
async function casesOf(path: string) {
  const report = await parse(readFileSync(path, "utf8"));
  if (!report || !("testsuite" in report)) throw new Error("no <testsuites> in the report");
  const [suite] = report.testsuite ?? [];
  return {
    suite: { name: suite?.name, tests: suite?.tests, failures: suite?.failures },
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
      suite: { name: "nightly", tests: 3, failures: 3 },
      cases: [
        { name: "release nightly", verdict: "failure" },
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
    const other = ["release", "--name", "next", "--approver", "a1", "--apply-user", "u1"];
    await runMain([...other, "--item", "3", "--junit", waiting], serviceEnv(server.url));
    expect((await casesOf(released)).cases).toEqual([
      { name: "release nightly", verdict: "passed" },
      { name: "job_0242 (item 4)", verdict: "passed" },
    ]);
    expect((await casesOf(waiting)).cases).toEqual([
      { name: "release next", verdict: "passed" },
      { name: "job_0994 (item 3)", verdict: "skipped" },
    ]);
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
