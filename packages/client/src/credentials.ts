import { DlfValidationError } from "./errors.js";

/** A permanent or temporary AK/SK pair; temporary ones carry a security token. */
export interface AkSkCredentials {
  /** Access key id (AK). */
  accessKey: string;
  /** Secret access key (SK): signs requests, never sent. */
  secretKey: string;
  /** Security token of temporary credentials; sent as X-Security-Token and signed. */
  securityToken?: string | undefined;
}

/** An IAM token (the X-Subject-Token of IAM's token API), sent as X-Auth-Token. */
export interface TokenCredentials {
  /** The token, at most 4096 characters. */
  token: string;
}

/** Called before each request: for temporary credentials that rotate. */
export type CredentialsProvider = () => AkSkCredentials | Promise<AkSkCredentials>;

/** Every way to authenticate the client. */
export type Credentials = AkSkCredentials | TokenCredentials | CredentialsProvider;

/** The environment variables the official SDKs read, and this client too. */
export const ENV = {
  accessKey: "HUAWEICLOUD_SDK_AK",
  secretKey: "HUAWEICLOUD_SDK_SK",
  securityToken: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  projectId: "HUAWEICLOUD_SDK_PROJECT_ID",
} as const;

/** Process environment where there is one (Node, Bun, Deno with --allow-env); empty elsewhere. */
export function processEnv(): Record<string, string | undefined> {
  try {
    return (
      (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {}
    );
  } catch {
    return {};
  }
}

/** Credentials given, or else AK/SK from the environment; a clear error when there are none. */
export function resolveCredentials(
  given: Credentials | undefined,
  env: Record<string, string | undefined>,
): Credentials {
  if (given !== undefined) {
    if (typeof given === "function") return given;
    if (typeof given !== "object" || given === null) {
      throw new DlfValidationError(
        "credentials",
        "must be { accessKey, secretKey, securityToken? }, { token } or a function returning AK/SK credentials",
        "createDlfClient",
      );
    }
    if ("token" in given) return checkToken(given);
    return checkAkSk(given, "credentials");
  }
  const accessKey = env[ENV.accessKey];
  const secretKey = env[ENV.secretKey];
  if (!accessKey && !secretKey) {
    throw new DlfValidationError(
      "credentials",
      `are missing: pass { accessKey, secretKey } or { token }, or set ${ENV.accessKey} and ${ENV.secretKey}`,
      "createDlfClient",
    );
  }
  return checkAkSk(
    {
      accessKey: accessKey ?? "",
      secretKey: secretKey ?? "",
      securityToken: env[ENV.securityToken] || undefined,
    },
    "environment",
  );
}

function checkToken(credentials: TokenCredentials): TokenCredentials {
  const { token } = credentials;
  if (typeof token !== "string" || token.length === 0 || token.length > 4096) {
    throw new DlfValidationError(
      "credentials.token",
      "must be a string of 1 to 4096 characters (an IAM token)",
      "createDlfClient",
    );
  }
  return { token };
}

/** Checks an AK/SK pair, naming the field at fault and never its value. */
function checkAkSk(
  credentials: AkSkCredentials,
  source: "credentials" | "environment",
): AkSkCredentials {
  const name = (field: keyof AkSkCredentials) =>
    source === "environment" ? ENV[field] : `credentials.${field}`;
  for (const field of ["accessKey", "secretKey"] as const) {
    const value = credentials[field];
    if (typeof value !== "string" || value === "") {
      throw new DlfValidationError(name(field), "must be a non-empty string", "createDlfClient");
    }
  }
  const { securityToken } = credentials;
  if (securityToken !== undefined && (typeof securityToken !== "string" || securityToken === "")) {
    throw new DlfValidationError(
      name("securityToken"),
      "must be a non-empty string when given",
      "createDlfClient",
    );
  }
  return { accessKey: credentials.accessKey, secretKey: credentials.secretKey, securityToken };
}
