import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../sandbox/server.js";
import { serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { APPLICANT, APPROVER, releaseArgs } from "./support/stand-in.js";

// Bad input ends with the usage code (2) and a message that names the flag, before anything is sent.

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(() => standIn.close());

const RELEASE = [...releaseArgs("n"), "--item", "4"];

const cases: [
  what: string,
  args: string[],
  env: Record<string, string | undefined>,
  names: string,
][] = [
  ["an unknown flag", ["pending", "--bogus"], {}, "--bogus"],
  ["a bad package ID", ["show", "4/../5"], {}, "'id'"],
  ["a bad item ID", [...RELEASE.slice(0, -1), "4 OR 1=1"], {}, "--item"],
  [
    "a bad approver ID",
    ["release", "--name", "n", "--approver", "a b", "--all-pending"],
    {},
    "--approver",
  ],
  ["a bad duration", ["wait", "7", "--timeout", "5 minutes"], {}, "--timeout"],
  ["a zero interval", ["wait", "7", "--interval", "0s"], {}, "--interval"],
  ["a bad status", ["packages", "--status", "done"], {}, "--status"],
  ["a bad time", ["packages", "--since", "yesterday"], {}, "--since"],
  ["a missing required flag", ["release", "--approver", APPROVER, "--all-pending"], {}, "--name"],
  [
    "no way of choosing items",
    releaseArgs("n"),
    {},
    "--item: choose the items: --item ID..., --all-pending, or a filter such as --submitter",
  ],
  [
    "--item with --all-pending",
    [...RELEASE, "--all-pending"],
    {},
    "--item: names the items itself: leave out --all-pending and the filters",
  ],
  [
    "a missing applicant",
    ["release", "--name", "n", "--approver", APPROVER, "--all-pending"],
    {},
    "--apply-user",
  ],
  ["missing credentials", ["pending"], { DLF_TOKEN: undefined }, "DLF_TOKEN"],
  [
    "an access key without its secret",
    ["pending"],
    { DLF_TOKEN: undefined, HUAWEICLOUD_SDK_AK: "AK" },
    "HUAWEICLOUD_SDK_SK",
  ],
  ["a missing project", ["pending"], { HUAWEICLOUD_SDK_PROJECT_ID: undefined }, "--project-id"],
  ["a missing workspace", ["pending"], { DLF_WORKSPACE: undefined }, "--workspace"],
  ["a bad offset mode", ["pending", "--offset-mode", "pages"], {}, "--offset-mode"],
  ["a bad DLF_OFFSET_MODE", ["pending"], { DLF_OFFSET_MODE: "rows" }, "DLF_OFFSET_MODE"],
  [
    "wait with an ID and --name",
    ["wait", "7", "--name", "nightly"],
    {},
    "--name: give a package ID or --name NAME, not both",
  ],
  [
    "wait with neither an ID nor --name",
    ["wait"],
    {},
    "--name: give a package ID or --name NAME\n",
  ],
  [
    "a bad --request-timeout",
    ["pending", "--request-timeout", "1 minute"],
    {},
    "--request-timeout",
  ],
  ["an unknown profile", ["pending", "--profile", "nobody"], {}, "--profile"],
  [
    "an approver that is no IAM user ID",
    ["release", "--name", "n", "--approver", "bob", "--apply-user", APPLICANT, "--all-pending"],
    {},
    "--approver <id...>' argument 'bob' is invalid. expected an IAM user ID: 32 lower-case hex",
  ],
  [
    "an applicant that is no IAM user ID (flag)",
    ["release", "--name", "n", "--approver", APPROVER, "--apply-user", "not-hex", "--item", "4"],
    {},
    "--apply-user <id>' argument 'not-hex' is invalid",
  ],
  [
    "an applicant that is no IAM user ID (environment)",
    ["release", "--name", "n", "--approver", APPROVER, "--item", "4"],
    { DLF_APPLY_USER: "F8CCC2FF3C7748E8A7BFEDE38AE1CFFA" },
    "DLF_APPLY_USER: expected an IAM user ID",
  ],
  ["a timeout beyond a timer", ["wait", "7", "--timeout", "600h"], {}, "must be at most 596h"],
  ["an interval beyond a timer", ["wait", "7", "--interval", "600h"], {}, "--interval"],
  [
    "a --junit folder that does not exist",
    [...RELEASE, "--junit", "/no/such/folder/r.xml"],
    {},
    "--junit: /no/such/folder is not a folder this user can write to",
  ],
  [
    "a --junit path that is a folder",
    [...RELEASE, "--junit", "/tmp"],
    {},
    "--junit: /tmp is a folder, not a file",
  ],
  [
    "a --junit folder that does not exist, for wait",
    ["wait", "7", "--junit", "/no/such/folder/r.xml"],
    {},
    "--junit: /no/such/folder is not a folder",
  ],
  [
    "a pending time that is neither ISO 8601 nor ms",
    ["pending", "--since", "last tuesday"],
    {},
    "--since <time>' argument 'last tuesday' is invalid",
  ],
  [
    "a bad --if-nothing-pending",
    [...RELEASE, "--if-nothing-pending", "fail"],
    {},
    "--if-nothing-pending",
  ],
];

describe("bad input", () => {
  it.each(cases)(
    "%s: usage error naming it, nothing sent",
    async (_what, args, overrides, names) => {
      const env = Object.fromEntries(
        Object.entries({ ...serviceEnv(standIn.url), ...overrides }).filter(
          ([, value]) => value !== undefined,
        ),
      ) as Record<string, string>;
      const run = await runMain(args, env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(names);
      expect(run.stdout).toBe("");
      expect(standIn.seen).toEqual([]);
    },
  );

  it("names an unknown region before sending anything", async () => {
    const run = await runMain(["show", "4", "--region", "mars-1"], serviceEnv(standIn.url));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--region");
    expect(run.stderr).toContain("mars-1");
  });

  it("names the flag in commander's own words", async () => {
    const run = await runMain(["wait", "7", "--interval", "soon"]);
    expect(run.stderr).toContain(
      "error: option '--interval <duration>' argument 'soon' is invalid.",
    );
    expect(run.code).toBe(2);
  });
});
