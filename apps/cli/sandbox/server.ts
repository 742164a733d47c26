import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  type FaultedRequest,
  type FaultName,
  FaultPlan,
  type FaultRule,
  faultsThat,
} from "./faults.js";
import { seedItems, seedPackages } from "./seed.js";
import { SignatureChecker } from "./signatures.js";
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
// Faults (faults.ts) make it fail as the service and its gateway can, on the requests they name.

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
  /** Packages that exist from the start (default: the seed's, one in each status). */
  packages?: Package[];
  /** Pending items from the start (default: the seed's five). */
  pending?: ReturnType<StandInState["pendingItems"]>;
  /** What `offset` counts (default "page", as the API pages say). */
  offsetMode?: OffsetMode;
  /** Faults switched on, in order: the first that takes a request acts on it. */
  faults?: FaultRule[];
  /** The secret key of each access key it accepts (default: the sandbox's pair). */
  accessKeys?: Readonly<Record<string, string>>;
  /** The port on 127.0.0.1; default 0, a free one. */
  port?: number;
  /** Told of every answer and every violation, one line each. */
  log?: (line: string) => void;
  /** Told of every request as it arrives, before it is answered. */
  onRequest?: (seen: Seen) => void;
  /** How far the stand-in's clock (its Date header, its check of X-Sdk-Date) is ahead, in ms. */
  clockSkewMs?: number;
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

/** The AK/SK pair the sandbox accepts unless told otherwise (no secret: it guards nothing). */
export const SANDBOX_ACCESS_KEY = "SANDBOXACCESSKEY";
export const SANDBOX_SECRET_KEY = "sandbox-secret-key";

const CREDENTIAL_FAULTS: ReadonlySet<FaultName> = new Set([
  "bad-signature",
  "signature-expired",
  "token-expired",
]);
const OTHER_ANSWERS: ReadonlySet<FaultName> = new Set(
  [...faultsThat("answer"), ...faultsThat("lose")].filter((name) => !CREDENTIAL_FAULTS.has(name)),
);

/** What a load balancer in front of the gateway answers while the service is down. */
const UNAVAILABLE_PAGE =
  "<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503 Service Temporarily Unavailable</h1></body></html>\n";

/** The largest body the stand-in reads; past it the gateway answers 413 APIG.0201. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The body, or undefined past MAX_BODY_BYTES; throws when the client goes away mid-body. */
const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

/** The longest IAM token the gateway takes (the spec's IamToken). */
const MAX_TOKEN_LENGTH = 4096;

const parseBody = (raw: Buffer): unknown => {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    return "(not JSON)";
  }
};

/** Starts a stand-in on 127.0.0.1 (a free port unless `port` says which). */
export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const faults = new FaultPlan(options.faults);
  const state = new StandInState({
    pending: options.pending ?? seedItems(),
    packages: options.packages ?? seedPackages(),
    outcome: options.outcome,
    steps: options.steps,
    offsetMode: options.offsetMode,
    faults,
    log: (line) => log(line),
  });
  const signatures = new SignatureChecker(
    options.accessKeys ?? { [SANDBOX_ACCESS_KEY]: SANDBOX_SECRET_KEY },
  );
  const seen: Seen[] = [];
  const violations: string[] = [];
  const sockets = new Set<Socket>();
  let requestNumber = 0;

  const log = options.log ?? (() => {});
  const clockSkewMs = options.clockSkewMs ?? 0;
  const now = () => Date.now() + clockSkewMs;
  const clockHeader = () => (clockSkewMs === 0 ? {} : { date: new Date(now()).toUTCString() });
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

  const server = createServer((request, response) => {
    // Note: whatever a request holds, the stand-in answers it or drops it, and goes on serving.
    handle(request, response).catch((error: unknown) => {
      log(`dropped a request that could not be read: ${(error as Error).message}`);
      request.socket.destroy();
    });
  });
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = URL.parse(request.url ?? "/", "http://stand-in");
    const raw = await readBody(request);
    if (raw === undefined || url === null) {
      const status = raw === undefined ? 413 : 400;
      log(
        `${request.method} ${raw === undefined ? "with a body over 1 MiB" : "to an unreadable URL"} -> ${status}`,
      );
      // Note: the gateway's answer before any operation is known; the spec declares no 413.
      return response
        .writeHead(status, { "content-type": "application/json", connection: "close" })
        .end(JSON.stringify(example("ApigBadRequest")));
    }
    const body = parseBody(raw);
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
    const signed = typeof request.headers["x-sdk-date"] === "string";
    const token = request.headers["x-auth-token"];
    const faulted: FaultedRequest = {
      operationId,
      auth: signed ? "signed" : token ? "token" : "none",
    };
    if (faulted.auth === "none") {
      violation(`request ${operationId}: neither an IAM token nor an AK/SK signature`);
      return answer(response, operationId, 401, example("ApigTokenInvalid"));
    }
    if (faulted.auth === "token" && String(token).length > MAX_TOKEN_LENGTH)
      return answer(response, operationId, 401, example("ApigTokenInvalid"));
    // Note: the gateway checks credentials before anything else, so the faults of credentials act first.
    const refusal = faults.take(faulted, CREDENTIAL_FAULTS);
    if (refusal) log(`fault ${refusal}: ${operationId}`);
    if (refusal === "bad-signature") {
      const accessKey = SignatureChecker.accessKeyOf(request.headers) ?? "";
      log(refusalLine(signatures.refuse(accessKey, now()), signatures, request.headers));
      return answer(response, operationId, 401, example("ApigSignatureInvalid"));
    }
    if (refusal === "signature-expired")
      return answer(response, operationId, 401, example("ApigSignatureExpired"));
    if (refusal === "token-expired")
      return answer(response, operationId, 401, example("ApigTokenInvalid"));
    if (signed) {
      const verdict = await signatures.verify(
        {
          method: request.method ?? "",
          target: request.url ?? "/",
          headers: request.headers,
          body: raw,
        },
        now(),
      );
      if (verdict === "expired")
        return answer(response, operationId, 401, example("ApigSignatureExpired"));
      if (verdict !== "valid") {
        log(refusalLine(verdict, signatures, request.headers));
        return answer(response, operationId, 401, example("ApigSignatureInvalid"));
      }
    }
    const fault = faults.take(faulted, OTHER_ANSWERS);
    if (fault) log(`fault ${fault}: ${operationId}`);
    switch (fault) {
      case "throttle":
        return answer(response, operationId, 429, example("ApigThrottled"), { "retry-after": "1" });
      case "bad-gateway":
        return answer(response, operationId, 502, example("ApigBackendUnavailable"));
      case "unavailable":
        // Note: not in the spec, on purpose: what the client meets from a load balancer.
        log(`${operationId} -> 503`);
        return response
          .writeHead(503, { "content-type": "text/html", ...clockHeader() })
          .end(UNAVAILABLE_PAGE);
      case "hang":
        return;
      case "drop":
        return request.socket.destroy();
      case "forbidden":
        return answer(response, operationId, 403, example("ApigForbidden"));
      case "invalid-parameter":
        return answer(response, operationId, 400, example("DlfInvalidParameter"));
    }
    const [status, result] = state.handle(call, faulted);
    if (fault === "create-lost") return request.socket.destroy();
    if (fault === "create-timeout") return;
    answer(response, operationId, status, result, {}, url.searchParams);
  };
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await listen(server, options.port ?? 0);
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

/** The log line of a refused signature: the refusals in a row, and the lock they lead to. */
function refusalLine(
  verdict: "invalid" | "locked",
  signatures: SignatureChecker,
  headers: IncomingMessage["headers"],
): string {
  const accessKey = SignatureChecker.accessKeyOf(headers) ?? "";
  const who = accessKey === "" ? "a request without a readable AK" : accessKey;
  const inARow = signatures.refusalsOf(accessKey);
  return verdict === "locked"
    ? `AK ${who} is locked for 5 minutes: ${inARow} signatures refused in a row`
    : `AK/SK signature of ${who} refused: ${inARow} in a row (more than 5 lock the AK for 5 minutes)`;
}

/** The port a sandbox was asked for is taken. */
export class PortInUse extends Error {
  override name = "PortInUse";
  constructor(readonly port: number) {
    super(
      `port ${port} on 127.0.0.1 is in use: stop what holds it, or pick another with --port (--port 0: any free one)`,
    );
  }
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new PortInUse(port) : error),
    );
    server.listen(port, "127.0.0.1", resolve);
  });
}
