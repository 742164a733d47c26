import { startMock } from "@dlf-release/spec/mock";
import { expect, inject, test } from "vitest";

// How the suite starts Prism: on a port Prism picks itself, and with a reason when it cannot.

test("each mock gets a free port of its own, read from Prism's ready line", async () => {
  // Note: the suite's own mock (globalSetup) is the first; one more is started beside it.
  const mock = await startMock();
  try {
    const [suite, extra] = [inject("mockUrl"), mock.url].map((url) => new URL(url));
    expect(extra!.hostname).toBe("127.0.0.1");
    expect(extra!.port).not.toBe(suite!.port);
    for (const url of [inject("mockUrl"), mock.url]) {
      const answer = await fetch(`${url}/v2/p/factory/pending-items`, {
        headers: { "X-Auth-Token": "t", workspace: "w" },
      });
      expect(answer.status).toBe(200);
    }
  } finally {
    await mock.stop();
  }
});

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
