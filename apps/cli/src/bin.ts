#!/usr/bin/env node
import { main } from "./main.js";

// Note: the first SIGINT or SIGTERM asks the command to stop (a wait prints its outcome as last
// seen); a second one stops the process at once, as a user pressing Ctrl-C twice expects.
const interrupt = new AbortController();
const stop = (signal: "SIGINT" | "SIGTERM") => {
  if (interrupt.signal.aborted) process.exit(signal === "SIGINT" ? 130 : 143);
  interrupt.abort(signal);
};
process.on("SIGINT", stop).on("SIGTERM", stop);

// Note: a reader that stops reading (`| head`) closes the pipe: what is left unprinted is dropped,
// and the command still ends with its own exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interrupt: interrupt.signal,
}).then((code) => {
  process.exitCode = code;
  // Note: an idle keep-alive socket must not hold a finished command open; stdout and stderr
  // are written synchronously here (files, pipes and terminals on Linux), so nothing is lost.
  setTimeout(() => process.exit(), 1000).unref();
});
