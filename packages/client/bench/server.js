// @ts-check
// The benchmarks' loopback server, in its own process (`fork`) so that its work is not counted
// against the client, nor its memory in the pagination's RSS. It answers any GET .../pending-items
// with a page of TOTAL generated items (`limit`, and `offset` as a page number), each page
// serialised once and then served from memory, after DELAY_MS (default 0) as a nearby region would
// answer. Exits when its parent disconnects.
import { createServer } from "node:http";

const TOTAL = 100_000;
const DELAY_MS = Number(process.env.DELAY_MS ?? 0);

/** @type {Map<string, Buffer>} */
const pages = new Map();

/** @param {number} limit @param {number} page */
function pageBody(limit, page) {
  const key = `${limit}:${page}`;
  const cached = pages.get(key);
  if (cached) return cached;
  const data = [];
  for (let i = page * limit; i < Math.min(TOTAL, (page + 1) * limit); i++) {
    data.push({
      pending_item_id: `item-${i.toString(16).padStart(8, "0")}-4d2a-9c1b-5e0f3a7b8c6d`,
      item_name: `job_nightly_${i}`,
      task_type: 1 + (i % 2),
      update_type: 1 + (i % 3),
      package_flag: 0,
      submit_timestamp: 1_764_000_000_000 + i,
      submit_user_id: "7b71e498e75d44048c9a22dd3c54f978",
      submit_user_name: "bench",
    });
  }
  const body = Buffer.from(JSON.stringify({ data, total: TOTAL }));
  pages.set(key, body);
  return body;
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (request.method !== "GET" || !url.pathname.endsWith("/pending-items")) {
    response.writeHead(404).end();
    return;
  }
  const body = pageBody(
    Number(url.searchParams.get("limit")),
    Number(url.searchParams.get("offset")),
  );
  const answer = () => {
    response.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    response.end(body);
  };
  if (DELAY_MS > 0) setTimeout(answer, DELAY_MS);
  else answer();
});
// Note: longer than any pause between measures, so no contender pays for a new connection.
server.keepAliveTimeout = 120_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
process.on("disconnect", () => {
  server.close();
  server.closeAllConnections();
});
