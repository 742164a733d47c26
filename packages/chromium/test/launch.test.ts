import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// A Chromium that does not come up must say why. Stand-in browsers (shell scripts) fail the way a
// broken install does; the launcher, run in a child process as the tests run it, reports them.

const run = promisify(execFile);
const launcher = new URL("../index.js", import.meta.url).href;

/** Runs launchChromium with CHROMIUM_PATH set, and returns what it threw. */
async function launchError(chromiumPath: string): Promise<string> {
  const script = `
    const { launchChromium } = await import(${JSON.stringify(launcher)});
    try { const browser = await launchChromium({ origin: "http://127.0.0.1:9" }); await browser.close(); console.log("started"); }
    catch (error) { console.log(error.message); }`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, CHROMIUM_PATH: chromiumPath },
  });
  return stdout.trimEnd();
}

describe("a Chromium that does not start", () => {
  let directory: string;
  const browser = async (name: string, body: string) => {
    const file = join(directory, name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
    return file;
  };
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "dlf-fake-chromium-"));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  test("says its exit code and its last lines", async () => {
    const file = await browser(
      "exits",
      'for i in $(seq 1 30); do echo "line $i" >&2; done\necho "libnss3.so: cannot open shared object file" >&2\nexit 127',
    );
    const message = await launchError(file);
    expect(message).toMatch(
      new RegExp(`^Chromium \\(${file}\\) did not start \\(exit code 127\\)`),
    );
    expect(message).toContain("libnss3.so: cannot open shared object file");
    expect(message).toContain("line 30");
    expect(message, "only the last lines").not.toContain("line 10\n");
  });

  test("says the signal that ended it", async () => {
    const file = await browser("crashes", 'echo "Trace/breakpoint trap" >&2\nkill -SEGV $$');
    const message = await launchError(file);
    expect(message).toMatch(
      /did not start \(signal SIGSEGV\); its last output:\nTrace\/breakpoint trap$/,
    );
  });

  test("says how to install it when it is missing", async () => {
    const message = await launchError(join(directory, "nowhere"));
    expect(message).toContain("Chromium is not installed");
    expect(message).toContain("apt-get install -y chromium");
  });
});
