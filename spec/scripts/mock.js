// @ts-check
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const prismPackage = require.resolve("@stoplight/prism-cli/package.json");
const prismBin = join(dirname(prismPackage), require(prismPackage).bin.prism);

/** @typedef {import("./mock.d.ts").PrismOptions} PrismOptions */

/** The bundled spec that Prism serves. */
export const bundledSpec = fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url));

/**
 * Starts `prism proxy --errors` in front of `upstream`: requests and answers are checked against the
 * bundled spec on their way through. Resolves once it is listening.
 * @param {string} upstream
 * @param {PrismOptions} [options]
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export function startProxy(upstream, options = {}) {
  return startPrism(["proxy"], [upstream], options);
}

/**
 * Starts `prism mock --errors` on the bundled spec (or `spec`) and resolves once it is listening.
 * @param {PrismOptions} [options]
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export function startMock(options = {}) {
  return startPrism(["mock"], [], options);
}

/** Prism's ready line; with `-p 0` it is also where the port it chose is read. */
const READY = /Prism is listening on (http:\/\/\S+)/;
const TAIL_LINES = 20;

/**
 * @param {string[]} command
 * @param {string[]} trailing
 * @param {PrismOptions} options
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
async function startPrism(command, trailing, options) {
  const host = options.host ?? "127.0.0.1";
  // Note: port 0 lets Prism bind a free port itself, which no other process can take in between.
  const port = options.port ?? 0;
  // Note: Prism starts in about 3 s on a quiet machine; the deadline only catches one that hangs.
  const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
  const child = spawn(
    process.execPath,
    [
      prismBin,
      ...command,
      "--errors",
      "-h",
      host,
      "-p",
      String(port),
      options.spec ?? bundledSpec,
      ...trailing,
    ],
    // Note: Prism's install analytics (scarf) would try the network on every start.
    { env: { ...process.env, SCARF_ANALYTICS: "false" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const exited = once(child, "exit");
  /** @param {string} why */
  const failure = (why) => {
    const tail = output.trimEnd().split("\n").slice(-TAIL_LINES).join("\n");
    return new Error(`Prism (${command[0]}) ${why}; its last output:\n${tail || "(none)"}`);
  };

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  };

  /** @type {string} */
  let url;
  try {
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(failure(`did not start within ${readyTimeoutMs} ms`)),
        readyTimeoutMs,
      );
      /** @param {Buffer} chunk */
      const onData = (chunk) => {
        output += chunk.toString();
        const ready = READY.exec(output);
        if (!ready) return;
        clearTimeout(timer);
        child.stdout.off("data", onData);
        child.stderr.off("data", onData);
        // Note: the pipes must keep draining, or Prism blocks once they fill.
        const onLog = options.onLog ?? (() => {});
        child.stdout.on("data", (/** @type {Buffer} */ data) => onLog(data.toString()));
        child.stderr.on("data", (/** @type {Buffer} */ data) => onLog(data.toString()));
        resolve(/** @type {string} */ (ready[1]));
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(failure(`could not be started (${error.message})`));
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(
          failure(
            `exited before it was ready (${signal ? `signal ${signal}` : `exit code ${code}`})`,
          ),
        );
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
