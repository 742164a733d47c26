import { afterEach, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../sandbox/server.js";
import { freshHome, serviceEnv, writeConfig } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { releaseArgs } from "./support/stand-in.js";

// No secret key, token or security token in any output, --verbose and failures included.

const SECRETS = {
  HUAWEICLOUD_SDK_SK: "sk-SECRET-0001-abcdefghij",
  HUAWEICLOUD_SDK_SECURITY_TOKEN: "st-SECRET-0002-abcdefghij",
};
const PROFILE_SECRETS = {
  secretKey: "sk-SECRET-0003-abcdefghij",
  token: "tk-SECRET-0004-abcdefghij",
};
const ALL = [
  ...Object.values(SECRETS),
  ...Object.values(PROFILE_SECRETS),
  "tk-SECRET-0005-abcdefghij",
];

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const expectNoSecret = (text: string) => {
  for (const secret of ALL) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/SECRET-\d{4}/);
};

describe("no secret in any output", () => {
  it("AK/SK with a security token, every command, --verbose, success and failure", async () => {
    standIn = await startStandIn({
      accessKeys: { AKEXAMPLE: SECRETS.HUAWEICLOUD_SDK_SK },
      faults: [{ name: "bad-signature", operation: "showFactoryPackageDetail", times: 1 }],
    });
    const env = {
      ...serviceEnv(standIn.url),
      DLF_TOKEN: "",
      HUAWEICLOUD_SDK_AK: "AKEXAMPLE",
      ...SECRETS,
    };
    const release = [...releaseArgs("n"), "--all-pending"];
    const runs = [
      await runMain(["--verbose", "pending"], env),
      await runMain(["--verbose", "packages", "--json"], env),
      await runMain(["--verbose", ...release, "--dry-run"], env),
      await runMain(["--verbose", ...release, "--dry-run", "--json"], env),
      await runMain(["--verbose", "show", "100"], env),
      await runMain(["--verbose", ...release, "--wait", "--interval", "10ms"], env),
      await runMain(["--verbose", "config"], env),
      await runMain(["--verbose", "config", "--json"], env),
      await runMain(["--verbose", "doctor"], env),
      await runMain(["--verbose", "doctor", "--json"], env),
    ];
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0, 5, 0, 0, 0, 0, 0]);
    // Note: --verbose did log each request, so it had the chance to leak a header.
    expect(runs[0]!.stderr).toMatch(
      /^> GET http:\/\/127\.0\.0\.1:\d+\/v2\/my-project\/factory\/pending-items\?/m,
    );
    expect(runs[4]!.stderr).toMatch(/^< 401 GET .*\/release-packages\/100 /m);
    // Note: the requests really carried them, so a leak had something to leak.
    // Note: doctor's probe of the endpoint's root is the one request sent without credentials.
    const calls = standIn.seen.filter((request) => request.operationId !== undefined);
    expect(calls.length).toBe(standIn.seen.length - 2);
    expect(
      calls.every(
        (request) => request.headers["x-security-token"] === SECRETS.HUAWEICLOUD_SDK_SECURITY_TOKEN,
      ),
    ).toBe(true);
    expect(runs[2]!.stdout).toMatch(/^authorization: \(hidden\)$/m);
    expect(runs[2]!.stdout).toMatch(/^x-security-token: \(hidden\)$/m);
    for (const run of runs) expectNoSecret(run.stdout + run.stderr);
  });

  it("a token from a profile, and one from the environment, --verbose", async () => {
    // Note: the first token request (the third run's one read) passes, the last run's is refused.
    standIn = await startStandIn({ faults: [{ name: "token-expired", after: 1 }] });
    const home = freshHome();
    writeConfig(
      home,
      {
        profiles: {
          default: { token: PROFILE_SECRETS.token, secretKey: PROFILE_SECRETS.secretKey },
        },
      },
      0o644,
    );
    const env = { ...serviceEnv(standIn.url), DLF_TOKEN: "", HOME: home };
    const runs = [
      await runMain(["--verbose", "pending"], env),
      await runMain(["--verbose", "config"], env),
      await runMain(["--verbose", "pending"], { ...env, DLF_TOKEN: "tk-SECRET-0005-abcdefghij" }),
      await runMain(["--verbose", "pending"], { ...env, DLF_TOKEN: "tk-SECRET-0005-abcdefghij" }),
    ];
    expect(runs.map((run) => run.code)).toEqual([2, 0, 0, 5]);
    expect(runs[2]!.stderr).toMatch(/^< 200 GET .*\/pending-items\?/m);
    // Note: the profile's half AK/SK pair (a secret key alone) is refused by name, not by value.
    expect(runs[0]!.stderr).toContain("HUAWEICLOUD_SDK_AK: is missing beside the secret key");
    for (const run of runs) expectNoSecret(run.stdout + run.stderr);
  });
});
