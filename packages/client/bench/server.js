// @ts-check
// The loopback server of the benchmarks, run in its own process (`fork`) so that its work is not
// counted against the client, nor its memory in the pagination's RSS. It answers
// GET /v2/{project_id}/factory/pending-items with pages of TOTAL generated items (`limit` and
// `offset` as a page number, as the client's default offsetMode), each page serialised once and then
// served from memory, so both contenders get byte-identical answers at the same cost.
// GET /__last answers the method, URL and headers of the last request before it, to check that the
// contenders send the same request. A message { prepare: limit } builds every page of that size
// ahead of time. Exits when its parent disconnects.
import { createServer } from "node:http";

export const TOTAL = 100_000;

/** @type {Map<string, Buffer>} */
const pages = new Map();

/** @param {number} limit @param {number} page */
function pageBody(limit, page) {
  const key = `${limit}:${page}`;
  let body = pages.get(key);
  if (body === undefined) {
    const data = [];
    for (let i = page * limit; i < Math.min(TOTAL, (page + 1) * limit); i++) {
      data.push({
        pending_item_id: `item-${i.toString(16).padStart(8, "0")}-4d2a-9c1b-5e0f3a7b8c6d`,
        item_name: `job_nightly_${i}`,
        task_id: `task-${i}`,
        task_type: 1 + (i % 2),
        update_type: 1 + (i % 3),
        deployed_version: i % 7,
        pending_version: (i % 7) + 1,
        package_flag: 0,
        project_id: "bench-project-workspace-bench-workspace",
        submit_timestamp: 1_764_000_000_000 + i,
        submit_user_id: "7b71e498e75d44048c9a22dd3c54f978",
        submit_user_name: "bench",
      });
    }
    body = Buffer.from(JSON.stringify({ data, total: TOTAL }));
    pages.set(key, body);
  }
  return body;
}

/** @type {{ method: string | undefined, url: string | undefined, headers: Record<string, string | string[] | undefined> } | undefined} */
let last;
const PENDING_ITEMS = /^\/v2\/[^/]+\/factory\/pending-items$/;

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (url.pathname === "/__last") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(last ?? null));
    return;
  }
  last = { method: request.method, url: request.url, headers: request.headers };
  if (request.method !== "GET" || !PENDING_ITEMS.test(url.pathname)) {
    response.writeHead(404, { "content-type": "application/json" });
    response.end('{"error_code":"DLF.0000","error_msg":"not found"}');
    return;
  }
  const limit = Number(url.searchParams.get("limit") ?? 10);
  const page = Number(url.searchParams.get("offset") ?? 0);
  const body = pageBody(limit, page);
  response.writeHead(200, {
    "content-type": "application/json;charset=UTF-8",
    "content-length": body.length,
  });
  response.end(body);
});
// Note: longer than any pause between phases, so no contender pays for a new connection mid-run.
server.keepAliveTimeout = 120_000;

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.send?.({ port });
});
// Note: pages are built ahead of a timed walk, so that no contender waits on JSON.stringify.
process.on("message", (message) => {
  const { prepare } = /** @type {{ prepare?: number }} */ (message);
  if (prepare === undefined) return;
  for (let page = 0; page * prepare < TOTAL; page++) pageBody(prepare, page);
  process.send?.({ prepared: prepare });
});
process.on("disconnect", () => {
  server.close();
  server.closeAllConnections();
});
