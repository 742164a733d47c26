import { exposedSecretsWarning } from "./config/file.js";
import { resolveSettings, type SettingFlags, type Settings } from "./config/resolve.js";
import { createMessages, type Messages } from "./output/stderr.js";
import { type Style, styleFor } from "./output/style.js";

/** The process a command runs in; tests of main() hand in their own. */
export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Aborted, with the signal's name as its reason, when the process is asked to stop. */
  interrupt?: AbortSignal;
}

/** The global flags every command takes. */
export interface GlobalFlags extends SettingFlags {
  json?: boolean;
  verbose?: boolean;
  requestTimeout?: number;
}

/** What a command needs besides its own flags: settings, output and messages. */
export interface Context {
  settings: Settings;
  json: boolean;
  verbose: boolean;
  /** Time in ms one request may take. */
  requestTimeout: number;
  /** The environment the command runs in (proxy variables among it). */
  env: Record<string, string | undefined>;
  /** Aborted when the process is asked to stop (SIGINT, SIGTERM). */
  interrupt: AbortSignal;
  /** When the command started (performance.now()). */
  startedAt: number;
  /** Aborted when the command's --timeout has passed, for the commands that have one. */
  deadline?: AbortSignal;
  /** Writes data to stdout (tables or one JSON document, nothing else). */
  print(text: string): void;
  /** Colours for stdout. */
  style: Style;
  messages: Messages;
}

/** Resolves the settings and sets up output; warns once about a config file others can read. */
export function createContext(flags: GlobalFlags, io: Io): Context {
  const messages = createMessages(
    (text) => io.stderr.write(text),
    io.stderr.isTTY === true,
    styleFor(io.stderr.isTTY === true, io.env),
  );
  const settings = resolveSettings(flags, io.env);
  const warning = exposedSecretsWarning(settings.file);
  if (warning) messages.line(messages.style.yellow(warning));
  return {
    settings,
    startedAt: performance.now(),
    json: flags.json === true,
    verbose: flags.verbose === true,
    requestTimeout: flags.requestTimeout ?? 30_000,
    env: io.env,
    interrupt: io.interrupt ?? new AbortController().signal,
    print: (text) => io.stdout.write(text),
    style: styleFor(io.stdout.isTTY === true, io.env),
    messages,
  };
}

/** Prints a value as the one JSON document on stdout. */
export function printJson(context: Context, value: unknown): void {
  context.print(`${JSON.stringify(value, null, 2)}\n`);
}
