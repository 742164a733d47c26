import { type Command, Option } from "commander";
import { TASK_TYPE, UPDATE_TYPE } from "./names.js";
import { enumCollector, parseDuration, parseText, parseTimeText } from "./parse.js";

// Flags and help text that more than one command shares.

/** An "Examples:" block for a command's --help. */
export const examples = (lines: string[]) =>
  `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;

/** The pending-item filters, shared by `pending` and `release`: sent, then checked on the answer. */
export function pendingFilters(command: Command): Command {
  return command
    .option("--submitter <name>", "only items submitted by this user (submit_user_name)", parseText)
    .option(
      "--task-type <type...>",
      "only jobs or scripts: job (1), script (2); several as job,script",
      enumCollector(TASK_TYPE),
    )
    .option(
      "--update-type <type...>",
      "only new (1), change (2) or delete (3); several as new,change (never a delete)",
      enumCollector(UPDATE_TYPE),
    )
    .option("--item-name <name>", "only the item of exactly this name (item_name)", parseText)
    .option(
      "--since <time>",
      "submitted at or after: ISO 8601 or ms since 1970 (start_time, sent as given)",
      parseTimeText,
    )
    .option(
      "--until <time>",
      "submitted at or before: ISO 8601 or ms since 1970 (end_time, sent as given)",
      parseTimeText,
    );
}

/** --timeout and --interval, shared by `wait` and `release --wait`; and --junit. */
export const waitFlags = (command: Command) =>
  command
    .option(
      "--junit <file>",
      "also write the package's tasks as a JUnit report (GitLab, Jenkins, Azure Pipelines)",
      parseText,
    )
    .addOption(
      new Option("--timeout <duration>", "give up after this long (exit 4)")
        .argParser(parseDuration)
        .default(1_800_000, "30m"),
    )
    .addOption(
      new Option("--interval <duration>", "time between two looks")
        .argParser(parseDuration)
        .default(10_000, "10s"),
    );
