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
    if (typeof given === "object" && given !== null && "token" in given) return checkToken(given);
    return checkAkSk(given, (field) => `credentials.${field}`, "createDlfClient");
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
    (field) => ENV[field],
    "createDlfClient",
  );
}

// Note: header values must be visible ASCII; checked here so that the HTTP stack's own "invalid
// header value" error, which may quote the value, never gets to print a token.
const VISIBLE_ASCII = /^[\x21-\x7E]+$/;

function checkToken(credentials: TokenCredentials): TokenCredentials {
  const { token } = credentials;
  if (typeof token !== "string" || token.length > 4096 || !VISIBLE_ASCII.test(token)) {
    throw new DlfValidationError(
      "credentials.token",
      "must be 1 to 4096 printable ASCII characters without spaces (an IAM token)",
      "createDlfClient",
    );
  }
  return { token };
}

/**
 * Checks AK/SK credentials, naming the field at fault (as `name` spells it) and never its value;
 * returns a copy without other keys.
 */
export function checkAkSk(
  value: unknown,
  name: (field: keyof AkSkCredentials) => string,
  where: string,
): AkSkCredentials {
  if (typeof value !== "object" || value === null) {
    throw new DlfValidationError(
      "credentials",
      "must be an object { accessKey, secretKey, securityToken? }",
      where,
    );
  }
  const { accessKey, secretKey, securityToken } = value as Record<string, unknown>;
  if (typeof accessKey !== "string" || !VISIBLE_ASCII.test(accessKey)) {
    throw new DlfValidationError(
      name("accessKey"),
      "must be a non-empty string of printable ASCII without spaces",
      where,
    );
  }
  if (typeof secretKey !== "string" || secretKey === "") {
    throw new DlfValidationError(name("secretKey"), "must be a non-empty string", where);
  }
  if (securityToken === undefined) return { accessKey, secretKey };
  if (typeof securityToken !== "string" || !VISIBLE_ASCII.test(securityToken)) {
    throw new DlfValidationError(
      name("securityToken"),
      "must be a non-empty string of printable ASCII without spaces when given",
      where,
    );
  }
  return { accessKey, secretKey, securityToken };
}
