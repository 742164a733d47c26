// @ts-check
// `pnpm bench`: the cold start of `dlf-release --version` against `node -e 0`, the floor that no
// Node CLI can go under. Rounds interleave the two, so a busy machine slows both alike; the guard is
// on the median of the per-round ratios. Prints met or MISSED and writes bench-results.json; it
// never fails the run (bench figures are for reading, not for CI).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../dist/bin.cjs", import.meta.url));
const RESULTS = fileURLToPath(new URL("../bench-results.json", import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 31);
const WARMUP = 3;
const GUARD = 2;

/**
 * Wall time of one run of node with these arguments, in ms.
 * @param {string[]} args
 */
function time(args) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0)
    throw new Error(`node ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return ms;
}

/** @type {(sorted: number[], q: number) => number} the value at quantile q of sorted numbers */
const quantile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** @type {number[]} */
const node = [];
/** @type {number[]} */
const cli = [];
/** @type {number[]} */
const ratios = [];
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  // Note: the order flips every round, so neither side always runs with a warmer cache.
  const [first, second] =
    round % 2 === 0
      ? [
          ["-e", "0"],
          [BIN, "--version"],
        ]
      : [
          [BIN, "--version"],
          ["-e", "0"],
        ];
  const a = time(first);
  const b = time(second);
  if (round < WARMUP) continue;
  const [nodeMs, cliMs] = round % 2 === 0 ? [a, b] : [b, a];
  node.push(nodeMs);
  cli.push(cliMs);
  ratios.push(cliMs / nodeMs);
}
for (const list of [node, cli, ratios]) list.sort((x, y) => x - y);

const median = quantile(ratios, 0.5);
const verdict = median <= GUARD ? "met" : "MISSED";
/** @type {(label: string, values: number[], unit: string) => string} */
const row = (label, values, unit) =>
  `${label.padEnd(28)}${quantile(values, 0.5).toFixed(2).padStart(8)}${unit}  (p25 ${quantile(values, 0.25).toFixed(2)}, p75 ${quantile(values, 0.75).toFixed(2)})`;
console.log(`cold start, ${ROUNDS} interleaved rounds (median, p25-p75)`);
console.log(row("node -e 0", node, " ms"));
console.log(row("dlf-release --version", cli, " ms"));
console.log(`${row("ratio", ratios, "x ")}  guard <= ${GUARD}x: ${verdict}`);
writeFileSync(
  RESULTS,
  `${JSON.stringify({ rounds: ROUNDS, nodeMs: quantile(node, 0.5), cliMs: quantile(cli, 0.5), ratio: median, guard: GUARD, verdict }, null, 2)}\n`,
);
