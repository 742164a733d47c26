// @ts-check
// Signing alone: `signRequest` of @dlf-release/client/signer against the official Node core's
// AKSKSigner.sign, on a GET with a query and a POST with a JSON body, after checking that both
// give the same Authorization at a fixed date: signature after signature, and the GET once after
// each pause as long as a call's wait, as a client signs. Reported, no guard.
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import { LATENCY_MS } from "./calls.js";
import { fromDist, interleave, microsPerCall, QUICK, ratios, show, timeBatch } from "./lib.js";

const require = createRequire(import.meta.url);
const SIGNER = "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";

/** @returns {Promise<import("./lib.js").Row[]>} */
export async function measureSigner() {
  const { signRequest } = /** @type {typeof import("../dist/signer/index.js")} */ (
    await fromDist("signer/index.js")
  );
  const { AKSKSigner } = require(SIGNER);
  // Note: the official signer dates its signature with moment(); moment.now pins that clock.
  const moment = createRequire(require.resolve(SIGNER))("moment");
  const endpoint = "https://dayu.cn-north-4.myhuaweicloud.com/v2/62099355/factory/pending-items";
  const headers = { "X-Project-Id": "62099355", workspace: "e265f808" };
  const json = { ...headers, "Content-Type": "application/json" };
  const release = { package_name: "nightly", pending_item_list: ["a1", "b2"] };
  /** @type {Record<string, [any, any]>} */
  const cases = {
    GET: [
      { method: "GET", url: `${endpoint}?limit=10&offset=0`, headers },
      { method: "GET", endpoint, headers, queryParams: { limit: "10", offset: "0" } },
    ],
    POST: [
      { method: "POST", url: `${endpoint}/package`, headers: json, body: JSON.stringify(release) },
      {
        method: "POST",
        endpoint: `${endpoint}/package`,
        headers: json,
        queryParams: {},
        data: release,
      },
    ],
  };
  const keys = { accessKey: "AK", secretKey: "SK" };
  const credential = { getAk: () => "AK", getSk: () => "SK" };
  /** @param {any} request */
  const official = (request) =>
    AKSKSigner.sign({ ...request, headers: { ...request.headers } }, credential);

  const now = new Date("2026-11-30T00:00:00Z");
  moment.now = () => now.getTime();
  for (const [name, [ours, theirs]] of Object.entries(cases)) {
    const mine = (await signRequest(ours, keys, { now })).headers.Authorization;
    if (mine !== official(theirs).Authorization) throw new Error(`${name}: the signatures differ`);
  }
  moment.now = Date.now;

  const batch = QUICK ? 500 : 5000;
  const rows = [];
  for (const [name, [ours, theirs]] of Object.entries(cases)) {
    const us = await interleave(QUICK ? 3 : 11, {
      ours: microsPerCall(batch, () => signRequest(ours, keys)),
      official: microsPerCall(batch, () => official(theirs)),
    });
    const figure = `${show(ratios(us.ours, us.official))}x (${show(us.ours, 1)} µs against ${show(us.official, 1)})`;
    rows.push({
      measure: `signing a ${name}, against the official signer`,
      figure,
      guard: "reported",
      values: us,
    });
  }

  // Note: a client signs once per call, after waiting for the last answer; by then the caches
  // have moved on, and a signature costs many times what it costs signature after signature.
  const pauses = QUICK ? 5 : 20;
  /** µs of CPU time per signature, each made after a pause of LATENCY_MS. @param {() => unknown} sign */
  const afterPauses = (sign) => async () => {
    let cpuUs = 0;
    for (let i = 0; i < pauses; i++) {
      await sleep(LATENCY_MS);
      cpuUs += (await timeBatch(1, sign)).cpuUs;
    }
    return cpuUs / pauses;
  };
  const [ourGet, theirGet] = /** @type {[any, any]} */ (cases.GET);
  const cold = await interleave(QUICK ? 3 : 11, {
    ours: afterPauses(() => signRequest(ourGet, keys)),
    official: afterPauses(() => official(theirGet)),
  });
  rows.push({
    measure: `signing a GET after each ${LATENCY_MS} ms pause, CPU time, against the official signer`,
    figure: `${show(ratios(cold.ours, cold.official))}x (${show(cold.ours, 0)} µs against ${show(cold.official, 0)})`,
    guard: "reported",
    values: cold,
  });
  return rows;
}
