import { createServer, type IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

// A loopback stand-in for the API gateway. It checks AK/SK signatures with Huawei's own Node signer
// (@huaweicloud/huaweicloud-sdk-core), never with the client's code: the client under test cannot
// vouch for itself.

interface OfficialSigner {
  sign(
    request: {
      endpoint: string;
      method: string;
      headers: Record<string, string>;
      queryParams: Record<string, string | string[]>;
      data?: unknown;
    },
    credential: { getAk(): string; getSk(): string },
  ): Record<string, string>;
}

const require = createRequire(import.meta.url);
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner") as {
  AKSKSigner: OfficialSigner;
};

const AUTHORIZATION =
  /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([^,\s]+), Signature=[0-9a-f]{64}$/;
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MAX_SKEW_MS = 15 * 60 * 1000;

/** The credentials the stand-in accepts. */
export interface StandInCredentials {
  accessKey: string;
  secretKey: string;
  token: string;
}

/** A request the stand-in accepted, and how it was authenticated. */
export interface AcceptedRequest {
  method: string;
  path: string;
  auth: "aksk" | "token";
  signedHeaders: string[];
  userAgent: string | undefined;
}

/** A running stand-in. */
export interface StandIn {
  url: string;
  accepted: AcceptedRequest[];
  /** Requests answered 401, with the reason. */
  refused: string[];
  close(): Promise<void>;
}

/** Answers of the four operations, valid against the spec's schemas. */
function answer(method: string, path: string): unknown {
  if (method === "GET" && path.endsWith("/factory/pending-items")) {
    return {
      total: 1,
      data: [
        { pending_item_id: "a1b2c3d4", item_name: "job_daily", task_type: 1, package_flag: 0 },
      ],
    };
  }
  if (method === "POST" && path.endsWith("/factory/release-packages"))
    return { total: 0, data: [] };
  if (method === "GET" && path.includes("/factory/release-packages/")) {
    return {
      release_package: {
        package_id: path.split("/").pop(),
        package_name: "nightly",
        deploy_status: 2,
      },
      task_details: [],
    };
  }
  return undefined;
}

/** The Authorization that Huawei's signer computes for the request as it arrived. */
function officialAuthorization(
  request: IncomingMessage,
  url: URL,
  body: string,
  signedHeaders: string[],
  credentials: StandInCredentials,
): string {
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (typeof value !== "string") throw new Error(`signed header ${name} is missing or repeated`);
    // Note: the official signer looks the date up by this exact key.
    headers[name === "x-sdk-date" ? "X-Sdk-Date" : name] = value;
  }
  const queryParams: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = queryParams[key];
    queryParams[key] =
      existing === undefined
        ? value
        : Array.isArray(existing)
          ? [...existing, value]
          : [existing, value];
  }
  const official = {
    endpoint: `${url.origin}${url.pathname}`,
    method: request.method ?? "",
    headers,
    queryParams,
    // Note: the official signer hashes JSON.stringify(data); parsing the bytes back gives it the
    // same text for the plain JSON objects the client sends.
    ...(body === "" ? {} : { data: JSON.parse(body) }),
  };
  return AKSKSigner.sign(official, {
    getAk: () => credentials.accessKey,
    getSk: () => credentials.secretKey,
  }).Authorization as string;
}

/** Starts the stand-in on 127.0.0.1 with a free port. */
export async function startStandIn(credentials: StandInCredentials): Promise<StandIn> {
  const accepted: AcceptedRequest[] = [];
  const refused: string[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      const url = new URL(request.url ?? "/", `http://${request.headers.host}`);
      const send = (status: number, json: unknown) =>
        response
          .writeHead(status, { "content-type": "application/json", "x-request-id": "stand-in" })
          .end(JSON.stringify(json));
      const refuse = (reason: string) => {
        refused.push(`${request.method} ${url.pathname}: ${reason}`);
        send(401, { error_code: "APIG.0301", error_msg: reason });
      };
      const common = {
        method: request.method ?? "",
        path: url.pathname,
        userAgent: request.headers["user-agent"],
      };
      const authorization = request.headers.authorization;
      if (authorization === undefined) {
        if (request.headers["x-auth-token"] !== credentials.token)
          return refuse("wrong or missing token");
        accepted.push({ ...common, auth: "token", signedHeaders: [] });
      } else {
        const match = AUTHORIZATION.exec(authorization);
        if (!match) return refuse("malformed Authorization");
        if (match[1] !== credentials.accessKey) return refuse("unknown access key");
        const signedHeaders = (match[2] ?? "").split(";");
        if (!signedHeaders.includes("x-sdk-date")) return refuse("x-sdk-date not signed");
        const date = SDK_DATE.exec(String(request.headers["x-sdk-date"]));
        if (!date) return refuse("X-Sdk-Date missing or malformed");
        const [, y, mo, d, h, mi, s] = date.map(Number) as number[];
        const signedAt = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
        if (Math.abs(Date.now() - signedAt) > MAX_SKEW_MS)
          return refuse("X-Sdk-Date more than 15 minutes off");
        let expected: string;
        try {
          expected = officialAuthorization(request, url, body, signedHeaders, credentials);
        } catch (error) {
          return refuse(String(error));
        }
        if (expected !== authorization) return refuse("signature does not match Huawei's signer");
        accepted.push({ ...common, auth: "aksk", signedHeaders });
      }
      const json = answer(request.method ?? "", url.pathname);
      if (json === undefined)
        return send(404, { error_code: "APIG.0101", error_msg: "no such API" });
      send(200, json);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    refused,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
