import { REGIONS } from "@dlf-release/client";

/** Where a live run goes and how it signs in; read from the environment, never logged. */
export interface LiveTarget {
  /** The service's endpoint: DLF_BASE_URL, or https://dayu.{DLF_REGION}.myhuaweicloud.com. */
  baseUrl: string;
  projectId: string;
  workspace: string;
  /** An IAM token (DLF_CONTRACT_TOKEN): calls go through `prism proxy`, which checks them. */
  token: string | undefined;
  /** AK/SK (HUAWEICLOUD_SDK_AK/_SK/_SECURITY_TOKEN): signed calls go to the service directly. */
  akSk: { accessKey: string; secretKey: string; securityToken?: string } | undefined;
}

/** The environment variables of a live run, for the messages that name them. */
export const LIVE_ENV =
  "DLF_CONTRACT_TARGET=live, HUAWEICLOUD_SDK_PROJECT_ID, DLF_WORKSPACE, DLF_REGION (or DLF_BASE_URL), " +
  "and DLF_CONTRACT_TOKEN and/or HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK";

/** The live target when DLF_CONTRACT_TARGET=live; undefined for a mock run; an error when half set. */
export function liveTarget(
  env: Record<string, string | undefined> = process.env,
): LiveTarget | undefined {
  const target = env.DLF_CONTRACT_TARGET ?? "mock";
  if (target === "mock") return undefined;
  if (target !== "live")
    throw new Error(`DLF_CONTRACT_TARGET must be "mock" or "live", got "${target}"`);

  const missing = (name: string) =>
    new Error(`live contract tests need ${name}; a live run takes ${LIVE_ENV}`);
  const region = env.DLF_REGION ?? "cn-north-4";
  if (!env.DLF_BASE_URL && !(REGIONS as readonly string[]).includes(region)) {
    throw new Error(`DLF_REGION must be one of ${REGIONS.join(", ")}`);
  }
  const projectId = env.HUAWEICLOUD_SDK_PROJECT_ID;
  if (!projectId) throw missing("HUAWEICLOUD_SDK_PROJECT_ID");
  const workspace = env.DLF_WORKSPACE;
  if (!workspace) throw missing("DLF_WORKSPACE");
  const token = env.DLF_CONTRACT_TOKEN || undefined;
  const accessKey = env.HUAWEICLOUD_SDK_AK;
  const secretKey = env.HUAWEICLOUD_SDK_SK;
  if (!!accessKey !== !!secretKey) throw missing("both HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK");
  if (!token && !accessKey) throw missing("DLF_CONTRACT_TOKEN or HUAWEICLOUD_SDK_AK/_SK");
  const securityToken = env.HUAWEICLOUD_SDK_SECURITY_TOKEN;
  return {
    baseUrl: env.DLF_BASE_URL ?? `https://dayu.${region}.myhuaweicloud.com`,
    projectId,
    workspace,
    token,
    akSk:
      accessKey && secretKey
        ? { accessKey, secretKey, ...(securityToken ? { securityToken } : {}) }
        : undefined,
  };
}
