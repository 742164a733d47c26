import type { Command } from "commander";
import { completionScript } from "../completion.js";
import { configPath, readConfigFile } from "../config/file.js";
import type { Io } from "../context.js";
import { UsageError } from "../exit-codes.js";
import type { SHELLS } from "../shells.js";

/** `dlf-release completion SHELL`, or `--profiles`: the profile names, one a line, for the scripts. */
export function runCompletion(
  program: Command,
  io: Io,
  shell: (typeof SHELLS)[number] | undefined,
  flags: { profiles?: boolean },
): void {
  if (flags.profiles) {
    const names = Object.keys(readConfigFile(configPath(io.env)).profiles);
    io.stdout.write(names.map((name) => `${name}\n`).join(""));
    return;
  }
  if (!shell) throw new UsageError("shell", "name the shell: bash, zsh or fish");
  io.stdout.write(completionScript(program, shell, "dlf-release"));
}
