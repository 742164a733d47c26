import { once } from "node:events";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../sandbox/server.js";
import { requestViolations, responseViolations } from "../sandbox/spec-check.js";

// The stand-in holds itself to the spec: a request or an answer that breaks it is caught.

let standIn: StandIn | undefined;
afterEach(() => standIn?.close());

describe("the stand-in checks traffic against the bundled spec", () => {
  it("refuses and records a request without the required workspace header", async () => {
    standIn = await startStandIn();
    const response = await fetch(`${standIn.url}/v2/p/factory/pending-items?limit=10`, {
      headers: { "X-Auth-Token": "t" },
    });
    expect(response.status).toBe(400);
    expect(standIn.violations).toEqual([
      "request listFactoryPendingItems: header workspace is required",
    ]);
  });

  it("finds what is wrong with a release body, a query value and an answer", () => {
    const headers = { workspace: "w" };
    const body = { apply_user_id: "u", package_name: "n", pending_item_list: ["1"] };
    const release = requestViolations({
      operationId: "createFactoryPendingItemsPackage",
      path: { project_id: "p" },
      query: new URLSearchParams(),
      headers,
      body,
    });
    expect(release.join()).toContain("must have required property 'approver_ids'");
    const query = new URLSearchParams({ limit: "101" });
    const list = requestViolations({
      operationId: "listFactoryPendingItems",
      path: { project_id: "p" },
      query,
      headers,
      body: undefined,
    });
    expect(list.join()).toContain("query limit: data must be <= 100");
    expect(
      responseViolations("showFactoryPackageDetail", 200, {
        release_package: {},
        task_details: [{ deploy_status: 4 }],
      }),
    ).not.toEqual([]);
  });
});

describe("the stand-in survives what a hostile client sends, and goes on serving", () => {
  const TOKEN = { "x-auth-token": "t", workspace: "w" };
  const base = () => `${standIn?.url}/v2/p/factory`;
  const stillServing = async () => {
    const response = await fetch(`${base()}/pending-items`, { headers: TOKEN });
    expect(response.status).toBe(200);
  };
  /** Sends raw bytes and resolves with what came back (or "" when the connection was cut). */
  const raw = async (bytes: string, endEarly = false) => {
    const { port } = new URL(standIn?.url ?? "");
    const socket = connect(Number(port), "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
    });
    socket.write(bytes);
    if (endEarly) socket.destroy();
    else socket.end();
    await once(socket, "close");
    return answer;
  };

  it("a path that is no valid percent-encoding is no operation: 404, recorded", async () => {
    standIn = await startStandIn();
    const response = await fetch(`${base()}/release-packages/%E0%A4%A`, { headers: TOKEN });
    expect(response.status).toBe(404);
    expect(standIn.violations).toHaveLength(1);
    standIn.violations.length = 0;
    await stillServing();
  });

  it("an unreadable URL, a body cut off, a body over 1 MiB", async () => {
    standIn = await startStandIn();
    expect(await raw("GET http://[bad/ HTTP/1.1\r\nHost: x\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    await raw(
      `POST /v2/p/factory/release-packages HTTP/1.1\r\nHost: x\r\nx-auth-token: t\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{`,
      true,
    );
    const big = await fetch(`${base()}/release-packages`, {
      method: "POST",
      headers: { ...TOKEN, "content-type": "application/json" },
      body: `{"key_word":"${"x".repeat(2 * 1024 * 1024)}"}`,
    });
    expect(big.status).toBe(413);
    await stillServing();
  });

  it("a request without credentials is refused (401) and recorded; so is a token past 4096", async () => {
    standIn = await startStandIn();
    const bare = await fetch(`${base()}/pending-items`, { headers: { workspace: "w" } });
    expect(bare.status).toBe(401);
    expect(standIn.violations).toEqual([
      "request listFactoryPendingItems: neither an IAM token nor an AK/SK signature",
    ]);
    standIn.violations.length = 0;
    const long = await fetch(`${base()}/pending-items`, {
      headers: { ...TOKEN, "x-auth-token": "t".repeat(4097) },
    });
    expect(long.status).toBe(401);
  });

  it("a signature with an X-Sdk-Date that is no date, or an unreadable Host, is refused", async () => {
    standIn = await startStandIn();
    const authorization = `SDK-HMAC-SHA256 Access=SANDBOXACCESSKEY, SignedHeaders=host;x-sdk-date, Signature=${"0".repeat(64)}`;
    for (const date of ["garbage", "20261301T000000Z"]) {
      const response = await fetch(`${base()}/pending-items`, {
        headers: { workspace: "w", "x-sdk-date": date, authorization },
      });
      expect(response.status).toBe(401);
    }
    const answer = await raw(
      `GET /v2/p/factory/pending-items HTTP/1.1\r\nHost: a b\r\nworkspace: w\r\nx-sdk-date: 20261208T000000Z\r\nauthorization: ${authorization}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 (400|401)/);
    await stillServing();
  });

  it("a release of items that are not pending, or that an open package holds, is refused (400 DLF.3051)", async () => {
    standIn = await startStandIn();
    const create = (items: string[]) =>
      fetch(`${base()}/pending-items/package`, {
        method: "POST",
        headers: { ...TOKEN, "content-type": "application/json" },
        body: JSON.stringify({
          apply_user_id: "u",
          package_name: "n",
          pending_item_list: items,
          approver_ids: ["a"],
        }),
      });
    expect((await create(["4", "no-such-item"])).status).toBe(400);
    expect((await create(["4"])).status).toBe(200);
    expect((await create(["4"])).status).toBe(400);
    expect((await create([])).status).toBe(400);
  });
});
