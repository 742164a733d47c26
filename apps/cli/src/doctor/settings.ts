import { type Credentials, DlfValidationError, endpointUrl } from "@dlf-release/client";
import {
  credentialsOf,
  endpointOf,
  required,
  SETTING_NAMES,
  type Settings,
} from "../config/resolve.js";
import type { Context } from "../context.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { proxySettings } from "../network/proxy.js";
import { type ProxyInEffect, proxyInEffect } from "./proxy-in-effect.js";
import type { CheckResult } from "./verdict.js";

/** What the settings give the other checks; a field is missing when its setting is. */
export interface Found {
  endpoint?: URL;
  proxy?: ProxyInEffect;
  projectId?: string;
  workspace?: string;
  credentials?: Credentials;
}

/** Check 1: every setting the release job needs, where each came from, and the proxy in effect. */
export function settingsCheck(context: Context): { result: CheckResult; found: Found } {
  const { settings } = context;
  const found: Found = {};
  const findings: string[] = [];
  const problems: string[] = [];
  const attempt = (read: () => void) => {
    try {
      read();
    } catch (error) {
      if (!(error instanceof UsageError || error instanceof DlfValidationError)) throw error;
      problems.push(error instanceof UsageError ? error.message : endpointProblem(error));
    }
  };

  attempt(() => {
    const endpoint = endpointOf(settings);
    found.endpoint = new URL(endpointUrl(endpoint));
    findings.push(`endpoint: ${found.endpoint.origin} (${endpointSource(settings, endpoint)})`);
    found.proxy = proxyInEffect(proxySettings(context.env), found.endpoint);
    findings.push(
      found.proxy.url === undefined
        ? `proxy: none (${found.proxy.because})`
        : `proxy: ${found.proxy.url} (${found.proxy.because})`,
    );
  });
  attempt(() => {
    found.projectId = required(settings, "projectId");
    findings.push(`project: ${found.projectId} (${settings.values.projectId.source})`);
  });
  attempt(() => {
    found.workspace = required(settings, "workspace");
    findings.push(`workspace: ${found.workspace} (${settings.values.workspace.source})`);
  });
  attempt(() => {
    found.credentials = credentialsOf(settings);
    findings.push(`credentials: ${credentialsSource(settings, found.credentials)}`);
  });
  const offsetMode = settings.values.offsetMode;
  findings.push(`offset mode: ${offsetMode.value} (${offsetMode.source})`);

  if (problems.length > 0) {
    return {
      found,
      result: {
        verdict: "fail",
        detail: `${problems.length} setting${problems.length === 1 ? "" : "s"} missing or wrong`,
        fix: problems.join("; "),
        findings,
        exitCode: EXIT.usage,
      },
    };
  }
  return {
    found,
    result: { verdict: "pass", detail: "every setting the release job needs is set", findings },
  };
}

function endpointSource(settings: Settings, endpoint: ReturnType<typeof endpointOf>): string {
  return "baseUrl" in endpoint
    ? `base URL, ${settings.values.baseUrl.source}`
    : `region ${endpoint.region}, ${settings.values.region.source}`;
}

function credentialsSource(settings: Settings, credentials: Credentials): string {
  if ("token" in credentials) return `IAM token (${settings.values.token.source})`;
  const temporary = "securityToken" in credentials ? " with a security token" : "";
  return `AK/SK${temporary} (${settings.values.accessKey.source})`;
}

/** The client's refusal of a region or base URL, named by the flag that sets it. */
function endpointProblem(error: DlfValidationError): string {
  const names = SETTING_NAMES[error.field === "region" ? "region" : "baseUrl"];
  return `${names.flag}: ${error.message.replace(/^createDlfClient: /, "")}`;
}
