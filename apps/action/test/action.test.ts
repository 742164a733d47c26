import { describe, expect, it, type TestContext } from "vitest";
import { type StandIn, type StandInOptions, startStandIn } from "../../cli/sandbox/server.js";
import { holdFirstItem } from "../../cli/test/support/stand-in.js";
import { runBundle, runWithLocalAction } from "./support/run-action.js";

// The action against the CLI's stateful stand-in: its source run by @github/local-action (with
// action.yml and the inputs as the runner sets them), its committed bundle run as the runner
// runs it. What it leaves is read from the runner's files: outputs, summary, and the log's
// annotations. The stand-in checks every request and answer against the spec.

const TOKEN = "tk-ACTION-SECRET-0001";

/** A stand-in for one test, closed when it ends; a spec violation fails the test. */
async function start(context: TestContext, options: StandInOptions = {}) {
  const standIn = await startStandIn(options);
  context.onTestFinished(async () => {
    await standIn.close();
    expect(standIn.violations).toEqual([]);
  });
  return standIn;
}

const inputs = (standIn: StandIn, extra: Record<string, string> = {}) => ({
  name: "ci_42",
  approver: "7b71e498e75d44048c9a22dd3c54f978",
  "apply-user": "f8ccc2ff3c7748e8a7bfede38ae1cffa",
  "all-pending": "true",
  interval: "10ms",
  "base-url": standIn.url,
  "project-id": "my-project",
  workspace: "my-workspace",
  token: TOKEN,
  ...extra,
});

/** The token appears once, in the command that asks the runner to mask it, and nowhere else. */
const expectMasked = (log: string) => {
  expect(log).toContain(`::add-mask::${TOKEN}`);
  expect(log.split(TOKEN)).toHaveLength(2);
};

// Note: local-action compiles the sources with tsx and loads its stubs, about 15 s of CPU a run:
// it runs once, to show that action.yml and the sources work as the runner reads them. What the
// action does in each outcome is checked on the committed bundle, which is what the runner runs
// (metadata.test.ts holds it to the sources).
describe("the action, under @github/local-action", () => {
  it("releases, and sets the outputs and a summary with the tasks", async (context) => {
    const standIn = await start(context);
    const run = await runWithLocalAction(inputs(standIn));
    expect(run.code).toBe(0);

    expect(run.outputs).toEqual({
      "exit-code": "0",
      "package-id": "100",
      outcome: "released",
      status: "released",
      "selected-items": "4,3,5,6,8",
      retryable: "false",
    });
    expect(run.summary).toContain("## dlf-release: ✅ Released");
    expect(run.summary).toContain('Package **100** "ci_42": released');
    expect(run.summary).toContain("| 4 | job_0242 | job | new | released |");
    expect(run.log).not.toContain("::error");
    expectMasked(run.log);
    expect(standIn.calls("createFactoryPendingItemsPackage")).toHaveLength(1);
  });
});

describe("the committed bundle", () => {
  it("fails the step with an annotation when the package fails", async (context) => {
    const standIn = await start(context, { outcome: "failed" });
    const run = await runBundle(inputs(standIn));
    expect(run.code).not.toBe(0);
    expect(run.outputs).toMatchObject({ "exit-code": "3", outcome: "failed", status: "failed" });
    expect(run.log).toMatch(
      /^::error title=dlf-release failed::package 100 failed: 5 of 5 tasks failed/m,
    );
    expect(run.log).toMatch(/^::error::dlf-release ended with exit code 3 \(failed\)$/m);
    expect(run.summary).toContain("| 3 | job_0994 | job | new | failed |");
  });

  it("fails the step when a task failed under a package that says released", async (context) => {
    const standIn = await start(context, { faults: [{ name: "task-failed" }] });
    const run = await runBundle(inputs(standIn));
    expect(run.code).not.toBe(0);
    expect(run.outputs).toMatchObject({
      "exit-code": "3",
      outcome: "failed",
      status: "failed",
      "package-id": "100",
    });
    expect(run.summary).toContain("## dlf-release: ❌ Release failed");
    expect(run.summary).toContain("| 8 | dim_region_refresh | script | new | failed |");
  });

  it("fails the step naming the package that holds the items", async (context) => {
    const standIn = await start(context);
    holdFirstItem(standIn, 0);
    const run = await runBundle(inputs(standIn));
    expect(run.outputs).toEqual({
      "exit-code": "6",
      "package-id": "",
      outcome: "duplicate",
      status: "",
      "selected-items": "4,3,5,6,8",
      retryable: "false",
    });
    expect(run.log).toMatch(
      /^::error title=dlf-release duplicate::refused: item 4 already in package 8 "weekly"/m,
    );
    expect(run.summary).toContain('- package 8 "weekly" (waiting for review): items-held, items 4');
    expect(standIn.calls("createFactoryPendingItemsPackage")).toEqual([]);
  });

  it("succeeds with the outcome nothing-pending when nothing is pending", async (context) => {
    const standIn = await start(context, { pending: [] });
    const run = await runBundle(inputs(standIn));
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      "exit-code": "0",
      "package-id": "",
      outcome: "nothing-pending",
      status: "",
      "selected-items": "",
      retryable: "false",
    });
    expect(run.summary).toContain("## dlf-release: ➖ Nothing pending");
    expect(run.log).not.toContain("::error");
  });

  it("runs as the runner runs it, action.yml's defaults filled in", async (context) => {
    const standIn = await start(context);
    const first = await runBundle(
      inputs(standIn, { "all-pending": "", wait: "false", items: "4" }),
    );
    expect(first.outputs).toMatchObject({
      outcome: "created",
      "package-id": "100",
      status: "review",
    });
    // Note: the second job of a two-job release follows the package by its name.
    const second = await runBundle(inputs(standIn, { command: "wait" }));
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ outcome: "released", "package-id": "100" });
    expectMasked(second.log);
  });
});
