#!/usr/bin/env node
import { main } from "./main.js";

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((code) => {
  process.exitCode = code;
  // Note: an idle keep-alive socket must not hold a finished command open; stdout and stderr
  // are written synchronously here (files, pipes and terminals on Linux), so nothing is lost.
  setTimeout(() => process.exit(), 1000).unref();
});
