import { connect, transport } from "../connect.js";
import { type Context, printJson } from "../context.js";
import { CliError, EXIT, interruptedExitCode } from "../exit-codes.js";
import { credentialsCheck, permissionCheck } from "./access.js";
import { clockCheck } from "./clock.js";
import { contractCheck, watchContract } from "./contract.js";
import { endpointCheck, REACH_DEADLINE_MS } from "./endpoint.js";
import { offsetCheck } from "./offset.js";
import { settingsCheck } from "./settings.js";
import { type CheckResult, skipped, type Verdict } from "./verdict.js";

/** The checks, in the order a support engineer makes them; each one needs the ones before. */
export const CHECKS = [
  "settings",
  "endpoint",
  "clock",
  "credentials",
  "permission",
  "contract",
  "offset",
] as const;

/** One check's outcome, named. */
export type DoctorCheck = CheckResult & { id: (typeof CHECKS)[number] };

/** The flags of `dlf-release doctor`. */
export interface DoctorFlags {
  /** Drift fails the run (exit 1), as a drift monitor wants; a release job reads on. */
  failOnDrift?: boolean;
}

/** `dlf-release doctor`: the checks, one line each, then the exit code of the first failure. */
export async function runDoctor(context: Context, flags: DoctorFlags = {}): Promise<void> {
  const checks = await diagnose(context);
  if (context.interrupt.aborted) {
    throw new CliError("doctor was interrupted", interruptedExitCode(context.interrupt));
  }
  const failed = checks.find(
    (check) =>
      check.verdict === "fail" ||
      (flags.failOnDrift === true && check.id === "contract" && check.verdict === "warn"),
  );
  const exitCode = failed?.exitCode ?? (failed ? EXIT.error : EXIT.ok);
  if (context.json) {
    printJson(context, {
      exit_code: exitCode,
      checks: checks.map(({ id, verdict, detail, fix, findings }) => ({
        id,
        verdict,
        detail,
        fix: fix ?? null,
        findings: findings ?? [],
      })),
    });
  } else {
    context.print(checks.map((check) => checkText(check, context)).join(""));
  }
  if (failed) {
    const how = failed.verdict === "warn" ? "found drift (--fail-on-drift)" : "failed";
    throw new CliError(`doctor: the ${failed.id} check ${how}`, exitCode);
  }
}

/** Runs the checks in order; a check whose needs failed is skipped, saying which. */
async function diagnose(context: Context): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const add = (id: DoctorCheck["id"], result: CheckResult) => {
    checks.push({ id, ...result });
    return result.verdict;
  };
  const rest = (from: DoctorCheck["id"], why: string) => {
    for (const id of CHECKS.slice(CHECKS.indexOf(from))) add(id, skipped(why));
    return checks;
  };

  const { result: settings, found } = settingsCheck(context);
  add("settings", settings);
  if (!found.endpoint || !found.proxy) return rest("endpoint", "no endpoint to reach");
  const send = transport(context);
  const deadline = Math.min(context.requestTimeout, REACH_DEADLINE_MS);
  const reach = await endpointCheck(send, found.endpoint, found.proxy, deadline);
  if (add("endpoint", reach.result) === "fail" || !reach.clocks) {
    return rest("clock", "the endpoint did not answer");
  }
  const signs = found.credentials !== undefined && "accessKey" in found.credentials;
  if (add("clock", clockCheck(reach.clocks, signs)) === "fail") {
    return rest(
      "credentials",
      "not tried: the gateway would refuse the signature, and refusals count towards the AK/SK lock",
    );
  }
  if (!found.credentials || !found.projectId) {
    return rest("credentials", "needs the project and credentials (see settings)");
  }

  const watched = watchContract(send);
  const dlf = connect(context, { needsWorkspace: false, omitWorkspace: true, fetch: watched });
  const { result: credentials, access } = await credentialsCheck(dlf, signs);
  if (add("credentials", credentials) === "fail" || !access) {
    return rest("permission", "the credentials did not work");
  }
  if (!found.workspace) return rest("permission", "needs the workspace (see settings)");
  const permission = await permissionCheck(dlf, found.workspace, access);
  if (add("permission", permission.result) === "fail") {
    add("contract", contractCheck(watched));
    return rest("offset", "the workspace did not answer");
  }
  const offset = await offsetCheck(dlf, context.settings, found.workspace, permission.pendingTotal);
  const id = access.newestPackageId;
  const unshown =
    id === undefined
      ? undefined
      : await dlf.showFactoryPackageDetail(id).then(
          () => undefined,
          (error: Error) => `showFactoryPackageDetail of package ${id} failed: ${error.message}`,
        );
  add("contract", contractCheck(watched, unshown));
  add("offset", offset);
  return checks;
}

const MARK: Record<Verdict, (context: Context) => string> = {
  pass: (context) => context.style.green("PASS"),
  warn: (context) => context.style.yellow("WARN"),
  fail: (context) => context.style.red("FAIL"),
  skip: (context) => context.style.dim("SKIP"),
};

/** "PASS  clock        within 1s of the gateway's clock", then its findings and fix, indented. */
function checkText(check: DoctorCheck, context: Context): string {
  const lines = [`${MARK[check.verdict](context)}  ${check.id.padEnd(11)}  ${check.detail}`];
  for (const finding of check.findings ?? []) lines.push(`      ${finding}`);
  if (check.fix !== undefined) lines.push(`      fix: ${check.fix}`);
  return `${lines.join("\n")}\n`;
}
