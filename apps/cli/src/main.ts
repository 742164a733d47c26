import { CommanderError } from "commander";
import type { Io } from "./context.js";
import { EXIT, interruptedExitCode } from "./exit-codes.js";
import { createProgram } from "./program.js";

/** package.json's version, set by the build (scripts/build-bundles.js). */
declare const DLF_RELEASE_VERSION: string;

/** Runs `dlf-release` with these arguments and returns its exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
    await createProgram(io, DLF_RELEASE_VERSION).parseAsync(argv, { from: "user" });
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
