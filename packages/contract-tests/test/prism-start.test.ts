import { startMock } from "@dlf-release/spec/mock";
import { expect, test } from "vitest";

// How the suite starts Prism when it cannot: with a reason. (That each Prism gets a free port of
// its own is checked beside the suite's mock, in response-validator.test.ts.)

test("a Prism that exits before it is ready says its exit code and its last output", async () => {
  const error = await startMock({ spec: "/nowhere/openapi.yaml" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).toMatch(
    /^Prism \(mock\) exited before it was ready \(exit code 1\); its last output:\n/,
  );
  expect(message).toContain("ENOENT: no such file or directory, open '/nowhere/openapi.yaml'");
  expect(message.split("\n").length, "the last lines only").toBeLessThanOrEqual(21);
});

test("a Prism that is not ready by the deadline fails with an error that says so", async () => {
  const error = await startMock({ readyTimeoutMs: 1 }).catch((e: unknown) => e);
  expect((error as Error).message).toMatch(
    /^Prism \(mock\) did not start within 1 ms; its last output:\n/,
  );
});
