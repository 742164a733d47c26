import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A loopback stand-in for Huawei Cloud's API gateway: it checks SDK-HMAC-SHA256 signatures from
// the raw request with node:crypto and its own canonicalisation, never with src/signer/,
// so a bug in the signer cannot hide itself.

/** The secret side of one access key. */
export interface GatewayCredential {
  secretKey: string;
  /** When set, requests with this AK must carry and sign this X-Security-Token. */
  securityToken?: string;
}

/** A request as the gateway received it. */
export interface ReceivedRequest {
  method: string;
  /** The raw request target: path and query exactly as sent. */
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
  /** The AK of the Authorization header. */
  accessKey: string;
  /** The SignedHeaders of the Authorization header. */
  signedHeaders: string[];
}

/** What the handler answers; default 200 with body {}. */
export interface GatewayReply {
  status?: number;
  json?: unknown;
  headers?: Record<string, string>;
}

/** A request the gateway refused, and why. */
export interface Rejection {
  method: string;
  url: string;
  reason: string;
}

export interface GatewayOptions {
  credentials: Map<string, GatewayCredential>;
  /** Answers verified requests; default 200 {}. */
  handler?: (request: ReceivedRequest) => GatewayReply | Promise<GatewayReply>;
  /** The gateway's clock; default Date.now. */
  now?: () => number;
  /** Files served as they are, without a signature: a page that runs the client, say. */
  files?: Record<string, { type: string; body: string | Uint8Array }>;
}

export interface Gateway {
  /** Base URL, http://127.0.0.1:<port>. */
  url: string;
  /** Every request that passed verification, in arrival order. */
  requests: ReceivedRequest[];
  /** Every request answered 401, with the reason. */
  rejections: Rejection[];
  close(): Promise<void>;
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION =
  /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*), Signature=([0-9a-f]{64})$/;
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const UNRESERVED_BYTE = /[A-Za-z0-9\-_.~]/;

class Unauthorized extends Error {}

/** Starts the gateway on 127.0.0.1 with a free port. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const requests: ReceivedRequest[] = [];
  const rejections: Rejection[] = [];
  const now = options.now ?? Date.now;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      handle(req, body, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error_code: "APIG.0103", error_msg: String(error) }));
      });
    });
  });

  async function handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const method = req.method ?? "";
    const url = req.url ?? "";
    const file = method === "GET" ? options.files?.[url] : undefined;
    if (file) {
      res.writeHead(200, { "content-type": file.type });
      res.end(file.body);
      return;
    }
    let received: ReceivedRequest;
    try {
      received = verify(req, method, url, body);
    } catch (error) {
      if (!(error instanceof Unauthorized)) throw error;
      rejections.push({ method, url, reason: error.message });
      const requestId = randomBytes(16).toString("hex");
      res.writeHead(401, { "content-type": "application/json", "x-request-id": requestId });
      res.end(
        JSON.stringify({
          error_code: "APIG.0301",
          error_msg: `Incorrect IAM authentication information: ${error.message}`,
          request_id: requestId,
        }),
      );
      return;
    }
    requests.push(received);
    const reply = options.handler ? await options.handler(received) : {};
    res.writeHead(reply.status ?? 200, {
      "content-type": "application/json",
      "x-request-id": randomBytes(16).toString("hex"),
      ...reply.headers,
    });
    res.end(JSON.stringify(reply.json ?? {}));
  }

  function verify(
    req: IncomingMessage,
    method: string,
    url: string,
    body: Buffer,
  ): ReceivedRequest {
    const authorization = req.headers.authorization;
    const match = authorization === undefined ? null : AUTHORIZATION.exec(authorization);
    if (!match) throw new Unauthorized("Authorization header missing or malformed");
    const [, accessKey = "", signedList = "", signature = ""] = match;
    const credential = options.credentials.get(accessKey);
    if (!credential) throw new Unauthorized("unknown access key");
    const signedHeaders = signedList.split(";");
    if (signedHeaders.join(";") !== [...signedHeaders].sort().join(";")) {
      throw new Unauthorized("SignedHeaders not sorted");
    }
    if (!signedHeaders.includes("x-sdk-date")) throw new Unauthorized("x-sdk-date not signed");

    const sdkDate = headerValue(req, "x-sdk-date");
    const parts = sdkDate === undefined ? null : SDK_DATE.exec(sdkDate);
    if (!parts || sdkDate === undefined) throw new Unauthorized("X-Sdk-Date missing or malformed");
    const [, y, mo, d, h, mi, s] = parts.map(Number);
    const signedAt = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
    if (Math.abs(now() - signedAt) > MAX_SKEW_MS) {
      throw new Unauthorized("X-Sdk-Date is more than 15 minutes off");
    }

    if (credential.securityToken !== undefined) {
      if (headerValue(req, "x-security-token") !== credential.securityToken) {
        throw new Unauthorized("X-Security-Token missing or wrong");
      }
      if (!signedHeaders.includes("x-security-token")) {
        throw new Unauthorized("x-security-token not signed");
      }
    }

    let canonicalHeaders = "";
    for (const name of signedHeaders) {
      const value = headerValue(req, name);
      if (value === undefined) throw new Unauthorized(`signed header ${name} not sent`);
      canonicalHeaders += `${name}:${value.trim()}\n`;
    }

    const queryStart = url.indexOf("?");
    const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
    const rawQuery = queryStart === -1 ? "" : url.slice(queryStart + 1);
    const canonicalRequest = [
      method,
      gatewayCanonicalUri(rawPath),
      gatewayCanonicalQuery(rawQuery),
      canonicalHeaders,
      signedList,
      createHash("sha256").update(body).digest("hex"),
    ].join("\n");
    const stringToSign = [
      "SDK-HMAC-SHA256",
      sdkDate,
      createHash("sha256").update(canonicalRequest, "utf8").digest("hex"),
    ].join("\n");
    const expected = createHmac("sha256", Buffer.from(credential.secretKey, "utf8"))
      .update(stringToSign, "utf8")
      .digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) {
      throw new Unauthorized("signature does not match");
    }
    return { method, url, headers: req.headers, body, accessKey, signedHeaders };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    rejections,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A header as received; repeated ones joined by ", " as HTTP allows. */
function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Decodes %XX escapes to bytes; anything else is taken as its UTF-8 bytes. */
function unescapeToBytes(text: string, plusIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  const source = Buffer.from(text, "utf8");
  for (let i = 0; i < source.length; i++) {
    const byte = source[i] as number;
    const hex = source.subarray(i + 1, i + 3).toString("latin1");
    if (byte === 0x25 && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(plusIsSpace && byte === 0x2b ? 0x20 : byte);
    }
  }
  return Buffer.from(bytes);
}

/** Encodes each byte except A-Z a-z 0-9 - _ . ~ as %XX. */
function escapeBytes(bytes: Buffer): string {
  let out = "";
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && UNRESERVED_BYTE.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function gatewayCanonicalUri(rawPath: string): string {
  const canonical = rawPath
    .split("/")
    .map((segment) => escapeBytes(unescapeToBytes(segment, false)))
    .join("/");
  return canonical.endsWith("/") ? canonical : `${canonical}/`;
}

function gatewayCanonicalQuery(rawQuery: string): string {
  const pairs: Array<[string, string]> = [];
  for (const piece of rawQuery.split("&")) {
    if (piece === "") continue;
    const at = piece.indexOf("=");
    const key = unescapeToBytes(at === -1 ? piece : piece.slice(0, at), true).toString("utf8");
    const value = at === -1 ? "" : unescapeToBytes(piece.slice(at + 1), true).toString("utf8");
    pairs.push([key, value]);
  }
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs
    .map(
      ([key, value]) =>
        `${escapeBytes(Buffer.from(key, "utf8"))}=${escapeBytes(Buffer.from(value, "utf8"))}`,
    )
    .join("&");
}
