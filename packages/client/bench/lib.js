// @ts-check
// What every measure shares: interleaved rounds, medians with their spread, the loopback server.
import { fork } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The build under test: ../dist, or DLF_BENCH_DIST (a candidate build). */
export const distDir =
  process.env.DLF_BENCH_DIST ?? fileURLToPath(new URL("../dist", import.meta.url));

/** Imports a module of the build under test. @param {string} path */
export function fromDist(path) {
  return import(pathToFileURL(`${distDir}/${path}`).href);
}

/** Fewer rounds with --quick, for a smoke run. */
export const QUICK = process.argv.includes("--quick");

/**
 * Runs `rounds` rounds; each runs every contender once, in an order that rotates, so that drift
 * and noisy neighbours hit every contender alike. Returns each contender's figures by round.
 * @template {string} N
 * @param {number} rounds
 * @param {Record<N, () => Promise<number> | number>} contenders
 * @returns {Promise<Record<N, number[]>>}
 */
export async function interleave(rounds, contenders) {
  const names = /** @type {N[]} */ (Object.keys(contenders));
  const figures = /** @type {Record<N, number[]>} */ (
    /** @type {unknown} */ (Object.fromEntries(names.map((name) => [name, []])))
  );
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = /** @type {N} */ (names[(round + i) % names.length]);
      figures[name].push(await contenders[name]());
    }
  }
  return figures;
}

/**
 * A contender that runs `call` `times` times in a row and gives µs per call.
 * @param {number} times @param {() => unknown} call
 */
export function microsPerCall(times, call) {
  return async () => (await timeBatch(times, call)).wallUs;
}

/**
 * Runs `call` `times` times in a row: µs per call of wall time, and of this process's CPU time
 * (user and system, process.cpuUsage).
 * @param {number} times @param {() => unknown} call
 */
export async function timeBatch(times, call) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < times; i++) await call();
  const wallUs = ((performance.now() - start) * 1000) / times;
  const { user, system } = process.cpuUsage(cpu);
  return { wallUs, cpuUs: (user + system) / times };
}

/** Per-round a/b. @param {number[]} a @param {number[]} b */
export function ratios(a, b) {
  return a.map((x, i) => x / /** @type {number} */ (b[i]));
}

/** Median and interquartile range. @param {number[]} values */
export function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  /** @param {number} q */
  const at = (q) => /** @type {number} */ (sorted[Math.round(q * (sorted.length - 1))]);
  return { median: at(0.5), p25: at(0.25), p75: at(0.75) };
}

/** `median [p25–p75]` with `digits` decimals. @param {number[]} values @param {number} digits */
export function show(values, digits = 2) {
  const { median, p25, p75 } = spread(values);
  return `${median.toFixed(digits)} [${p25.toFixed(digits)}–${p75.toFixed(digits)}]`;
}

/**
 * A row of the table.
 * @typedef {{ measure: string, figure: string, guard: string, met?: boolean, values?: unknown }} Row
 */

/**
 * Starts the loopback server in its own process; its work and memory are not the client's. It
 * answers after `delayMs`.
 */
export async function startServer(delayMs = 0) {
  const child = fork(fileURLToPath(new URL("server.js", import.meta.url)), {
    stdio: "inherit",
    env: { ...process.env, DELAY_MS: String(delayMs) },
  });
  const port = await new Promise((resolve, reject) => {
    child.once("message", (message) => resolve(/** @type {{ port: number }} */ (message).port));
    child.once("exit", (code) => reject(new Error(`the bench server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, close: () => child.disconnect() };
}
