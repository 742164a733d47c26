import { once } from "node:events";
import { startStandIn } from "./server.js";
import type { PackageOutcome } from "./state.js";

// `dlf-release sandbox`: the stateful stand-in the CLI's tests use, for rehearsing a pipeline
// without touching production. Built into dist/sandbox.js with the spec and Ajv inlined.

/** The flags of `dlf-release sandbox`. */
export interface SandboxFlags {
  port: number;
  outcome: PackageOutcome;
  looks: number;
  /** How far the sandbox's clock runs ahead, in ms. */
  clockSkew?: number;
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
  return `DataArts Factory sandbox (stateful; every request and answer checked against the spec): ${url}
Two items are pending. A new package waits for review (1), is being released (5), then ends
${flags.outcome} (${flags.outcome === "released" ? 2 : 3}), one step every ${flags.looks} look(s) at it. Any token is accepted.

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
    log: (line) => io.stderr.write(`sandbox: ${line}\n`),
  });
  io.stdout.write(sandboxBanner(sandbox.url, flags));
  await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
  await sandbox.close();
  io.stdout.write("Sandbox stopped.\n");
}
