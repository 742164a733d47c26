import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../sandbox/server.js";
import { runCli, serviceEnv } from "./support/run-cli.js";

// Bad input ends with the usage code (2) and a message that names the flag, before anything is sent.

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(() => standIn.close());

const RELEASE = ["release", "--name", "n", "--approver", "a1", "--apply-user", "u1", "--item", "4"];

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
  ["a missing required flag", ["release", "--approver", "a1", "--all-pending"], {}, "--name"],
  [
    "no way of choosing items",
    ["release", "--name", "n", "--approver", "a1", "--apply-user", "u1"],
    {},
    "--item",
  ],
  ["--item with --all-pending", [...RELEASE, "--all-pending"], {}, "--item"],
  [
    "a missing applicant",
    ["release", "--name", "n", "--approver", "a1", "--all-pending"],
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
  [
    "an unknown region",
    ["show", "4"],
    { DLF_BASE_URL: undefined, DLF_REGION: "mars-1" },
    "--region",
  ],
  ["an unknown profile", ["pending", "--profile", "nobody"], {}, "--profile"],
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
      const run = await runCli(args, env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(names);
      expect(run.stdout).toBe("");
      expect(standIn.seen).toEqual([]);
    },
  );

  it("names the flag in commander's own words", async () => {
    const run = await runCli(["wait", "7", "--interval", "soon"]);
    expect(run.stderr).toContain(
      "error: option '--interval <duration>' argument 'soon' is invalid.",
    );
    expect(run.code).toBe(2);
  });
});
