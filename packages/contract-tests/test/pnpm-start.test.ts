import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

// `pnpm start`'s mock as a user meets it: the banner says where to look when a request is
// refused, and a refused request is answered as the banner says.

const startMock = fileURLToPath(new URL("../../../spec/scripts/start-mock.js", import.meta.url));

test("the banner points to sl-violations, where a refused request's reason is", async () => {
  const child = spawn(process.execPath, [startMock], {
    env: { ...process.env, DLF_MOCK_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    while (!output.includes("Press Ctrl-C to stop.")) {
      const [code] = await Promise.race([once(child.stdout, "data"), once(child, "exit")]);
      if (typeof code === "number" || code === null) throw new Error(`the mock exited:\n${output}`);
    }
    const url = /Mock API \(Prism\): (http:\/\/\S+)/.exec(output)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain("sl-violations response header");

    // A release without approvers: the body is the fixed example, the reason only in the header.
    const answer = await fetch(`${url}/v2/my-project/factory/pending-items/package`, {
      method: "POST",
      headers: {
        "X-Auth-Token": "any-token",
        workspace: "any-workspace",
        "content-type": "application/json",
      },
      body: JSON.stringify({ apply_user_id: "u", package_name: "p", pending_item_list: ["1"] }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error_code: "DLF.3051" });
    expect(answer.headers.get("sl-violations")).toContain("approver_ids");
  } finally {
    // Note: a mock that already exited has no "exit" left to wait for.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGINT");
      await once(child, "exit");
    }
  }
  expect(output).toContain("Mock API stopped.");
});
