import { Argument, Command, InvalidArgumentError, Option } from "commander";
import { FAULTS, type FaultRule, parseFaultRule } from "../sandbox/faults.js";
import type { Context, GlobalFlags, Io } from "./context.js";
import { examples, pendingFilters, waitFlags } from "./flags.js";
import { DEPLOY_STATUS } from "./names.js";
import {
  collectIds,
  collectUserIds,
  enumCollector,
  parseCount,
  parseDuration,
  parseId,
  parseItemCount,
  parsePort,
  parseSkew,
  parseText,
  parseTime,
  parseUserId,
} from "./parse.js";
import { SHELLS } from "./shells.js";

// The commands, their flags and help. Each command's code is imported only when it runs, so that
// `--help` and `--version` start as fast as commander alone.

/** Collects `--fault`'s values, each checked against the catalogue. */
function collectFaults(text: string, previous: FaultRule[] = []): FaultRule[] {
  try {
    return [...previous, parseFaultRule(text)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** The faults, a line each, for `sandbox --help`. */
function faultHelp(): string {
  const width = Math.max(...Object.keys(FAULTS).map((name) => name.length));
  return Object.entries(FAULTS)
    .map(([name, fault]) => `  ${name.padEnd(width)}  ${fault.summary}`)
    .join("\n");
}

/** Runs a command's code with a context made from the global flags. */
function runner(io: Io, run: (context: Context, command: Command) => Promise<void> | void) {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const { createContext } = await import("./context.js");
    await run(createContext(command.optsWithGlobals<GlobalFlags>(), io), command);
  };
}

/** The `dlf-release` program; actions write through `io`. */
export function createProgram(io: Io, version: string): Command {
  const program = new Command("dlf-release")
    .description(
      "Release DataArts Factory changes: list what is pending, package it once, wait for the outcome.",
    )
    .version(version, "-V, --version")
    .option(
      "--profile <name>",
      'settings from this profile of the config file (default: DLF_PROFILE, or "default")',
    )
    .option("--region <region>", "service region, e.g. cn-north-4 (DLF_REGION)")
    .option("--base-url <url>", "endpoint instead of a region, e.g. a sandbox (DLF_BASE_URL)")
    .option("--project-id <id>", "project ID (HUAWEICLOUD_SDK_PROJECT_ID)")
    .option("--workspace <id>", "DataArts Studio workspace ID (DLF_WORKSPACE)")
    .addOption(
      new Option(
        "--offset-mode <mode>",
        "what the API's offset counts: page (as its pages say) or record (DLF_OFFSET_MODE)",
      ).choices(["page", "record"]),
    )
    .addOption(
      new Option("--request-timeout <duration>", "time one request may take")
        .argParser(parseDuration)
        .default(30_000, "30s"),
    )
    .option("--json", "print one JSON document on stdout (its schema ships in the package)")
    .option("--verbose", "log each request and answer status on stderr (never a credential)")
    .exitOverride()
    // Note: each command's --help lists the global flags it takes too.
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError("(add --help for usage)")
    .addHelpText(
      "after",
      `\nExit codes: 0 ok, 1 error, 2 usage, 3 release failed, 4 timeout, 5 auth/permission, 6 duplicate refused, 7 retryable (run it again), 130/143 interrupted.\nCredentials: DLF_TOKEN, or HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK (+ _SECURITY_TOKEN), or a profile.\nProxy: HTTPS_PROXY, HTTP_PROXY, NO_PROXY.\n${examples(["dlf-release pending", "dlf-release release --name nightly_$GITHUB_RUN_ID --approver 7b71e498e75d44048c9a22dd3c54f978 --apply-user f8ccc2ff3c7748e8a7bfede38ae1cffa --all-pending --wait", "dlf-release wait --name nightly_$GITHUB_RUN_ID --timeout 1h"])}`,
    );

  pendingFilters(
    program.command("pending").description("list every item pending release, across all pages"),
  )
    .addHelpText(
      "after",
      examples([
        "dlf-release pending --submitter fengqijie --task-type job",
        "dlf-release pending --update-type delete",
        "dlf-release pending --json | jq '.data[].pending_item_id'",
      ]),
    )
    .action(
      runner(io, async (context, command) =>
        (await import("./commands/pending.js")).runPending(context, command.opts()),
      ),
    );

  waitFlags(
    pendingFilters(
      program
        .command("release")
        .description(
          "create a release package of pending items once per --name (a rerun resumes it); optionally wait",
        )
        .requiredOption(
          "--name <name>",
          "(required) name of the package (package_name): the release's idempotency key",
          parseText,
        )
        .requiredOption(
          "--approver <id...>",
          "(required) IAM user ID of a reviewer (32 hex characters); repeat or separate with commas",
          collectUserIds,
        )
        .option(
          "--item <id...>",
          "pending item ID to release; repeat or separate with commas",
          collectIds,
        )
        .option(
          "--all-pending",
          "release every pending item (refused, naming the package, while one sits in an open package)",
        )
        .option(
          "--apply-user <id>",
          "IAM user ID of the applicant (DLF_APPLY_USER, or the profile's applyUser)",
          parseUserId,
        )
        .addOption(
          new Option(
            "--if-nothing-pending <what>",
            "when nothing matches: warn (exit 0), error (exit 1) or ignore (exit 0, no message)",
          )
            .choices(["warn", "error", "ignore"])
            .default("warn"),
        )
        .option(
          "--dry-run",
          "print the exact release request and send nothing (the checks still read)",
        )
        .option("--wait", "then wait until the package is released or failed, as `wait` does"),
    ),
  )
    .addHelpText(
      "after",
      examples([
        "dlf-release release --name nightly_20261125 --approver 7b71e498e75d44048c9a22dd3c54f978 --apply-user f8ccc2ff3c7748e8a7bfede38ae1cffa --all-pending --wait",
        "dlf-release release --name hotfix --approver 7b71e498e75d44048c9a22dd3c54f978 --apply-user f8ccc2ff3c7748e8a7bfede38ae1cffa --item 4,3 --dry-run",
        "dlf-release --profile applicant release --name etl --approver 7b71e498e75d44048c9a22dd3c54f978 --submitter fengqijie --update-type new,change",
      ]),
    )
    .action(
      runner(io, async (context, command) =>
        (await import("./commands/release.js")).runRelease(context, command.opts()),
      ),
    );

  program
    .command("packages")
    .description("list release packages, across all pages")
    .option(
      "--status <status...>",
      "review (1), released (2), failed (3), releasing (5); repeatable",
      enumCollector(DEPLOY_STATUS),
    )
    .option(
      "--applicant <name>",
      "only packages applied for by this user (apply_user_name)",
      parseText,
    )
    .option(
      "--deployer <name>",
      "only packages released by this user (deploy_user_name)",
      parseText,
    )
    .option("--since <time>", "applied at or after: ISO 8601 or ms since 1970", parseTime)
    .option("--until <time>", "applied at or before: ISO 8601 or ms since 1970", parseTime)
    .option("--keyword <text>", "names containing this text (key_word)", parseText)
    .addHelpText(
      "after",
      examples([
        "dlf-release packages --status review,releasing",
        "dlf-release packages --since 2026-11-01 --json",
      ]),
    )
    .action(
      runner(io, async (context, command) =>
        (await import("./commands/packages.js")).runPackages(context, command.opts()),
      ),
    );

  program
    .command("show")
    .description("show one release package and its tasks")
    .argument("<id>", "release package ID", parseId)
    .addHelpText("after", examples(["dlf-release show 13", "dlf-release show 13 --json"]))
    .action(
      runner(io, async (context, command) =>
        (await import("./commands/show.js")).runShow(context, command.processedArgs[0]),
      ),
    );

  waitFlags(
    program
      .command("wait")
      .description(
        "poll a package until it is released (exit 0) or failed (exit 3); progress on stderr",
      )
      .argument("[id]", "release package ID", parseId)
      .option("--name <name>", "the newest package of this name instead of an ID", parseText),
  )
    .addHelpText(
      "after",
      examples([
        "dlf-release wait 13",
        "dlf-release wait --name nightly_20261125 --timeout 1h --interval 30s",
      ]),
    )
    .action(
      runner(io, async (context, command) =>
        (await import("./commands/wait.js")).runWait(
          context,
          command.processedArgs[0],
          command.opts(),
        ),
      ),
    );

  program
    .command("config")
    .description("show the settings in effect and where each comes from; secrets masked")
    .addHelpText(
      "after",
      examples(["dlf-release config", "dlf-release --profile deployer config --json"]),
    )
    .action(
      runner(io, async (context) => (await import("./commands/config.js")).runConfig(context)),
    );

  program
    .command("doctor")
    .description(
      "check the settings against the service: endpoint, clock, credentials, permission, live contract, offset",
    )
    .option(
      "--fail-on-drift",
      "exit 1 when the service's answers drift from the spec (a scheduled drift monitor)",
    )
    .addHelpText(
      "after",
      `\nEach check prints one line: PASS, WARN, FAIL (with the fix) or SKIP (a check it needs failed).\nExit code: that of the first failure (2 settings, 5 credentials or permission, 1 anything else); 0 with warnings.\nIt reads only, and sends one signed call before it knows the credentials work.\n${examples(["dlf-release doctor", "dlf-release --profile deployer doctor --json", "dlf-release doctor --fail-on-drift"])}`,
    )
    .action(
      runner(io, async (context, command) =>
        (await import("./doctor/run.js")).runDoctor(context, command.opts()),
      ),
    );

  program
    .command("completion")
    .description("print shell completion for bash, zsh or fish")
    .addArgument(new Argument("[shell]", "bash, zsh or fish").choices(SHELLS))
    .addOption(new Option("--profiles", "the config file's profile names").hideHelp())
    .addHelpText(
      "after",
      `\nInstall:\n  bash  echo 'source <(dlf-release completion bash)' >> ~/.bashrc\n  zsh   echo 'source <(dlf-release completion zsh)' >> ~/.zshrc\n  fish  dlf-release completion fish > ~/.config/fish/completions/dlf-release.fish\n`,
    )
    .action(async (shell, flags) =>
      (await import("./commands/completion.js")).runCompletion(program, io, shell, flags),
    );

  program
    .command("sandbox")
    .description(
      "run a stateful stand-in of the service on 127.0.0.1, checked against the spec, to rehearse a pipeline",
    )
    // Note: the release settings do not apply to the sandbox; its help shows its own flags only.
    .configureHelp({ showGlobalOptions: false })
    .addOption(
      new Option("--port <port>", "port on 127.0.0.1 (0: any free one)")
        .argParser(parsePort)
        .default(4020)
        .env("DLF_SANDBOX_PORT"),
    )
    .addOption(
      new Option("--outcome <outcome>", "how new packages end")
        .choices(["released", "failed"])
        .default("released"),
    )
    .option(
      "--looks <n>",
      "looks at a package before it moves on to its next status",
      parseCount,
      2,
    )
    .option(
      "--items <n>",
      "items pending at the start (default: the seed's five; more for several pages)",
      parseItemCount,
    )
    .option(
      "--fault <name[:n]...>",
      "fail as the service can (below); :n for the first n requests it matches; repeatable",
      collectFaults,
    )
    .option(
      "--clock-skew <duration>",
      "run the sandbox's clock this far ahead (\"-20m\": behind), to rehearse doctor's clock check",
      parseSkew,
    )
    .addHelpText(
      "after",
      `\nFaults (each acts on the requests it can; those of credentials first, as the gateway checks them first,\nthen the others in the order given, the first that takes a request acting on it):\n${faultHelp()}\n${examples(
        [
          "dlf-release sandbox",
          "dlf-release sandbox --port 0 --outcome failed",
          "dlf-release sandbox --fault throttle:2 --fault create-lost",
          "dlf-release sandbox --fault task-failed --items 250",
          "dlf-release sandbox --clock-skew -20m",
        ],
      )}`,
    )
    .action(async (flags) => {
      // Note: a built file (scripts/build-bundles.js), not a source of src/, hence the loose import.
      const sandbox = "./sandbox.js";
      await (await import(sandbox)).runSandbox(flags, io);
    });

  return program;
}
