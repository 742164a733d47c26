import { CommanderError } from "commander";
import type { Io } from "./context.js";
import { EXIT, interruptedExitCode } from "./exit-codes.js";
import { createProgram } from "./program.js";

/** package.json's version, set by the bundlers (scripts/build-bundles.js, the Action's). */
declare const DLF_RELEASE_VERSION: string | undefined;
// Note: unbundled (tsx, as local-action runs the Action's source), there is no version to show.
const version = typeof DLF_RELEASE_VERSION === "string" ? DLF_RELEASE_VERSION : "0.0.0-source";

/** Runs `dlf-release` with these arguments and returns its exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
    await createProgram(io, version).parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    // Note: commander has printed its own message, which names the flag; --help and --version end here too.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const { failureOf } = await import("./report.js");
    const failure = failureOf(error);
    io.stderr.write(`dlf-release: ${failure.message}\n`);
    // Note: a request cut short by a signal fails; the signal is the cause to report.
    if (io.interrupt?.aborted && failure.exitCode === EXIT.error) {
      return interruptedExitCode(io.interrupt);
    }
    return failure.exitCode;
  }
}
