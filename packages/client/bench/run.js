// @ts-check
// `pnpm bench`: every measure against a peer of the same run, as a table of guards met or missed,
// and bench-results.json. Exits 0 when a guard is missed (information, not a test); 1 when the
// benchmark itself breaks. --quick: few rounds; --only=calls,size,import,pages,signer: some.
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { LATENCY_MS, measureCalls } from "./calls.js";
import { measureColdImport } from "./cold-import.js";
import { startServer } from "./lib.js";
import { measurePagination } from "./pagination.js";
import { measureSigner } from "./signer.js";
import { measureSize } from "./size.js";

const only = process.argv
  .find((arg) => arg.startsWith("--only="))
  ?.slice(7)
  .split(",");
const server = await startServer();
const nearby = await startServer(LATENCY_MS);
/** @type {Record<string, () => Promise<import("./lib.js").Row[]>>} */
const measures = {
  calls: () => measureCalls(nearby.url),
  size: measureSize,
  import: measureColdImport,
  pages: () => measurePagination(server.url),
  signer: measureSigner,
};
const rows = [];
try {
  for (const [name, measure] of Object.entries(measures)) {
    if (only && !only.includes(name)) continue;
    console.error(`bench: ${name}...`);
    rows.push(...(await measure()));
  }
} finally {
  server.close();
  nearby.close();
}

const verdict = (/** @type {boolean | undefined} */ met) =>
  met === undefined ? "" : met ? "met" : "MISSED";
const table = [
  "| measure | median [p25–p75] | guard | |",
  "|---|---|---|---|",
  ...rows.map((r) => `| ${r.measure} | ${r.figure} | ${r.guard} | ${verdict(r.met)} |`),
];
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
console.log(`${table.join("\n")}\n\n${machine}`);
writeFileSync(
  new URL("../bench-results.json", import.meta.url),
  `${JSON.stringify({ machine, date: new Date().toISOString(), rows }, null, 2)}\n`,
);
