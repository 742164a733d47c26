// @ts-check
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const prismPackage = require.resolve("@stoplight/prism-cli/package.json");
const prismBin = join(dirname(prismPackage), require(prismPackage).bin.prism);

/** The bundled spec that Prism serves. */
export const bundledSpec = fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url));

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export async function freePort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

/**
 * Starts `prism proxy --errors` in front of `upstream`: requests and answers are checked against the
 * bundled spec on their way through. Resolves once it is listening.
 * @param {string} upstream
 * @param {{ port?: number, host?: string, spec?: string, readyTimeoutMs?: number, onLog?: (text: string) => void }} [options]
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export function startProxy(upstream, options = {}) {
  return startPrism(["proxy"], [upstream], options);
}

/**
 * Starts `prism mock --errors` on the bundled spec (or `spec`) and resolves once it is listening.
 * Prism's own log lines go to `onLog` once it is ready (it logs every request it serves).
 * @param {{ port?: number, host?: string, spec?: string, readyTimeoutMs?: number, onLog?: (text: string) => void }} [options]
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export function startMock(options = {}) {
  return startPrism(["mock"], [], options);
}

/**
 * @param {string[]} command
 * @param {string[]} trailing
 * @param {{ port?: number, host?: string, spec?: string, readyTimeoutMs?: number, onLog?: (text: string) => void }} options
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
async function startPrism(command, trailing, options) {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await freePort());
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const child = spawn(
    process.execPath,
    [prismBin, ...command, "--errors", "-h", host, "-p", String(port), options.spec ?? bundledSpec, ...trailing],
    // Note: Prism's install analytics (scarf) would try the network on every start.
    { env: { ...process.env, SCARF_ANALYTICS: "false" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const exited = once(child, "exit");

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  };

  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Prism did not start within ${readyTimeoutMs} ms:\n${output}`)),
        readyTimeoutMs,
      );
      /** @param {Buffer} chunk */
      const onData = (chunk) => {
        output += chunk.toString();
        if (!output.includes("Prism is listening")) return;
        clearTimeout(timer);
        child.stdout.off("data", onData);
        child.stderr.off("data", onData);
        // Note: the pipes must keep draining, or Prism blocks once they fill.
        const onLog = options.onLog ?? (() => {});
        child.stdout.on("data", (/** @type {Buffer} */ data) => onLog(data.toString()));
        child.stderr.on("data", (/** @type {Buffer} */ data) => onLog(data.toString()));
        resolve(undefined);
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`Prism exited with code ${code} before it was ready:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://${host}:${port}`, stop };
}
