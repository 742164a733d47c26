import { once } from "node:events";
import { CliError, EXIT } from "../src/exit-codes.js";
import { type FaultRule, faultLabel } from "./faults.js";
import { seedItems } from "./seed.js";
import { PortInUse, SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY, startStandIn } from "./server.js";
import type { PackageOutcome } from "./state.js";

// `dlf-release sandbox`: the stateful stand-in the CLI's tests use, for rehearsing a pipeline
// without touching production. Built into dist/sandbox.js with the spec and Ajv inlined.

/** The flags of `dlf-release sandbox`. */
export interface SandboxFlags {
  port: number;
  outcome: PackageOutcome;
  looks: number;
  /** How far the sandbox's clock runs ahead (behind when negative), in ms. */
  clockSkew?: number;
  /** The faults switched on, in order. */
  fault?: FaultRule[];
  /** How many items are pending at the start (default: the seed's five). */
  items?: number;
}

/** Where the sandbox writes: its banner on stdout, a line per request on stderr. */
export interface SandboxIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const APPLICANT = "f8ccc2ff3c7748e8a7bfede38ae1cffa";
const APPROVER = "7b71e498e75d44048c9a22dd3c54f978";

/** What to type to point the CLI at the sandbox at `url`. */
export function sandboxBanner(url: string, flags: SandboxFlags): string {
  const items = flags.items ?? seedItems().length;
  const faults = (flags.fault ?? []).map(faultLabel);
  return `DataArts Factory sandbox (stateful; every request and answer checked against the spec): ${url}
${items === 1 ? "1 item is" : `${items} items are`} pending, and 4 packages exist, one in each status. A new package waits
for review (1), is being released (5), then ends ${flags.outcome} (${flags.outcome === "released" ? 2 : 3}), one step every ${flags.looks === 1 ? "look" : `${flags.looks} looks`} at it.
Faults: ${faults.length === 0 ? "none (dlf-release sandbox --help lists them)" : faults.join(", ")}.
Any token is accepted; AK/SK signatures are checked, for HUAWEICLOUD_SDK_AK=${SANDBOX_ACCESS_KEY} HUAWEICLOUD_SDK_SK=${SANDBOX_SECRET_KEY}.

Point dlf-release at it, in another terminal:
  export DLF_BASE_URL=${url} DLF_TOKEN=sandbox HUAWEICLOUD_SDK_PROJECT_ID=sandbox DLF_WORKSPACE=sandbox
  dlf-release pending
  dlf-release doctor
  dlf-release release --name rehearsal --approver ${APPROVER} --apply-user ${APPLICANT} --all-pending --wait --interval 1s

Press Ctrl-C to stop.
`;
}

/** Runs the sandbox until SIGINT or SIGTERM. */
export async function runSandbox(flags: SandboxFlags, io: SandboxIo): Promise<void> {
  const sandbox = await startStandIn({
    port: flags.port,
    outcome: flags.outcome,
    steps: flags.looks,
    clockSkewMs: flags.clockSkew ?? 0,
    faults: flags.fault ?? [],
    ...(flags.items !== undefined && { pending: seedItems(flags.items) }),
    log: (line) => io.stderr.write(`sandbox: ${line}\n`),
  }).catch((error: unknown) => {
    if (error instanceof PortInUse) throw new CliError(error.message, EXIT.error);
    throw error;
  });
  io.stdout.write(sandboxBanner(sandbox.url, flags));
  await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
  await sandbox.close();
  io.stdout.write("Sandbox stopped.\n");
}
