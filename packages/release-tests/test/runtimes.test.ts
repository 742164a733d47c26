import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { describeFailure, run } from "../src/run.js";
import { type StandIn, startStandIn } from "../src/stand-in.js";
import { bunPath, denoPath } from "../src/tools.js";

// The packed client, installed as a package, on each runtime the README promises outside the
// browser: real Node, Deno and Bun processes (Deno and Bun from their npm packages) make
// AK/SK-signed calls and a token call to a loopback stand-in that checks each signature with
// Huawei's own signer (src/stand-in.ts).

const { projects } = inject("release");
const credentials = {
  accessKey: "SMOKETESTACCESSKEY01",
  secretKey: "smoke-test-secret-key-not-a-real-one",
  token: "smoke-test-token",
};
let scratchHome: string;

/** Each runtime: how to start smoke.js, and the version it must report. */
const RUNTIMES = [
  {
    name: "node",
    command: () => process.execPath,
    args: ["smoke.js"],
    version: `node ${process.versions.node}`,
  },
  {
    name: "deno",
    command: denoPath,
    // Note: Deno reads the project's package.json and node_modules as they are (no download);
    // the permissions are what the client needs: loopback network and its environment variables.
    args: ["run", "--allow-net=127.0.0.1", "--allow-env", "--allow-read", "smoke.js"],
    version: "deno 2.9.6",
  },
  { name: "bun", command: bunPath, args: ["smoke.js"], version: "bun 1.4.4" },
] as const;

describe.each(RUNTIMES)("the installed client on $name", ({ command, args, version }) => {
  let standIn: StandIn;

  beforeEach(async () => {
    standIn = await startStandIn(credentials);
    scratchHome = mkdtempSync(join(tmpdir(), "dlf-runtime-home-"));
  });

  afterEach(async () => {
    await standIn?.close();
    rmSync(scratchHome, { recursive: true, force: true });
  });

  it("makes AK/SK-signed calls that Huawei's signer accepts, and a token call", async () => {
    const result = await run(command(), [...args], {
      cwd: projects.npm,
      env: {
        PATH: process.env.PATH,
        HOME: scratchHome,
        // Note: the runtimes' caches go to a fresh folder, and nothing asks or checks for updates.
        DENO_DIR: join(scratchHome, "deno"),
        DENO_NO_UPDATE_CHECK: "1",
        DENO_NO_PROMPT: "1",
        BUN_INSTALL_CACHE_DIR: join(scratchHome, "bun"),
        DO_NOT_TRACK: "1",
        DLF_SMOKE_URL: standIn.url,
        DLF_SMOKE_AK: credentials.accessKey,
        DLF_SMOKE_SK: credentials.secretKey,
        DLF_SMOKE_TOKEN: credentials.token,
      },
      timeoutMs: 180_000,
    });
    expect(result.code, describeFailure(command(), [...args], result)).toBe(0);
    expect(standIn.refused).toEqual([]);
    expect(JSON.parse(result.stdout)).toEqual({
      runtime: version,
      pendingTotal: 1,
      packagesTotal: 0,
      packageName: "nightly",
    });
    expect(standIn.accepted.map(({ method, auth }) => `${auth} ${method}`)).toEqual([
      "aksk GET",
      "aksk POST",
      "token GET",
    ]);
    for (const request of standIn.accepted.filter((r) => r.auth === "aksk")) {
      expect(request.signedHeaders).toEqual(expect.arrayContaining(["host", "x-sdk-date"]));
    }
  });
});
