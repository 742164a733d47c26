import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../exit-codes.js";

/** What a profile of the config file may set; the same names as `dlf-release config` shows. */
export const PROFILE_KEYS = [
  "region",
  "baseUrl",
  "projectId",
  "workspace",
  "applyUser",
  "offsetMode",
  "accessKey",
  "secretKey",
  "securityToken",
  "token",
] as const;

/** One setting's name. */
export type SettingKey = (typeof PROFILE_KEYS)[number];
/** A named set of settings: an identity (applicant, deployer) and where it works. */
export type Profile = Partial<Record<SettingKey, string>>;

/** Settings that must never be shown. */
export const SECRET_KEYS: readonly SettingKey[] = ["secretKey", "securityToken", "token"];

/** The config file as read: its profiles, and its mode bits for the permission check. */
export interface ConfigFile {
  path: string;
  exists: boolean;
  profiles: Record<string, Profile>;
  mode: number | undefined;
}

/** `$XDG_CONFIG_HOME/dlf-release/config.json` (~/.config when unset; %APPDATA% on Windows). */
export function configPath(env: Record<string, string | undefined>): string {
  const base =
    process.platform === "win32"
      ? (env.APPDATA ?? join(homedir(), "AppData", "Roaming"))
      : env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(base, "dlf-release", "config.json");
}

/** Reads the config file; a missing file has no profiles, a malformed one is a usage error. */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  let mode: number;
  try {
    text = readFileSync(path, "utf8");
    mode = statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { path, exists: false, profiles: {}, mode: undefined };
    }
    throw new UsageError(path, `cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(path, "is not valid JSON");
  }
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
  if (typeof profiles !== "object" || profiles === null || Array.isArray(profiles)) {
    throw new UsageError(path, 'must be an object with "profiles": { "NAME": { ... } }');
  }
  for (const [name, profile] of Object.entries(profiles)) {
    for (const [key, value] of Object.entries(profile ?? {})) {
      if (!(PROFILE_KEYS as readonly string[]).includes(key)) {
        throw new UsageError(
          path,
          `profile "${name}" has an unknown key "${key}" (known: ${PROFILE_KEYS.join(", ")})`,
        );
      }
      // Note: the value is never quoted, as it may be a secret.
      if (typeof value !== "string")
        throw new UsageError(path, `profile "${name}": ${key} must be a string`);
    }
  }
  return { path, exists: true, profiles: profiles as Record<string, Profile>, mode };
}

/** A warning when the file holds secrets and its group or others may read it; undefined otherwise. */
export function exposedSecretsWarning(file: ConfigFile): string | undefined {
  if (!file.exists || file.mode === undefined || process.platform === "win32") return undefined;
  const holdsSecrets = Object.values(file.profiles).some((profile) =>
    SECRET_KEYS.some((key) => profile[key]),
  );
  if (!holdsSecrets || (file.mode & 0o077) === 0) return undefined;
  const octal = (file.mode & 0o777).toString(8);
  return `warning: ${file.path} holds secrets and can be read by other users (mode ${octal}); run: chmod 600 ${file.path}`;
}
