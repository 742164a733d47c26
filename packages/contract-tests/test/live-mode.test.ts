import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { liveTarget } from "./setup/target.js";

// Live mode, run for real against a stand-in service: a loopback server that checks credentials
// the way the gateway would refuse them (401 APIG.0301) and answers from the Prism mock; for the
// workspace "drifted", with a field the spec does not list.

const run = promisify(execFile);
/** A whole vitest run with its own Prism: longer than Prism's readiness deadline, to see its error. */
const RUN_TIMEOUT_MS = 300_000;
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));

let service: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  const server = createServer(async (req, res) => {
    const allowed =
      req.headers["x-auth-token"] === "live-token" ||
      /^SDK-HMAC-SHA256 Access=AK-LIVE, /.test(req.headers.authorization ?? "");
    if (!allowed) {
      res.writeHead(401, { "content-type": "application/json", "x-request-id": "live-401" });
      res.end(
        JSON.stringify({
          error_code: "APIG.0301",
          error_msg: "Incorrect IAM authentication information",
          request_id: "live-401",
        }),
      );
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = await fetch(`${inject("mockUrl")}${req.url}`, {
      method: req.method ?? "GET",
      headers: {
        "x-auth-token": "t",
        "content-type": "application/json",
        workspace: String(req.headers.workspace ?? ""),
      },
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    res.writeHead(answer.status, {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    });
    const body = Buffer.from(await answer.arrayBuffer());
    if (req.headers.workspace === "drifted" && answer.ok) {
      res.end(JSON.stringify({ ...JSON.parse(body.toString("utf8")), next_marker: "m1" }));
    } else res.end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  service = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
});
afterAll(() => service.close());

/** What vitest's JSON report says of each test: its describe blocks, title and status. */
interface Report {
  testResults: {
    assertionResults: { ancestorTitles: string[]; title: string; status: string }[];
  }[];
}

function live(env: Record<string, string>, reportFile?: string) {
  const report = reportFile
    ? ["--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`]
    : [];
  return run(process.execPath, [vitest, "run", ...report], {
    cwd: packageDir,
    env: { PATH: process.env.PATH, NO_COLOR: "1", DLF_CONTRACT_TARGET: "live", ...env },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: `${error.stdout}${error.stderr}`,
    }),
  );
}

test(
  "with a token and AK/SK, the live suite runs both ways and passes",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "live-mode-"));
    const reportFile = join(dir, "report.json");
    try {
      const { code, stdout } = await live(
        {
          DLF_BASE_URL: service.url,
          HUAWEICLOUD_SDK_PROJECT_ID: "62099355b894428e8916573ae635f1f9",
          DLF_WORKSPACE: "e265f808151d458bb7967e0aaf42d146",
          DLF_CONTRACT_TOKEN: "live-token",
          HUAWEICLOUD_SDK_AK: "AK-LIVE",
          HUAWEICLOUD_SDK_SK: "SK-LIVE",
        },
        reportFile,
      );
      expect(stdout).toContain(
        `live contract tests against ${service.url}: token calls through prism proxy, AK/SK-signed calls sent directly`,
      );
      expect(code).toBe(0);
      expect(stdout).not.toContain("SK-LIVE");
      // Every test ran both ways, and passed: none skipped, none left out of either way.
      const report = JSON.parse(readFileSync(reportFile, "utf8")) as Report;
      const tests = report.testResults.flatMap((file) => file.assertionResults);
      expect(tests.filter((t) => t.status !== "passed")).toEqual([]);
      const titles = (way: string) =>
        tests.filter((t) => t.ancestorTitles[0]?.includes(way)).map((t) => t.title);
      expect(titles("IAM token, through prism proxy")).not.toEqual([]);
      expect(titles("AK/SK signature, direct")).toEqual(titles("IAM token, through prism proxy"));
      expect(tests).toHaveLength(2 * titles("AK/SK signature, direct").length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  RUN_TIMEOUT_MS,
);

test(
  "an answer with a field the spec does not list fails the live suite, naming the field",
  async () => {
    const { code, stdout } = await live({
      DLF_BASE_URL: service.url,
      HUAWEICLOUD_SDK_PROJECT_ID: "62099355b894428e8916573ae635f1f9",
      DLF_WORKSPACE: "drifted",
      HUAWEICLOUD_SDK_AK: "AK-LIVE",
      HUAWEICLOUD_SDK_SK: "SK-LIVE",
    });
    expect(code).not.toBe(0);
    expect(stdout).toContain("must NOT have additional properties (next_marker)");
  },
  RUN_TIMEOUT_MS,
);

// Note: read in-process; the live run's global setup throws what liveTarget throws, and a throwing
// setup fails the run (the drift test above shows a failing live run's exit code).
test.each([
  [{ DLF_WORKSPACE: "w" }, "live contract tests need HUAWEICLOUD_SDK_PROJECT_ID"],
  [{ HUAWEICLOUD_SDK_PROJECT_ID: "p" }, "live contract tests need DLF_WORKSPACE"],
  [
    { HUAWEICLOUD_SDK_PROJECT_ID: "p", DLF_WORKSPACE: "w", HUAWEICLOUD_SDK_AK: "AK" },
    "live contract tests need both HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK",
  ],
  [
    { HUAWEICLOUD_SDK_PROJECT_ID: "p", DLF_WORKSPACE: "w" },
    "live contract tests need DLF_CONTRACT_TOKEN or HUAWEICLOUD_SDK_AK/_SK",
  ],
  [{ DLF_REGION: "mars-1" }, /^DLF_REGION must be one of cn-north-1, .*cn-north-4/],
])("half configured (%o), it fails loudly, naming what is missing", (env, message) => {
  expect(() => liveTarget({ DLF_CONTRACT_TARGET: "live", ...env })).toThrow(message);
});

test("a target other than mock or live is refused, and mock is the default", () => {
  expect(() => liveTarget({ DLF_CONTRACT_TARGET: "staging" })).toThrow(
    'DLF_CONTRACT_TARGET must be "mock" or "live", got "staging"',
  );
  expect(liveTarget({})).toBeUndefined();
});
