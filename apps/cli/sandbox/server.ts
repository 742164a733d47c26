import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  example,
  type IncomingCall,
  requestViolations,
  responseViolations,
  routeOf,
} from "./spec-check.js";
import { type OffsetMode, type Package, type PackageOutcome, StandInState } from "./state.js";

// A stateful stand-in for the service on 127.0.0.1: packages move 1 -> 5 -> 2 or 3 one step per look
// (showFactoryPackageDetail), never by the clock. Every request and every answer is checked against
// the bundled spec; what breaks it is kept in `violations`, which each test expects to be empty.

/** What the stand-in does instead of answering the nth call of an operation. */
export type Fault =
  | { kind: "throttle"; retryAfterSeconds: number } // 429 APIG.0308 with Retry-After
  | { kind: "unavailable" } // 502 APIG.0202: the gateway cannot reach the service
  | { kind: "hang" } // never answers
  | { kind: "drop" } // closes the connection without acting
  | { kind: "drop-after" } // acts (a release is created), then closes the connection unanswered
  | { kind: "hang-after" } // acts, then never answers
  | { kind: "unauthorized" } // 401 APIG.0301 token invalid
  | { kind: "expired" } // 401 APIG.0303 signature or token expired
  | { kind: "forbidden" } // 403 APIG.0302 not authorized
  | { kind: "refused" }; // 400 DLF.3051 the request parameter is invalid

/** One request as it arrived. */
export interface Seen {
  operationId: string | undefined;
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface StandInOptions {
  /** How packages made by a release end (default "released"); looks per step in `steps`. */
  outcome?: PackageOutcome;
  /** Looks at a new package before it moves on from each of 1 and 5 (default 1 each). */
  steps?: number;
  /** Packages that exist from the start. */
  packages?: Package[];
  /** Pending items from the start (default: two jobs not in a package). */
  pending?: ReturnType<StandInState["pendingItems"]>;
  /** What `offset` counts (default "page", as the API pages say). */
  offsetMode?: OffsetMode;
  /** Faults by operation, indexed by that operation's call count from 0. */
  faults?: Partial<Record<string, Array<Fault | undefined>>>;
  /** The port on 127.0.0.1; default 0, a free one. */
  port?: number;
  /** Told of every answer and every violation, one line each. */
  log?: (line: string) => void;
  /** Told of every request as it arrives, before it is answered. */
  onRequest?: (seen: Seen) => void;
  /** How far the stand-in's clock (its Date header, its check of X-Sdk-Date) is ahead, in ms. */
  clockSkewMs?: number;
  /** Refuses every AK/SK signature with 401 APIG.0301, as for a wrong secret key. */
  refuseSignatures?: boolean;
  /** Changes a successful answer after it was checked: a service that drifted from the spec. */
  alter?: (operationId: string, body: unknown, query: URLSearchParams) => unknown;
}

export interface StandIn {
  url: string;
  state: StandInState;
  /** Every request received, in order. */
  readonly seen: Seen[];
  /** What broke the spec, in requests or answers. */
  readonly violations: string[];
  /** The requests of one operation. */
  calls(operationId: string): Seen[];
  close(): Promise<void>;
}

/** The gateway refuses a signature whose X-Sdk-Date is further than this from its clock. */
const SIGNATURE_CLOCK_WINDOW_MS = 15 * 60_000;

/** X-Sdk-Date (20261202T155900Z) as ms since 1970. */
const sdkDate = (value: string) =>
  Date.parse(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));

const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : (JSON.parse(text) as unknown);
};

/** Starts a stand-in on a free port of 127.0.0.1. */
export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const state = new StandInState(options);
  const seen: Seen[] = [];
  const violations: string[] = [];
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  let requestNumber = 0;

  const log = options.log ?? (() => {});
  const clockSkewMs = options.clockSkewMs ?? 0;
  const clockHeader = () =>
    clockSkewMs === 0 ? {} : { date: new Date(Date.now() + clockSkewMs).toUTCString() };
  const violation = (text: string) => {
    violations.push(text);
    log(`spec violation: ${text}`);
  };
  const answer = (
    response: ServerResponse,
    operationId: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    query = new URLSearchParams(),
  ) => {
    for (const error of responseViolations(operationId, status, body)) {
      violation(`answer ${operationId} ${status}: ${error}`);
    }
    log(`${operationId} -> ${status}`);
    requestNumber += 1;
    response.writeHead(status, {
      "content-type": "application/json",
      "x-request-id": `stand-in-${requestNumber}`,
      ...clockHeader(),
      ...headers,
    });
    const sent = status < 300 && options.alter ? options.alter(operationId, body, query) : body;
    response.end(JSON.stringify(sent));
  };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://stand-in");
    let body: unknown;
    try {
      body = await readBody(request);
    } catch {
      body = "(not JSON)";
    }
    const route = routeOf(request.method ?? "GET", url.pathname);
    const arrived: Seen = {
      operationId: route?.operationId,
      method: request.method ?? "",
      url: url.pathname + url.search,
      body,
      headers: request.headers,
    };
    seen.push(arrived);
    options.onRequest?.(arrived);
    if (!route) {
      // Note: the root is where `doctor` probes the endpoint, unsigned, as any gateway answers it.
      if (url.pathname !== "/") {
        violation(`request ${request.method} ${url.pathname}: no such operation in the spec`);
      }
      response
        .writeHead(404, { "content-type": "application/json", ...clockHeader() })
        .end(JSON.stringify(example("ApigApiNotFound")));
      return;
    }
    const { operationId } = route;
    const call: IncomingCall = {
      operationId,
      path: route.path,
      query: url.searchParams,
      headers: request.headers,
      body,
    };
    const refused = requestViolations(call);
    if (refused.length > 0) {
      for (const error of refused) violation(`request ${operationId}: ${error}`);
      return answer(response, operationId, 400, example("DlfInvalidParameter"));
    }
    const count = counts.get(operationId) ?? 0;
    counts.set(operationId, count + 1);
    const fault = options.faults?.[operationId]?.[count];
    if (request.headers["x-auth-token"] === "expired" || fault?.kind === "unauthorized") {
      return answer(response, operationId, 401, example("ApigTokenInvalid"));
    }
    const signedAt = request.headers["x-sdk-date"];
    if (typeof signedAt === "string") {
      if (options.refuseSignatures)
        return answer(response, operationId, 401, example("ApigSignatureInvalid"));
      if (Math.abs(sdkDate(signedAt) - (Date.now() + clockSkewMs)) > SIGNATURE_CLOCK_WINDOW_MS)
        return answer(response, operationId, 401, example("ApigSignatureExpired"));
    }
    if (fault?.kind === "expired")
      return answer(response, operationId, 401, example("ApigSignatureExpired"));
    if (fault?.kind === "hang") return;
    if (fault?.kind === "drop") return request.socket.destroy();
    if (fault?.kind === "throttle") {
      return answer(response, operationId, 429, example("ApigThrottled"), {
        "retry-after": String(fault.retryAfterSeconds),
      });
    }
    if (fault?.kind === "unavailable")
      return answer(response, operationId, 502, example("ApigBackendUnavailable"));
    if (fault?.kind === "forbidden")
      return answer(response, operationId, 403, example("ApigForbidden"));
    if (fault?.kind === "refused")
      return answer(response, operationId, 400, example("DlfInvalidParameter"));
    const [status, result] = state.handle(call);
    if (fault?.kind === "drop-after") return request.socket.destroy();
    if (fault?.kind === "hang-after") return;
    answer(response, operationId, status, result, {}, url.searchParams);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    seen,
    violations,
    calls: (operationId) => seen.filter((request) => request.operationId === operationId),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
