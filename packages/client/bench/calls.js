// @ts-check
// Per call: the built client against raw fetch to the same loopback server, same URL and headers,
// with a token and with AK/SK. Guard: at most 1.15x fetch's time per call.
import createClient from "openapi-fetch";
import { fromDist, interleave, microsPerCall, QUICK, ratios, show, spread } from "./lib.js";

const GUARD = 1.15;

/** @param {string} baseUrl @returns {Promise<import("./lib.js").Row[]>} */
export async function measureCalls(baseUrl) {
  const { createDlfClient } = /** @type {typeof import("../dist/index.js")} */ (
    await fromDist("index.js")
  );
  const common = { baseUrl, projectId: "bench-project", workspace: "bench-workspace" };
  const token = createDlfClient({ ...common, credentials: { token: "t".repeat(64) } });
  const aksk = createDlfClient({ ...common, credentials: { accessKey: "AK", secretKey: "SK" } });
  const query = { limit: 10, offset: 0, submit_user_name: "bench" };
  const url = `${baseUrl}/v2/bench-project/factory/pending-items?limit=10&offset=0&submit_user_name=bench`;
  const headers = {
    "X-Project-Id": "bench-project",
    workspace: "bench-workspace",
    "X-Auth-Token": "t".repeat(64),
  };

  /** µs per call over a batch of sequential calls. @param {() => Promise<unknown>} call */
  const perCall = (call) => microsPerCall(QUICK ? 50 : 200, call);
  /** @type {import("openapi-fetch").Client<import("../dist/index.js").paths>} */
  const api = createClient({ baseUrl });
  const params = { path: { project_id: "bench-project" }, query, header: headers };
  const contenders = {
    fetch: perCall(() => fetch(url, { headers }).then((response) => response.json())),
    // Note: two parts of the client's cost, for information: fetch with a timeout over the whole
    // body, and openapi-fetch on its own.
    bounded: perCall(async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      const response = await fetch(url, { headers, signal: controller.signal });
      const body = await response.arrayBuffer();
      clearTimeout(timer);
      return new Response(body, response).json();
    }),
    openapiFetch: perCall(() => api.GET("/v2/{project_id}/factory/pending-items", { params })),
    token: perCall(() => token.listFactoryPendingItems(query)),
    aksk: perCall(() => aksk.listFactoryPendingItems(query)),
  };
  await interleave(2, contenders); // warm-up: connections, JIT
  const us = await interleave(QUICK ? 5 : 25, contenders);
  const rows = [];
  for (const [name, label] of /** @type {const} */ ([
    ["bounded", "fetch with a timeout and the body buffered"],
    ["openapiFetch", "openapi-fetch alone"],
  ])) {
    const ratio = ratios(us[name], us.fetch);
    rows.push({
      measure: `per call, ${label}`,
      figure: `${show(ratio)}x`,
      guard: "reported",
      values: ratio,
    });
  }
  for (const [name, label] of /** @type {const} */ ([
    ["token", "token"],
    ["aksk", "AK/SK"],
  ])) {
    const ratio = ratios(us[name], us.fetch);
    rows.push({
      measure: `per call, ${label}, against raw fetch`,
      figure: `${show(ratio)}x (${show(us[name], 0)} µs against ${show(us.fetch, 0)})`,
      guard: `<= ${GUARD}x`,
      met: spread(ratio).median <= GUARD,
      values: { ratio, us: us[name], fetchUs: us.fetch },
    });
  }
  return rows;
}
