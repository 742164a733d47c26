import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshHome, serviceEnv, writeConfig } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { jsonOf } from "./support/schemas.js";
import { useStandIn } from "./support/stand-in.js";

// Settings: flags, then the environment, then a profile of the config file; `config` shows them.

const PROFILES = {
  profiles: {
    default: {
      region: "cn-east-3",
      projectId: "p-default",
      workspace: "w-default",
      token: "profile-token-1234",
    },
    deployer: {
      region: "ap-southeast-1",
      projectId: "p-deployer",
      accessKey: "AKDEPLOYER",
      secretKey: "sk-deployer-5678",
    },
  },
};

const config = async (args: string[], env: Record<string, string | undefined> = {}) => {
  const run = await runMain(["config", "--json", ...args], env);
  expect(run.code).toBe(0);
  return jsonOf(run.stdout, "config") as {
    profile: string | null;
    settings: Record<string, { value: string | null; source: string | null }>;
  };
};
const start = useStandIn();

describe("configuration", () => {
  it("takes flags over the environment over the profile", async () => {
    const home = freshHome();
    writeConfig(home, PROFILES);
    const shown = await config(["--workspace", "w-flag"], {
      HOME: home,
      HUAWEICLOUD_SDK_PROJECT_ID: "p-env",
      DLF_WORKSPACE: "w-env",
    });
    expect(shown.profile).toBe("default");
    expect(shown.settings.workspace).toEqual({ value: "w-flag", source: "flag" });
    expect(shown.settings.projectId).toEqual({ value: "p-env", source: "env" });
    expect(shown.settings.region).toEqual({ value: "cn-east-3", source: "profile" });
    expect(shown.settings.token).toEqual({ value: "(set, hidden)", source: "profile" });
  });

  it("reads the profile named by --profile, then DLF_PROFILE", async () => {
    const home = freshHome();
    writeConfig(home, PROFILES);
    const byFlag = await config(["--profile", "deployer"], { HOME: home, DLF_PROFILE: "default" });
    expect(byFlag.profile).toBe("deployer");
    expect(byFlag.settings.accessKey).toEqual({ value: "AKDEPLOYER", source: "profile" });
    expect(byFlag.settings.secretKey).toEqual({ value: "(set, hidden)", source: "profile" });
    const byEnv = await config([], { HOME: home, DLF_PROFILE: "deployer" });
    expect(byEnv.settings.projectId!.value).toBe("p-deployer");
  });

  it("honours XDG_CONFIG_HOME", async () => {
    const elsewhere = freshHome();
    writeConfig(elsewhere, PROFILES);
    const shown = await config([], { HOME: freshHome(), XDG_CONFIG_HOME: `${elsewhere}/config` });
    expect(shown.settings.projectId!.value).toBe("p-default");
  });

  it("falls back to ~/.config without XDG_CONFIG_HOME", async () => {
    const home = freshHome();
    mkdirSync(join(home, ".config", "dlf-release"), { recursive: true });
    writeFileSync(join(home, ".config", "dlf-release", "config.json"), JSON.stringify(PROFILES));
    const shown = await config([], { HOME: home, XDG_CONFIG_HOME: undefined });
    expect(shown.settings.projectId).toEqual({ value: "p-default", source: "profile" });
  });

  it("takes the offset mode from the flag, the environment, the profile, or page", async () => {
    const home = freshHome();
    writeConfig(home, { profiles: { default: { offsetMode: "record" } } });
    const env = { HOME: home, DLF_OFFSET_MODE: "page" };
    expect((await config(["--offset-mode", "record"], env)).settings.offsetMode).toEqual({
      value: "record",
      source: "flag",
    });
    expect((await config([], env)).settings.offsetMode).toEqual({ value: "page", source: "env" });
    expect((await config([], { HOME: home })).settings.offsetMode).toEqual({
      value: "record",
      source: "profile",
    });
    expect((await config([], {})).settings.offsetMode).toEqual({
      value: "page",
      source: "default",
    });
    writeConfig(home, { profiles: { default: { offsetMode: "rows" } } });
    const bad = await runMain(["config"], { HOME: home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('offsetMode of profile "default": expected "page"');
  });

  it.each([
    ["a token from the environment over AK/SK from the profile", "env-token", "x-auth-token"],
    ["AK/SK from the environment over a token from the profile", "env-aksk", "authorization"],
    ["AK/SK over a token from the same source", "both-env", "authorization"],
  ])("sends %s", async (_, setup, header) => {
    const server = await start({ accessKeys: { AKENV: "sk-env" } });
    const home = freshHome();
    const profile =
      setup === "env-token"
        ? { accessKey: "AKPROFILE", secretKey: "sk-profile" }
        : { token: "profile-token" };
    writeConfig(home, { profiles: { default: profile } });
    const { DLF_TOKEN: _token, ...service } = serviceEnv(server.url);
    const env = {
      ...service,
      HOME: home,
      ...(setup === "env-token" && { DLF_TOKEN: "env-token" }),
      ...(setup !== "env-token" && { HUAWEICLOUD_SDK_AK: "AKENV", HUAWEICLOUD_SDK_SK: "sk-env" }),
      ...(setup === "both-env" && { DLF_TOKEN: "env-token" }),
    };
    const run = await runMain(["pending"], env);
    expect(run.code, run.stderr).toBe(0);
    const [request] = server.seen;
    expect(Object.keys(request?.headers ?? {})).toContain(header);
    if (header === "authorization") {
      expect(String(request?.headers.authorization)).toMatch(/^SDK-HMAC-SHA256 Access=AKENV,/);
      expect(request?.headers["x-auth-token"]).toBeUndefined();
    } else {
      expect(request?.headers["x-auth-token"]).toBe("env-token");
    }
  });

  it("shows a table with secrets masked, never their characters", async () => {
    const home = freshHome();
    writeConfig(home, PROFILES);
    const run = await runMain(["config", "--profile", "deployer"], {
      HOME: home,
      HUAWEICLOUD_SDK_SECURITY_TOKEN: "st-env-9999",
    });
    expect(run.stdout).toMatch(/^secretKey\s+\(set, hidden\)\s+profile\s+HUAWEICLOUD_SDK_SK$/m);
    expect(run.stdout).toMatch(
      /^securityToken\s+\(set, hidden\)\s+env\s+HUAWEICLOUD_SDK_SECURITY_TOKEN$/m,
    );
    expect(run.stdout + run.stderr).not.toMatch(/5678|9999|sk-deployer|st-env/);
  });

  it("warns when a config file with secrets can be read by others", async () => {
    const home = freshHome();
    const path = writeConfig(home, PROFILES, 0o644);
    const run = await runMain(["config"], { HOME: home });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `warning: ${path} holds secrets and can be read by other users (mode 644); run: chmod 600 ${path}\n`,
    );
    writeConfig(home, PROFILES, 0o600);
    expect((await runMain(["config"], { HOME: home })).stderr).toBe("");
  });

  it("refuses a malformed config file as a usage error", async () => {
    const home = freshHome();
    const path = writeConfig(home, { profiles: { default: { secretKey: 42 } } });
    const run = await runMain(["config"], { HOME: home });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `dlf-release: ${path}: profile "default": secretKey must be a string\n`,
    );
  });
});
