// @ts-check
// `pnpm bench`: the built client (dist/) against its peers, measured in the same run: raw fetch,
// the official Node SDK core's signer, its size and its import time. Every figure is a ratio or a
// difference against a peer, taken per round with the contenders interleaved, and reported as the
// median with p25–p75 of the rounds. Prints a table, writes bench-results.json, never fails on a
// missed target (exit code 1 means the benchmark itself broke).
//
//   node bench/run.js [--quick] [--only=calls,signer,size,pages,import]
//   DLF_BENCH_DIST=/path/to/other/dist node bench/run.js   (a candidate build instead of dist/)
import { fork, spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { cpus, totalmem } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const distDir = process.env.DLF_BENCH_DIST ?? join(packageDir, "dist");
const distIndex = join(distDir, "index.js");
const resultsFile = join(packageDir, "bench-results.json");
const require = createRequire(join(packageDir, "package.json"));

const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const onlyArg = args.find((arg) => arg.startsWith("--only="));
const PHASES = ["calls", "signer", "size", "pages", "import"];
const only = onlyArg ? onlyArg.slice("--only=".length).split(",") : PHASES;
for (const phase of only) {
  if (!PHASES.includes(phase)) throw new Error(`unknown phase "${phase}" (known: ${PHASES})`);
}

// Rounds and batch sizes: a full run takes about a minute on 2 cores.
const SETTINGS = {
  calls: { rounds: QUICK ? 8 : 80, perBatch: { 1: 200, 16: 400 }, warmupRounds: QUICK ? 1 : 3 },
  signer: { rounds: QUICK ? 8 : 30, perBatch: 1000, warmupRounds: 2 },
  pages: { runs: QUICK ? 1 : 5, pageSize: 100 },
  import: { runs: QUICK ? 5 : 30 },
};

const TARGETS = {
  callRatio: 1.05,
  signingMicros: 10,
  signerRatio: 1,
  gzipBytes: 10_000,
  pageGrowthBytes: 20_000_000,
};

const PROJECT_ID = "bench-project";
const WORKSPACE = "bench-workspace";
const TOKEN = "t".repeat(64);
const AKSK = { accessKey: "BENCHACCESSKEY0000000", secretKey: "bench-secret-key-0123456789abcdef" };

// ---------------------------------------------------------------------------------------------
// Statistics

/** @typedef {{ median: number, p25: number, p75: number, n: number }} Summary */

/** @param {number[]} sorted @param {number} q */
function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? low;
  return low + (high - low) * (position - below);
}

/** @param {number[]} values @returns {Summary} */
function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    n: sorted.length,
  };
}

/** @param {number[]} a @param {number[]} b @param {(x: number, y: number) => number} f */
function pairwise(a, b, f) {
  return a.map((x, i) => f(x, b[i] ?? Number.NaN));
}

/** Rotates the order of the contenders each round, so that none always runs first. @template T */
function rotated(/** @type {T[]} */ items, /** @type {number} */ round) {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** @param {number} value @param {number} digits */
const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
/** @param {Summary} s @param {number} digits @param {string} unit */
const spread = (s, digits, unit = "") =>
  `${fixed(s.median, digits)}${unit} [${fixed(s.p25, digits)}–${fixed(s.p75, digits)}]`;
/** @param {number} bytes */
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
/** @param {number} bytes */
const MB = (bytes) => `${(bytes / 1_000_000).toFixed(1)} MB`;
/** @param {number} n */
const thousands = (n) => Math.round(n).toLocaleString("en-US");

/** @param {string[][]} rows */
function printTable(rows) {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (/** @type {string[]} */ row) =>
    row
      .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
      .join("  ")
      .trimEnd();
  console.log(line(rows[0] ?? []));
  console.log(line((widths ?? []).map((width) => "-".repeat(width))));
  for (const row of rows.slice(1)) console.log(line(row));
}

/** @param {string} text */
function progress(text) {
  process.stderr.write(`bench: ${text}\n`);
}

// ---------------------------------------------------------------------------------------------
// The loopback server (its own process: its work and memory are not the client's)

/** @returns {Promise<{ baseUrl: string, child: import("node:child_process").ChildProcess, prepare: (limit: number) => Promise<void> }>} */
async function startServer() {
  const child = fork(join(packageDir, "bench", "server.js"), [], { stdio: "inherit" });
  /** @type {number} */
  const port = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the bench server exited (${code})`)));
    child.once("message", (message) => resolve(/** @type {{ port: number }} */ (message).port));
  });
  const prepare = (/** @type {number} */ limit) =>
    /** @type {Promise<void>} */ (
      new Promise((resolve) => {
        child.once("message", () => resolve());
        child.send({ prepare: limit });
      })
    );
  return { baseUrl: `http://127.0.0.1:${port}`, child, prepare };
}

// ---------------------------------------------------------------------------------------------
// 1 and 2: per-call cost against raw fetch

/** @typedef {typeof import("../dist/index.js")} ClientModule */

/**
 * @param {ClientModule} client
 * @param {string} baseUrl
 */
async function benchCalls(client, baseUrl) {
  const query = { limit: 10, offset: 0, submit_user_name: "bench" };
  const url = `${baseUrl}/v2/${PROJECT_ID}/factory/pending-items?limit=10&offset=0&submit_user_name=bench`;
  const rawHeaders = { "X-Project-Id": PROJECT_ID, workspace: WORKSPACE, "X-Auth-Token": TOKEN };
  const common = { baseUrl, projectId: PROJECT_ID, workspace: WORKSPACE };
  const withToken = client.createDlfClient({ ...common, credentials: { token: TOKEN } });
  const withAksk = client.createDlfClient({ ...common, credentials: AKSK });

  /** @param {{ data?: unknown[] }} page */
  const check = (page) => {
    if (page.data?.length !== 10) throw new Error("the answer did not carry 10 items");
  };
  /** @type {Record<string, () => Promise<void>>} */
  const contenders = {
    raw: async () => {
      const response = await fetch(url, { headers: rawHeaders });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      check(await response.json());
    },
    token: async () => check(await withToken.listFactoryPendingItems(query)),
    aksk: async () => check(await withAksk.listFactoryPendingItems(query)),
  };

  // The same request on the wire: method, URL and headers as the server saw them.
  /** @type {Record<string, { method: string, url: string, headers: Record<string, string> }>} */
  const seen = {};
  for (const [name, call] of Object.entries(contenders)) {
    await call();
    seen[name] = await (await fetch(`${baseUrl}/__last`)).json();
  }
  // Note: Node's fetch adds these on its own; the client's node:http engine does not send them.
  const fetchDefaults = [
    "accept",
    "accept-language",
    "accept-encoding",
    "sec-fetch-mode",
    "user-agent",
  ];
  const sameRequest = sameWire(seen.raw, seen.token, fetchDefaults);
  const signedRequest = sameWire(seen.raw, seen.aksk, [
    ...fetchDefaults,
    "x-auth-token",
    "authorization",
    "x-sdk-date",
  ]);

  /** @param {() => Promise<void>} call @param {number} calls @param {number} concurrency */
  async function batch(call, calls, concurrency) {
    let started = 0;
    const worker = async () => {
      while (started < calls) {
        started++;
        await call();
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return ((performance.now() - start) * 1000) / calls;
  }

  const names = Object.keys(contenders);
  /** @type {Record<string, unknown>} */
  const results = { sameRequest, signedRequest, wire: seen.token };
  for (const concurrency of /** @type {const} */ ([1, 16])) {
    const calls = SETTINGS.calls.perBatch[concurrency];
    progress(`per call, ${concurrency === 1 ? "sequential" : `${concurrency} at once`}`);
    /** @type {Record<string, number[]>} */
    const micros = Object.fromEntries(names.map((name) => [name, []]));
    const total = SETTINGS.calls.warmupRounds + SETTINGS.calls.rounds;
    for (let round = 0; round < total; round++) {
      for (const name of rotated(names, round)) {
        const figure = await batch(
          /** @type {() => Promise<void>} */ (contenders[name]),
          calls,
          concurrency,
        );
        if (round >= SETTINGS.calls.warmupRounds) micros[name]?.push(figure);
      }
    }
    const raw = micros.raw ?? [];
    const token = micros.token ?? [];
    const aksk = micros.aksk ?? [];
    results[concurrency === 1 ? "sequential" : "concurrent16"] = {
      callsPerBatch: calls,
      microsPerCall: {
        raw: summarize(raw),
        token: summarize(token),
        aksk: summarize(aksk),
      },
      tokenOverRaw: summarize(pairwise(token, raw, (a, b) => a / b)),
      akskOverRaw: summarize(pairwise(aksk, raw, (a, b) => a / b)),
      akskMinusToken: summarize(pairwise(aksk, token, (a, b) => a - b)),
      akskMinusRaw: summarize(pairwise(aksk, raw, (a, b) => a - b)),
      tokenMinusRaw: summarize(pairwise(token, raw, (a, b) => a - b)),
    };
  }
  return results;
}

/**
 * Compares two requests as the server saw them; `extra` names headers one of them may carry alone.
 * @param {{ method: string, url: string, headers: Record<string, string> } | undefined} a
 * @param {{ method: string, url: string, headers: Record<string, string> } | undefined} b
 * @param {string[]} extra
 */
function sameWire(a, b, extra) {
  if (a === undefined || b === undefined) return { same: false, differences: ["missing"] };
  const differences = [];
  if (a.method !== b.method) differences.push(`method ${a.method} / ${b.method}`);
  if (a.url !== b.url) differences.push(`url ${a.url} / ${b.url}`);
  const names = new Set([...Object.keys(a.headers), ...Object.keys(b.headers)]);
  for (const name of names) {
    if (extra.includes(name)) continue;
    if (a.headers[name] !== b.headers[name]) differences.push(`header ${name}`);
  }
  return { same: differences.length === 0, differences };
}

// ---------------------------------------------------------------------------------------------
// 3: the signer alone against the official Node signer

/**
 * @typedef {{ endpoint: string, method: string, headers: Record<string, string>, queryParams: Record<string, string>, data?: unknown }} OfficialRequest
 * @typedef {{ sign(request: OfficialRequest, credential: { getAk(): string, getSk(): string }): Record<string, string> }} OfficialSigner
 */

async function benchSigner() {
  const { signInPlace, signRequest } = /** @type {typeof import("../dist/auth/signer.js")} */ (
    await import(pathToFileURL(join(distDir, "auth", "signer.js")).href)
  );
  const { webCryptoDigests } = /** @type {typeof import("../dist/auth/digest.js")} */ (
    await import(pathToFileURL(join(distDir, "auth", "digest.js")).href)
  );
  const { platform } = /** @type {typeof import("../dist/platform/node.js")} */ (
    await import(pathToFileURL(join(distDir, "platform", "node.js")).href)
  );
  const encoder = new TextEncoder();
  const officialPath = require.resolve("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner");
  const { AKSKSigner } = /** @type {{ AKSKSigner: OfficialSigner }} */ (require(officialPath));
  // Note: the official signer dates its signature with moment(); moment.now pins that clock.
  const moment = /** @type {{ now: () => number }} */ (createRequire(officialPath)("moment"));

  const origin = "https://dayu.cn-north-4.myhuaweicloud.com";
  const projectId = "62099355b894428e8916573ae635f1f9";
  const workspace = "e265f808151d458bb7967e0aaf42d146";
  const release = {
    apply_user_id: "7b71e498e75d44048c9a22dd3c54f978",
    package_name: "nightly_20261125",
    pending_item_list: ["a1b2c3d4e5f6", "0f1e2d3c4b5a", "9a8b7c6d5e4f"],
    approver_ids: ["7b71e498e75d44048c9a22dd3c54f978"],
  };
  const inputs = {
    "GET pending-items": {
      ours: {
        method: "GET",
        url: `${origin}/v2/${projectId}/factory/pending-items?limit=10&offset=0&submit_user_name=bench`,
        headers: { "X-Project-Id": projectId, workspace },
      },
      official: {
        endpoint: `${origin}/v2/${projectId}/factory/pending-items`,
        method: "GET",
        headers: { "X-Project-Id": projectId, workspace },
        queryParams: { limit: "10", offset: "0", submit_user_name: "bench" },
      },
    },
    "POST package (JSON body)": {
      ours: {
        method: "POST",
        url: `${origin}/v2/${projectId}/factory/pending-items/package`,
        headers: { "Content-Type": "application/json", "X-Project-Id": projectId, workspace },
        body: JSON.stringify(release),
      },
      official: {
        endpoint: `${origin}/v2/${projectId}/factory/pending-items/package`,
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Project-Id": projectId, workspace },
        queryParams: {},
        data: release,
      },
    },
  };
  const credential = { getAk: () => AKSK.accessKey, getSk: () => AKSK.secretKey };

  /** @type {Record<string, unknown>} */
  const results = { digests: platform.digests.name };
  for (const [label, input] of Object.entries(inputs)) {
    // Note: ours takes the request as the client's transport holds it: the URL serialised,
    // lower-case header names, the body as bytes; a fresh headers object each time, as each
    // call has its own.
    const headers = Object.fromEntries(
      Object.entries(input.ours.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const body = "body" in input.ours ? encoder.encode(input.ours.body) : null;
    const request = () => ({
      method: input.ours.method,
      url: input.ours.url,
      headers: { ...headers },
      body,
    });

    // Same date, same Authorization: ours with node:crypto and with Web Crypto, and theirs.
    const date = new Date("2026-11-25T08:30:00Z");
    const realNow = moment.now;
    moment.now = () => date.getTime();
    const theirs = AKSKSigner.sign(input.official, credential);
    moment.now = realNow;
    const inPlace = request();
    signInPlace(inPlace, AKSK, date);
    const web = request();
    await signInPlace(web, AKSK, date, { digests: webCryptoDigests });
    const general = await signRequest(input.ours, AKSK, { now: date });
    const agree =
      inPlace.headers.authorization === theirs.Authorization &&
      web.headers.authorization === theirs.Authorization &&
      general.headers.Authorization === theirs.Authorization &&
      inPlace.headers["x-sdk-date"] === theirs["X-Sdk-Date"];

    progress(`signer, ${label}`);
    // Note: each as used for real: ours reads new Date(), theirs moment().
    /** @type {Record<string, (n: number) => Promise<number>>} */
    const contenders = {
      ours: async (n) => {
        const start = performance.now();
        for (let i = 0; i < n; i++) signInPlace(request(), AKSK, new Date());
        return n / ((performance.now() - start) / 1000);
      },
      general: async (n) => {
        const start = performance.now();
        for (let i = 0; i < n; i++) await signRequest(input.ours, AKSK);
        return n / ((performance.now() - start) / 1000);
      },
      official: async (n) => {
        const start = performance.now();
        for (let i = 0; i < n; i++) AKSKSigner.sign(input.official, credential);
        return n / ((performance.now() - start) / 1000);
      },
      webCrypto: async (n) => {
        const start = performance.now();
        for (let i = 0; i < n; i++) {
          await signInPlace(request(), AKSK, new Date(), { digests: webCryptoDigests });
        }
        return n / ((performance.now() - start) / 1000);
      },
    };
    const names = Object.keys(contenders);
    /** @type {Record<string, number[]>} */
    const ops = Object.fromEntries(names.map((name) => [name, []]));
    const total = SETTINGS.signer.warmupRounds + SETTINGS.signer.rounds;
    for (let round = 0; round < total; round++) {
      for (const name of rotated(names, round)) {
        const figure = await /** @type {(n: number) => Promise<number>} */ (contenders[name])(
          SETTINGS.signer.perBatch,
        );
        if (round >= SETTINGS.signer.warmupRounds) ops[name]?.push(figure);
      }
    }
    results[label] = {
      agree,
      authorization: theirs.Authorization,
      opsPerSecond: {
        ours: summarize(ops.ours ?? []),
        official: summarize(ops.official ?? []),
        webCrypto: summarize(ops.webCrypto ?? []),
        general: summarize(ops.general ?? []),
      },
      oursOverOfficial: summarize(pairwise(ops.ours ?? [], ops.official ?? [], (a, b) => a / b)),
      webCryptoOverOfficial: summarize(
        pairwise(ops.webCrypto ?? [], ops.official ?? [], (a, b) => a / b),
      ),
      generalOverOfficial: summarize(
        pairwise(ops.general ?? [], ops.official ?? [], (a, b) => a / b),
      ),
    };
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// 4: size, bundled and installed

async function benchSize() {
  progress("size");
  const esbuild = await import("esbuild");
  // Note: platform "neutral" takes the "default" side of the package's #platform import, as a
  // browser bundler does; the "node" side is bundled for information.
  /** @param {"neutral" | "node"} platform */
  const bundleOurs = (platform) =>
    esbuild.build({
      entryPoints: [distIndex],
      bundle: true,
      format: "esm",
      minify: true,
      platform,
      write: false,
      metafile: true,
      logLevel: "silent",
      // Note: not this package's tsconfig.json, whose `paths` are for type checks; a consumer's
      // bundler reads none of it.
      tsconfigRaw: "{}",
    });
  const ours = await bundleOurs("neutral");
  const oursNode = (await bundleOurs("node")).outputFiles[0]?.contents ?? new Uint8Array();
  const oursCode = ours.outputFiles[0]?.contents ?? new Uint8Array();
  const official = await esbuild.build({
    stdin: {
      contents: 'module.exports = require("@huaweicloud/huaweicloud-sdk-core/public-api");',
      resolveDir: packageDir,
      sourcefile: "official-entry.cjs",
    },
    bundle: true,
    minify: true,
    platform: "node",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const officialCode = official.outputFiles[0]?.contents ?? new Uint8Array();

  // What each bundle is made of: bytes in the minified output per package (or file of ours).
  /** @param {import("esbuild").Metafile} metafile */
  const composition = (metafile) => {
    /** @type {Record<string, number>} */
    const parts = {};
    for (const output of Object.values(metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(input);
        const key = match ? (match[1] ?? input) : input.replace(/^.*?dist\//, "dist/");
        parts[key] = (parts[key] ?? 0) + bytesInOutput;
      }
    }
    return Object.fromEntries(Object.entries(parts).sort(([, a], [, b]) => b - a));
  };

  const ownPackage = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const ownFiles = publishedBytes(packageDir, ownPackage);
  const ourDependencies = dependencyClosure(packageDir, Object.keys(ownPackage.dependencies ?? {}));
  const officialDir = dirname(require.resolve("@huaweicloud/huaweicloud-sdk-core/package.json"));
  const officialClosure = dependencyClosure(dirname(officialDir), [], officialDir);
  return {
    bundle: {
      ours: {
        entry: relative(packageDir, distIndex),
        options: "esbuild format esm, minify, platform neutral; gzip level 9",
        minified: oursCode.length,
        gzip: gzipSync(oursCode, { level: 9 }).length,
        composition: composition(ours.metafile),
      },
      oursForNode: {
        options: "the same, platform node",
        minified: oursNode.length,
        gzip: gzipSync(oursNode, { level: 9 }).length,
      },
      official: {
        entry: 'require("@huaweicloud/huaweicloud-sdk-core/public-api")',
        options: "esbuild format cjs, minify, platform node; gzip level 9",
        minified: officialCode.length,
        gzip: gzipSync(officialCode, { level: 9 }).length,
        warnings: official.warnings.length,
        composition: composition(official.metafile),
      },
    },
    installed: {
      ours: {
        what: 'the package\'s "files" and package.json, plus its dependencies',
        bytes: ownFiles + ourDependencies.bytes,
        packages: ourDependencies.packages,
      },
      official: {
        what: "node_modules/@huaweicloud/huaweicloud-sdk-core and its dependencies (pnpm store links)",
        bytes: officialClosure.bytes,
        packages: officialClosure.packages,
      },
    },
  };
}

/** Apparent size of the files under a directory, nested node_modules left out. @param {string} dir */
function directoryBytes(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) bytes += directoryBytes(path);
    else if (entry.isFile()) bytes += lstatSync(path).size;
  }
  return bytes;
}

/**
 * What `npm publish` would ship of this package: its "files" (dist and src, tests excluded),
 * package.json.
 * @param {string} dir @param {{ files?: string[] }} manifest
 */
function publishedBytes(dir, manifest) {
  let bytes = lstatSync(join(dir, "package.json")).size;
  const excluded = (manifest.files ?? []).filter((f) => f.startsWith("!")).map((f) => f.slice(1));
  /** @param {string} path */
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && !(excluded.length > 0 && child.endsWith(".test.ts"))) {
        bytes += lstatSync(child).size;
      }
    }
  };
  for (const folder of (manifest.files ?? []).filter((f) => !f.startsWith("!"))) {
    if (existsSync(join(dir, folder))) walk(join(dir, folder));
  }
  return bytes;
}

/** Finds a package the way Node does: node_modules/<name> in this folder or any above it. */
function findPackage(/** @type {string} */ from, /** @type {string} */ name) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Installed bytes of packages and everything they depend on (dependencies and optional ones),
 * each real folder counted once: with pnpm, a package's dependencies are the links beside it.
 * @param {string} from @param {string[]} names @param {string} [root] a package to start with
 */
function dependencyClosure(from, names, root) {
  /** @type {Map<string, string>} */
  const seen = new Map();
  /** @param {string} dir */
  const visit = (dir) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    const manifest = JSON.parse(readFileSync(join(real, "package.json"), "utf8"));
    seen.set(real, `${manifest.name}@${manifest.version}`);
    const dependencies = { ...manifest.dependencies, ...manifest.optionalDependencies };
    for (const name of Object.keys(dependencies)) {
      const found = findPackage(real, name);
      if (found) visit(found);
    }
  };
  if (root) visit(root);
  for (const name of names) {
    const found = findPackage(from, name);
    if (found) visit(found);
  }
  let bytes = 0;
  for (const dir of seen.keys()) bytes += directoryBytes(dir);
  return { bytes, packages: [...seen.values()].sort() };
}

// ---------------------------------------------------------------------------------------------
// 5: pagination, each walk in a fresh process

/** @param {string} baseUrl @param {(limit: number) => Promise<void>} prepare */
async function benchPages(baseUrl, prepare) {
  progress("pagination: 100,000 items");
  await prepare(SETTINGS.pages.pageSize);
  /** @typedef {{ items: number, wallMs: number, rssBefore: number, rssPeak: number, maxRss: number, heapRetained: number, peakAt: number[] }} Walk */
  /** @type {Record<string, Walk[]>} */
  const walks = { client: [], raw: [] };
  for (let run = 0; run < SETTINGS.pages.runs; run++) {
    for (const mode of rotated(["client", "raw"], run)) {
      const child = spawnSync(
        process.execPath,
        ["--expose-gc", join(packageDir, "bench", "paginate.js"), mode, baseUrl],
        { encoding: "utf8", timeout: 60_000, env: { ...process.env, DLF_BENCH_DIST: distDir } },
      );
      if (child.status !== 0) throw new Error(`pagination (${mode}) failed: ${child.stderr}`);
      walks[mode]?.push(JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}"));
    }
  }
  /** @param {Walk} walk */
  const growth = (walk) => Math.max(walk.rssPeak, walk.maxRss) - walk.rssBefore;
  /** @param {Walk[]} list */
  const describe = (list) => ({
    items: list.map((walk) => walk.items),
    wallMs: summarize(list.map((walk) => walk.wallMs)),
    rssGrowth: summarize(list.map(growth)),
    // Note: peak RSS growth at every 10,000 items (median of the runs): a leak keeps climbing.
    growthAt: Array.from(
      { length: 10 },
      (_, i) =>
        summarize(list.map((walk) => (walk.peakAt[i] ?? Number.NaN) - walk.rssBefore)).median,
    ),
    heapRetained: summarize(list.map((walk) => walk.heapRetained)),
    rssBefore: summarize(list.map((walk) => walk.rssBefore)),
  });
  const client = walks.client ?? [];
  const raw = walks.raw ?? [];
  return {
    runs: SETTINGS.pages.runs,
    client: describe(client),
    raw: describe(raw),
    wallOverRaw: summarize(
      pairwise(
        client.map((walk) => walk.wallMs),
        raw.map((walk) => walk.wallMs),
        (a, b) => a / b,
      ),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// 6: cold import, fresh processes

async function benchImport() {
  progress("cold import");
  const officialEntry = require.resolve("@huaweicloud/huaweicloud-sdk-core");
  /** @type {Record<string, string>} */
  const scripts = {
    empty: "",
    ours: `import(${JSON.stringify(pathToFileURL(distIndex).href)})`,
    official: `import(${JSON.stringify(pathToFileURL(officialEntry).href)})`,
  };
  const names = Object.keys(scripts);
  /** @type {Record<string, number[]>} */
  const ms = Object.fromEntries(names.map((name) => [name, []]));
  for (let run = 0; run < SETTINGS.import.runs + 1; run++) {
    for (const name of rotated(names, run)) {
      const start = performance.now();
      const child = spawnSync(process.execPath, ["-e", scripts[name] ?? ""], {
        cwd: packageDir,
        stdio: ["ignore", "ignore", "pipe"],
      });
      const elapsed = performance.now() - start;
      if (child.status !== 0) throw new Error(`import (${name}) failed: ${child.stderr}`);
      // Note: the first run of each only warms the file cache.
      if (run > 0) ms[name]?.push(elapsed);
    }
  }
  const empty = ms.empty ?? [];
  const ours = pairwise(ms.ours ?? [], empty, (a, b) => a - b);
  const official = pairwise(ms.official ?? [], empty, (a, b) => a - b);
  return {
    runs: SETTINGS.import.runs,
    entries: {
      ours: relative(packageDir, distIndex),
      official: relative(packageDir, officialEntry),
    },
    processMs: {
      empty: summarize(empty),
      ours: summarize(ms.ours ?? []),
      official: summarize(ms.official ?? []),
    },
    netMs: { ours: summarize(ours), official: summarize(official) },
    oursOverOfficial: summarize(pairwise(ours, official, (a, b) => a / b)),
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(distIndex)) {
    console.error(
      `bench: ${relative(process.cwd(), distIndex)} is missing: build first (pnpm bench does)`,
    );
    process.exitCode = 1;
    return;
  }
  const client = /** @type {ClientModule} */ (await import(pathToFileURL(distIndex).href));
  const cpuModel =
    /^model name\s*:\s*(.*)$/m.exec(
      existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "",
    )?.[1] ??
    cpus()[0]?.model ??
    "unknown";
  const machine = {
    nproc: cpus().length,
    cpu: cpuModel,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
    quick: QUICK,
    dist: relative(packageDir, distDir),
  };
  const started = performance.now();
  /** @type {Record<string, any>} */
  const results = { machine, settings: SETTINGS, targets: TARGETS };

  const server = only.some((phase) => phase === "calls" || phase === "pages")
    ? await startServer()
    : undefined;
  try {
    if (server && only.includes("calls")) results.calls = await benchCalls(client, server.baseUrl);
    if (only.includes("signer")) results.signer = await benchSigner();
    if (only.includes("size")) results.size = await benchSize();
    if (server && only.includes("pages"))
      results.pagination = await benchPages(server.baseUrl, server.prepare);
    if (only.includes("import")) results.coldImport = await benchImport();
  } finally {
    server?.child.disconnect();
  }
  results.seconds = (performance.now() - started) / 1000;
  results.verdicts = report(results);
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `\nFigures in ${relative(process.cwd(), resultsFile)} (${results.seconds.toFixed(0)} s).`,
  );
}

/**
 * Prints the table; returns each target's verdict.
 * @param {Record<string, any>} r
 */
function report(r) {
  const m = r.machine;
  console.log(
    `\n@dlf-release/client benchmarks (${m.dist}): ${m.node}, ${m.nproc} × ${m.cpu}, ${m.platform}${m.quick ? ", QUICK" : ""}`,
  );
  console.log("Figures: median [p25–p75] over rounds; the contenders interleaved in each round.\n");
  /** @type {{ target: string, figure: number, limit: string, met: boolean }[]} */
  const verdicts = [];
  const rows = [["#", "measure", "ours", "peer", "ours vs peer", "target", ""]];
  /**
   * A row; with a target, its verdict is kept and shown.
   * @param {string[]} cells # measure ours peer comparison
   * @param {{ name: string, figure: number, limit: string, met: boolean }} [target]
   */
  const row = (cells, target) => {
    if (target)
      verdicts.push({
        target: target.name,
        figure: target.figure,
        limit: target.limit,
        met: target.met,
      });
    rows.push([
      ...cells,
      target ? target.limit : "(info)",
      target ? (target.met ? "met" : "MISSED") : "",
    ]);
  };
  /** @param {Summary} s */
  const ops = (s) => `${thousands(s.median)} [${thousands(s.p25)}–${thousands(s.p75)}]`;
  /** @param {Summary} s */
  const megabytes = (s) => `${MB(s.median)} [${MB(s.p25)}–${MB(s.p75)}]`;

  if (r.calls) {
    /** @type {[string, string][]} */
    const modes = [
      ["sequential", "sequential"],
      ["concurrent16", "16 at once"],
    ];
    for (const [key, label] of modes) {
      const c = r.calls[key];
      const us = c.microsPerCall;
      row(
        [
          "1",
          `per call, ${label} (µs)`,
          `client ${spread(us.token, 1)}`,
          `fetch ${spread(us.raw, 1)}`,
          `${spread(c.tokenOverRaw, 2, "x")}, +${fixed(c.tokenMinusRaw.median, 1)} µs`,
        ],
        {
          name: `per call ${label}: client / fetch`,
          figure: c.tokenOverRaw.median,
          limit: `≤ ${TARGETS.callRatio}x`,
          met: c.tokenOverRaw.median <= TARGETS.callRatio,
        },
      );
      row(
        [
          "2",
          `AK/SK minus token, ${label}`,
          `AK/SK ${spread(us.aksk, 1)}`,
          `client ${spread(us.token, 1)}`,
          `+${spread(c.akskMinusToken, 1, " µs")}`,
        ],
        {
          name: `AK/SK ${label}: client with AK/SK − client with token`,
          figure: c.akskMinusToken.median,
          limit: `≤ +${TARGETS.signingMicros} µs`,
          met: c.akskMinusToken.median <= TARGETS.signingMicros,
        },
      );
      row([
        "2",
        `AK/SK minus fetch, ${label}`,
        `AK/SK ${spread(us.aksk, 1)}`,
        `fetch ${spread(us.raw, 1)}`,
        `+${spread(c.akskMinusRaw, 1, " µs")}, ${fixed(c.akskOverRaw.median, 2)}x`,
      ]);
    }
  }
  if (r.signer) {
    for (const [label, s] of Object.entries(r.signer)) {
      if (typeof s !== "object") continue;
      row(
        [
          "3",
          `signer, ${label} (op/s)`,
          ops(s.opsPerSecond.ours),
          `official ${ops(s.opsPerSecond.official)}`,
          `${spread(s.oursOverOfficial, 2, "x")}${s.agree ? ", same signature" : ", SIGNATURES DIFFER"}`,
        ],
        {
          name: `signer ${label}: ours / official`,
          figure: s.oursOverOfficial.median,
          limit: `> ${TARGETS.signerRatio}x, same signature`,
          met: s.agree && s.oursOverOfficial.median > TARGETS.signerRatio,
        },
      );
      row([
        "3",
        "  with Web Crypto digests (op/s)",
        ops(s.opsPerSecond.webCrypto),
        `official ${thousands(s.opsPerSecond.official.median)}`,
        spread(s.webCryptoOverOfficial, 2, "x"),
      ]);
      row([
        "3",
        "  signRequest, from a URL string and any headers (op/s)",
        ops(s.opsPerSecond.general),
        `official ${thousands(s.opsPerSecond.official.median)}`,
        spread(s.generalOverOfficial, 2, "x"),
      ]);
    }
  }
  if (r.size) {
    const b = r.size.bundle;
    const i = r.size.installed;
    row(
      [
        "4",
        "bundle, minified + gzip -9",
        `${b.ours.gzip} B (min ${kB(b.ours.minified)})`,
        `official ${kB(b.official.gzip)} (min ${kB(b.official.minified)})`,
        `${fixed(b.ours.gzip / b.official.gzip, 2)}x`,
      ],
      {
        name: "bundle gzip",
        figure: b.ours.gzip,
        limit: `≤ ${kB(TARGETS.gzipBytes)}`,
        met: b.ours.gzip <= TARGETS.gzipBytes,
      },
    );
    row([
      "4",
      "  bundled for Node (node:http, node:crypto)",
      `${b.oursForNode.gzip} B (min ${kB(b.oursForNode.minified)})`,
      `official ${kB(b.official.gzip)}`,
      `${fixed(b.oursForNode.gzip / b.official.gzip, 2)}x`,
    ]);
    row([
      "4",
      "installed, with dependencies",
      `${kB(i.ours.bytes)}, ${i.ours.packages.length + 1} packages`,
      `official ${MB(i.official.bytes)}, ${i.official.packages.length} packages`,
      `${fixed(i.ours.bytes / i.official.bytes, 3)}x`,
    ]);
  }
  if (r.pagination) {
    const p = r.pagination;
    const secondHalf = (/** @type {{ growthAt: number[] }} */ side) =>
      (side.growthAt[9] ?? Number.NaN) - (side.growthAt[4] ?? Number.NaN);
    row(
      [
        "5",
        "pagination 100k items, peak RSS growth",
        megabytes(p.client.rssGrowth),
        `fetch ${megabytes(p.raw.rssGrowth)}`,
        `+${MB(p.client.rssGrowth.median - p.raw.rssGrowth.median)}`,
      ],
      {
        name: "pagination: peak RSS growth",
        figure: p.client.rssGrowth.median,
        limit: `≤ ${MB(TARGETS.pageGrowthBytes)}`,
        met: p.client.rssGrowth.median <= TARGETS.pageGrowthBytes,
      },
    );
    row([
      "5",
      "  of which from 50k to 100k items",
      MB(secondHalf(p.client)),
      `fetch ${MB(secondHalf(p.raw))}`,
      "",
    ]);
    row([
      "5",
      "  heap kept after the walk (after GC)",
      MB(p.client.heapRetained.median),
      `fetch ${MB(p.raw.heapRetained.median)}`,
      "",
    ]);
    row([
      "5",
      "pagination 100k items, wall (ms)",
      spread(p.client.wallMs, 0),
      `fetch ${spread(p.raw.wallMs, 0)}`,
      spread(p.wallOverRaw, 2, "x"),
    ]);
  }
  if (r.coldImport) {
    const c = r.coldImport;
    row([
      "6",
      'cold import minus node -e "" (ms)',
      spread(c.netMs.ours, 1),
      `official ${spread(c.netMs.official, 1)}`,
      spread(c.oursOverOfficial, 2, "x"),
    ]);
  }
  printTable(rows);

  if (r.calls) {
    const same = r.calls.sameRequest;
    const signed = r.calls.signedRequest;
    console.log(
      `\nSame request on the wire, client and fetch: ${same.same ? "yes" : `NO (${same.differences.join(", ")})`}; client with AK/SK: ${signed.same ? "yes, plus Authorization and X-Sdk-Date" : `NO (${signed.differences.join(", ")})`}.`,
    );
  }
  if (r.coldImport) {
    console.log(`An empty node -e "" takes ${spread(r.coldImport.processMs.empty, 1, " ms")}.`);
  }
  const missed = verdicts.filter((v) => !v.met);
  console.log(
    missed.length === 0
      ? `\nAll ${verdicts.length} targets met.`
      : `\nMISSED ${missed.length} of ${verdicts.length} targets:\n${missed.map((v) => `  MISSED  ${v.target} (${v.limit})`).join("\n")}`,
  );
  return verdicts;
}

await main();
