import { describe, expect, it } from "vitest";
import { freshHome, runCli, writeConfig } from "./support/run-cli.js";

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

const config = async (args: string[], env: Record<string, string> = {}) => {
  const run = await runCli(["config", "--json", ...args], env);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as {
    profile: string | null;
    settings: Record<string, { value: string | null; source: string | null }>;
  };
};

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

  it("shows a table with secrets masked, never their characters", async () => {
    const home = freshHome();
    writeConfig(home, PROFILES);
    const run = await runCli(["config", "--profile", "deployer"], {
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
    const run = await runCli(["config"], { HOME: home });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `warning: ${path} holds secrets and can be read by other users (mode 644); run: chmod 600 ${path}\n`,
    );
    writeConfig(home, PROFILES, 0o600);
    expect((await runCli(["config"], { HOME: home })).stderr).toBe("");
  });

  it("refuses a malformed config file as a usage error", async () => {
    const home = freshHome();
    const path = writeConfig(home, { profiles: { default: { secretKey: 42 } } });
    const run = await runCli(["config"], { HOME: home });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `dlf-release: ${path}: profile "default": secretKey must be a string\n`,
    );
  });
});
