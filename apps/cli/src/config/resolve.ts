import type { Credentials, Region } from "@dlf-release/client";
import { UsageError } from "../exit-codes.js";
import {
  type ConfigFile,
  configPath,
  PROFILE_KEYS,
  type Profile,
  readConfigFile,
  type SettingKey,
} from "./file.js";

/** Where a setting came from, strongest first. */
export type Source = "flag" | "env" | "profile" | "default";
const RANK: Record<Source, number> = { flag: 0, env: 1, profile: 2, default: 3 };

/** One setting in effect, and where it came from. */
export interface Resolved {
  value: string | undefined;
  source: Source | undefined;
}

/** Each setting's flag (if any) and environment variable, for lookup and for messages. */
export const SETTING_NAMES: Record<SettingKey, { flag?: string; env: string }> = {
  region: { flag: "--region", env: "DLF_REGION" },
  baseUrl: { flag: "--base-url", env: "DLF_BASE_URL" },
  projectId: { flag: "--project-id", env: "HUAWEICLOUD_SDK_PROJECT_ID" },
  workspace: { flag: "--workspace", env: "DLF_WORKSPACE" },
  applyUser: { flag: "--apply-user", env: "DLF_APPLY_USER" },
  offsetMode: { flag: "--offset-mode", env: "DLF_OFFSET_MODE" },
  // Note: secrets have no flag: a command line is visible to every user of the machine (ps).
  accessKey: { env: "HUAWEICLOUD_SDK_AK" },
  secretKey: { env: "HUAWEICLOUD_SDK_SK" },
  securityToken: { env: "HUAWEICLOUD_SDK_SECURITY_TOKEN" },
  token: { env: "DLF_TOKEN" },
};

/** The global flags that carry settings, as commander hands them over. */
export type SettingFlags = Partial<Record<SettingKey, string>> & { profile?: string };

/** Every setting in effect, the profile used, and the config file read. */
export interface Settings {
  profile: string | undefined;
  file: ConfigFile;
  values: Record<SettingKey, Resolved>;
}

/** Flags, then the environment, then the profile (--profile, DLF_PROFILE or "default"). */
export function resolveSettings(
  flags: SettingFlags,
  env: Record<string, string | undefined>,
): Settings {
  const file = readConfigFile(configPath(env));
  const named = flags.profile ?? env.DLF_PROFILE;
  if (named !== undefined && !(named in file.profiles)) {
    const flag = flags.profile !== undefined ? "--profile" : "DLF_PROFILE";
    const known = Object.keys(file.profiles);
    throw new UsageError(
      flag,
      `no profile "${named}" in ${file.path}${known.length ? ` (profiles: ${known.join(", ")})` : ""}`,
    );
  }
  const profileName = named ?? ("default" in file.profiles ? "default" : undefined);
  const profile: Profile = profileName === undefined ? {} : (file.profiles[profileName] ?? {});
  const values = Object.fromEntries(
    PROFILE_KEYS.map((key): [SettingKey, Resolved] => {
      const fromEnv = env[SETTING_NAMES[key].env] || undefined;
      if (flags[key] !== undefined) return [key, { value: flags[key], source: "flag" }];
      if (fromEnv !== undefined) return [key, { value: fromEnv, source: "env" }];
      if (profile[key] !== undefined) return [key, { value: profile[key], source: "profile" }];
      const fallback = DEFAULTS[key];
      if (fallback !== undefined) return [key, { value: fallback, source: "default" }];
      return [key, { value: undefined, source: undefined }];
    }),
  ) as Record<SettingKey, Resolved>;
  checkOffsetMode(values.offsetMode, profileName);
  return { profile: profileName, file, values };
}

const DEFAULTS: Partial<Record<SettingKey, string>> = {
  region: "cn-north-4",
  // Note: the API pages call offset a page number; no source says which the service counts.
  offsetMode: "page",
};

/** The offset mode is one of two words, wherever it was set; the message names where. */
function checkOffsetMode(resolved: Resolved, profile: string | undefined): void {
  if (resolved.value === "page" || resolved.value === "record") return;
  const { flag, env } = SETTING_NAMES.offsetMode;
  const where =
    resolved.source === "flag"
      ? (flag as string)
      : resolved.source === "env"
        ? env
        : `offsetMode of profile "${profile}"`;
  throw new UsageError(
    where,
    `expected "page" (offset counts pages, as the API pages say) or "record" (offset counts items)`,
  );
}

/** What `offset` means to this tenant's service. */
export function offsetModeOf(settings: Settings): "page" | "record" {
  return settings.values.offsetMode.value as "page" | "record";
}

/** The endpoint: a base URL that is as strong as the region or stronger wins. */
export function endpointOf(settings: Settings): { baseUrl: string } | { region: Region } {
  const { baseUrl, region } = settings.values;
  if (
    baseUrl.value !== undefined &&
    RANK[baseUrl.source ?? "default"] <= RANK[region.source ?? "default"]
  ) {
    return { baseUrl: baseUrl.value };
  }
  // Note: the client checks the region against its list and names it when unknown.
  return { region: (region.value ?? "cn-north-4") as Region };
}

const CREDENTIALS_HELP =
  "set DLF_TOKEN (an IAM token), or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or use a profile that has them (--profile)";

/** AK/SK or a token from the strongest source that has either; AK/SK first within a source. */
export function credentialsOf(settings: Settings): Credentials {
  const { accessKey, secretKey, securityToken, token } = settings.values;
  const rank = (resolved: Resolved) =>
    RANK[resolved.source ?? "default"] + (resolved.value ? 0 : 9);
  const akSkRank = Math.min(rank(accessKey), rank(secretKey));
  if (akSkRank < 9 && akSkRank <= rank(token)) {
    if (!accessKey.value)
      throw new UsageError(
        "HUAWEICLOUD_SDK_AK",
        `is missing beside the secret key; ${CREDENTIALS_HELP}`,
      );
    if (!secretKey.value)
      throw new UsageError(
        "HUAWEICLOUD_SDK_SK",
        `is missing beside the access key; ${CREDENTIALS_HELP}`,
      );
    return {
      accessKey: accessKey.value,
      secretKey: secretKey.value,
      ...(securityToken.value ? { securityToken: securityToken.value } : {}),
    };
  }
  if (token.value) return { token: token.value };
  throw new UsageError("credentials", `none found; ${CREDENTIALS_HELP}`);
}

/** A setting that the command cannot do without, or a usage error naming its flag and variable. */
export function required(settings: Settings, key: SettingKey): string {
  const value = settings.values[key].value;
  if (value !== undefined) return value;
  const { flag, env } = SETTING_NAMES[key];
  throw new UsageError(
    flag ?? env,
    `is required: give ${flag ? `${flag}, ` : ""}set ${env}, or add "${key}" to a profile`,
  );
}
