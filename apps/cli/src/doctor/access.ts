import { DlfApiError, type DlfClient, DlfTransportError } from "@dlf-release/client";
import { EXIT } from "../exit-codes.js";
import type { CheckResult } from "./verdict.js";

/** What the credentials check learnt for the checks after it. */
export interface Access {
  /** The newest package of the default workspace, to show in the contract check. */
  newestPackageId?: string | undefined;
  /** The 403 the service answered the credentials check with: they work, the permission lacks. */
  forbidden?: DlfApiError;
}

/** The error's code, a shared gateway's APIGW. prefix read as APIG. (as the client's catalogue does). */
const gatewayCode = (error: DlfApiError) => error.errorCode?.replace(/^APIGW\./, "APIG.");

const LOCKOUT =
  "doctor sent one signed call: after more than 5 refusals in a row the gateway locks an AK/SK for 5 minutes";

/**
 * Check 4: one read (listFactoryReleasePackages, without a workspace) tells whether the gateway
 * takes the credentials. A refusal is final: nothing signed is sent after it.
 */
export async function credentialsCheck(
  dlf: DlfClient,
  signs: boolean,
): Promise<{ result: CheckResult; access?: Access }> {
  const kind = signs ? "AK/SK" : "token";
  try {
    const page = await dlf.listFactoryReleasePackages({ limit: 1 });
    return {
      result: {
        verdict: "pass",
        detail: `the service took the ${kind}: ${page.total} release package${page.total === 1 ? "" : "s"} in the default workspace`,
      },
      access: { newestPackageId: page.data[0]?.package_id },
    };
  } catch (error) {
    if (error instanceof DlfApiError && error.status === 403) {
      return {
        result: {
          verdict: "pass",
          detail: `the gateway took the ${kind} (the permission is checked next)`,
        },
        access: { forbidden: error },
      };
    }
    if (error instanceof DlfApiError && error.status === 401) {
      return { result: { verdict: "fail", ...refusal(error, signs), exitCode: EXIT.auth } };
    }
    return { result: serviceFailure(error) };
  }
}

/** A 401, explained by its code. */
function refusal(error: DlfApiError, signs: boolean): { detail: string; fix: string } {
  const code = gatewayCode(error);
  const id = error.requestId === undefined ? "" : ` (request id ${error.requestId})`;
  if (code === "APIG.0303") {
    return signs
      ? {
          detail: `the signature was refused as expired (401 APIG.0303)${id}: the request's time is more than 15 minutes off the gateway's clock`,
          fix: `set this machine's clock right; ${LOCKOUT}`,
        }
      : {
          detail: `the token was refused as expired (401 APIG.0303)${id}`,
          fix: "get a new IAM token (a token lasts 24 hours) and set DLF_TOKEN",
        };
  }
  if (code === "APIG.0301") {
    return signs
      ? {
          detail: `the signature was refused (401 APIG.0301)${id}: a wrong access key or secret key, or a security token that is not theirs`,
          fix: `check HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (IAM console, My Credentials, Access Keys); ${LOCKOUT}`,
        }
      : {
          detail: `the token was refused (401 APIG.0301)${id}: it is not valid, or for another project`,
          fix: "get a project-scoped IAM token for this project and set DLF_TOKEN",
        };
  }
  return {
    detail: `the credentials were refused: ${error.message}`,
    fix: signs ? `check the AK/SK and this machine's clock; ${LOCKOUT}` : "check the token",
  };
}

/**
 * Check 5: the pending items of the configured workspace, which need the DataArts Studio
 * permission and a workspace the user belongs to.
 */
export async function permissionCheck(
  dlf: DlfClient,
  workspace: string,
  access: Access,
): Promise<{ result: CheckResult; pendingTotal?: number }> {
  if (access.forbidden) {
    return {
      result: {
        verdict: "fail",
        detail: `the user may not use DataArts Factory in this project: ${access.forbidden.message}`,
        fix: "grant the IAM user a DataArts Studio role (DAYU User or DAYU Administrator) for this project's region",
        exitCode: EXIT.auth,
      },
    };
  }
  try {
    const page = await dlf.listFactoryPendingItems({ limit: 1 }, { workspace });
    return {
      result: {
        verdict: "pass",
        detail: `workspace ${workspace} answered: ${page.total} item${page.total === 1 ? "" : "s"} pending release`,
      },
      pendingTotal: page.total,
    };
  } catch (error) {
    if (error instanceof DlfApiError && error.status < 500 && error.status !== 429) {
      const code = gatewayCode(error);
      return {
        result: {
          verdict: "fail",
          detail: `the service took the credentials without a workspace but refused workspace ${workspace}: ${error.message}`,
          fix:
            code === "APIG.0302"
              ? "give the user a role in this workspace (DataArts Studio console, Workspaces, Members), or set the workspace the user has one in"
              : "check the workspace ID (DataArts Studio console, Workspaces) and that the user is a member of it",
          exitCode: EXIT.auth,
        },
      };
    }
    return { result: serviceFailure(error) };
  }
}

/** A failure that is neither the credentials nor the permission: the service or the network. */
export function serviceFailure(error: unknown): CheckResult {
  if (error instanceof DlfApiError && gatewayCode(error) === "APIG.0101") {
    return {
      verdict: "fail",
      detail: `the gateway has no such API (404 APIG.0101): ${error.message}`,
      fix: "the endpoint is not DataArts Factory's for this region: check --region or --base-url",
      exitCode: EXIT.error,
    };
  }
  if (error instanceof DlfApiError || error instanceof DlfTransportError) {
    return { verdict: "fail", detail: error.message, exitCode: EXIT.error };
  }
  throw error;
}
