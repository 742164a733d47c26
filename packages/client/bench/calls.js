// @ts-check
// Per call: the built client against raw fetch to the same loopback server, which answers after
// 20 ms as a nearby region would, with a token and with AK/SK, each against a fetch of the same URL
// with the same headers; for AK/SK, that fetch is signed call by call by the official signer, as
// code without this client would have to. Guard: at most 1.02x the peer's time per call. Reported:
// the CPU time of each per call, and the client's own (its CPU time beyond its peer's).
import { createRequire } from "node:module";
import { fromDist, interleave, QUICK, ratios, show, spread, timeBatch } from "./lib.js";

const require = createRequire(import.meta.url);

const GUARD = 1.02;
/** How long the server takes to answer, as a nearby region (a few ms of network, the service's work). */
export const LATENCY_MS = 20;

/** @param {string} baseUrl @returns {Promise<import("./lib.js").Row[]>} */
export async function measureCalls(baseUrl) {
  const { createDlfClient } = /** @type {typeof import("../dist/index.js")} */ (
    await fromDist("index.js")
  );
  const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner");
  const common = { baseUrl, projectId: "bench-project", workspace: "bench-workspace" };
  const keys = { accessKey: "AK", secretKey: "SK" };
  const token = createDlfClient({ ...common, credentials: { token: "t".repeat(64) } });
  const aksk = createDlfClient({ ...common, credentials: keys });
  const query = { limit: 10, offset: 0, submit_user_name: "bench" };
  const endpoint = `${baseUrl}/v2/bench-project/factory/pending-items`;
  const url = `${endpoint}?limit=10&offset=0&submit_user_name=bench`;
  const sent = { "X-Project-Id": "bench-project", workspace: "bench-workspace" };
  const tokenHeaders = { ...sent, "X-Auth-Token": "t".repeat(64) };
  /** @type {any} */
  const credential = { getAk: () => keys.accessKey, getSk: () => keys.secretKey };
  const queryParams = { limit: "10", offset: "0", submit_user_name: "bench" };
  /** The official signer's X-Sdk-Date and Authorization for the peer's GET, made anew each call. */
  const officiallySigned = () => ({
    ...sent,
    ...AKSKSigner.sign({ method: "GET", endpoint, headers: { ...sent }, queryParams }, credential),
  });

  /** @type {Record<string, number[]>} */
  const cpu = { fetchToken: [], token: [], fetchAksk: [], aksk: [] };
  /** µs per call over a batch of sequential calls; its CPU time kept aside. */
  const perCall =
    (/** @type {string} */ name, /** @type {() => Promise<unknown>} */ call) => async () => {
      const { wallUs, cpuUs } = await timeBatch(QUICK ? 10 : 40, call);
      cpu[name]?.push(cpuUs);
      return wallUs;
    };
  const fetchWith = (/** @type {() => Record<string, string>} */ headers) => () =>
    fetch(url, { headers: headers() }).then((response) => response.json());
  const contenders = {
    fetchToken: perCall(
      "fetchToken",
      fetchWith(() => tokenHeaders),
    ),
    token: perCall("token", () => token.listFactoryPendingItems(query)),
    fetchAksk: perCall("fetchAksk", fetchWith(officiallySigned)),
    aksk: perCall("aksk", () => aksk.listFactoryPendingItems(query)),
  };
  await interleave(2, contenders); // warm-up: connections, JIT
  for (const figures of Object.values(cpu)) figures.length = 0;
  const us = await interleave(QUICK ? 5 : 25, contenders);
  const rows = [];
  const kinds = /** @type {const} */ ([
    ["token", "fetchToken", "token", "raw fetch"],
    ["aksk", "fetchAksk", "AK/SK", "raw fetch and the official signer"],
  ]);
  for (const [name, peer, label, against] of kinds) {
    const ratio = ratios(us[name], us[peer]);
    rows.push({
      measure: `per call at ${LATENCY_MS} ms, ${label}, against ${against}`,
      figure: `${show(ratio, 3)}x (${show(
        us[name].map((x) => x / 1000),
        2,
      )} ms against ${show(
        us[peer].map((x) => x / 1000),
        2,
      )})`,
      guard: `<= ${GUARD}x`,
      met: spread(ratio).median <= GUARD,
      values: { ratio, us: us[name], fetchUs: us[peer] },
    });
  }
  for (const [name, peer, label] of kinds) {
    const own = (cpu[name] ?? []).map((x, i) => x - (cpu[peer]?.[i] ?? 0));
    rows.push({
      measure: `CPU time per call, ${label}: the client's own, beyond its peer's`,
      figure: `${show(own, 0)} µs (in all ${show(cpu[name] ?? [], 0)} µs; the peer ${show(cpu[peer] ?? [], 0)} µs)`,
      guard: "reported",
      values: { own, cpuUs: cpu[name], fetchCpuUs: cpu[peer] },
    });
  }
  return rows;
}
