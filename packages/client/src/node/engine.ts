/**
 * node:http(s) with keep-alive agents, reached without an import through
 * process.getBuiltinModule: Node's fetch builds and tears down several objects per call, which
 * costs more than the rest of the client together.
 */

import { type Answer, type Engine, headerValue } from "../engine.js";
import { builtin } from "./builtin.js";

/** The slice of node:http(s) and node:zlib used here, typed locally so the package needs no Node types. */
interface NodeHttp {
  Agent: new (options: { keepAlive: boolean }) => unknown;
  request(url: string, options: object, callback: (response: Incoming) => void): ClientRequest;
}
interface ClientRequest {
  on(event: "error", listener: (error: Error) => void): void;
  end(body?: Uint8Array): void;
  destroy(error: Error): void;
}
interface Incoming {
  statusCode?: number;
  statusMessage?: string;
  rawHeaders: string[];
  on(event: "data", listener: (chunk: Uint8Array) => void): void;
  on(event: "end" | "close", listener: () => void): void;
  on(event: "error", listener: (error: Error) => void): void;
}
interface NodeZlib {
  gunzipSync(data: Uint8Array): Uint8Array<ArrayBuffer>;
  inflateSync(data: Uint8Array): Uint8Array<ArrayBuffer>;
  brotliDecompressSync(data: Uint8Array): Uint8Array<ArrayBuffer>;
}

type Decoder = (data: Uint8Array) => Uint8Array<ArrayBuffer>;

/** An engine on node:http and node:https with keep-alive agents; undefined where there is none. */
export function nodeHttpEngine(): Engine | undefined {
  const http = builtin<NodeHttp>("node:http");
  const https = builtin<NodeHttp>("node:https");
  const zlib = builtin<NodeZlib>("node:zlib");
  if (!http || !https || !zlib) return undefined;
  const agents = {
    "http:": { module: http, agent: new http.Agent({ keepAlive: true }) },
    "https:": { module: https, agent: new https.Agent({ keepAlive: true }) },
  };
  const decoders: Record<string, Decoder> = {
    gzip: zlib.gunzipSync,
    "x-gzip": zlib.gunzipSync,
    deflate: zlib.inflateSync,
    br: zlib.brotliDecompressSync,
  };

  return ({ method, url, headers, body }) => {
    const { module, agent } = agents[url.startsWith("https:") ? "https:" : "http:"];
    const outgoing =
      body === null ? headers : { ...headers, "content-length": String(body.byteLength) };
    let request: ClientRequest | undefined;
    let fail: (error: Error) => void = () => undefined;
    const answer = new Promise<Answer>((resolve, reject) => {
      fail = reject;
      request = module.request(url, { method, headers: outgoing, agent }, (response) => {
        receive(response, decoders, resolve, reject);
      });
      request.on("error", reject);
      request.end(body ?? undefined);
    });
    return {
      answer,
      abort(reason) {
        const error = abortError(reason);
        fail(error);
        request?.destroy(error);
      },
    };
  };
}

/** Reads a whole answer; rejects when the connection closes before the declared length has come. */
function receive(
  response: Incoming,
  decoders: Record<string, Decoder>,
  resolve: (answer: Answer) => void,
  reject: (error: Error) => void,
): void {
  const chunks: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  response.on("data", (chunk) => {
    chunks.push(chunk);
    length += chunk.byteLength;
  });
  response.on("error", reject);
  // Note: "close" without "end" is a body cut short; the error is made only then, since making
  // one on every answer costs more than reading it.
  response.on("close", () => {
    if (!ended) reject(prematureClose());
  });
  response.on("end", () => {
    ended = true;
    try {
      const bytes = concat(chunks, length);
      const encoding = headerValue(response.rawHeaders, "content-encoding")?.trim().toLowerCase();
      const decode = encoding ? decoders[encoding] : undefined;
      resolve({
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? "",
        headers: response.rawHeaders,
        body: decode && bytes.byteLength > 0 ? decode(bytes) : bytes,
      });
    } catch (error) {
      reject(error as Error);
    }
  });
}

function concat(chunks: Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  // Note: Node's chunks are views on ArrayBuffers (never shared ones), so the cast holds.
  if (chunks.length === 1) return chunks[0] as Uint8Array<ArrayBuffer>;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The error Node's streams give a body that ends before its end, as reading it with for-await did. */
function prematureClose(): Error {
  return Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" });
}

/** The error node:http gives a request aborted through its `signal`, with the reason as cause. */
function abortError(reason: unknown): Error {
  const error = new Error("The operation was aborted", { cause: reason });
  return Object.assign(error, { name: "AbortError", code: "ABORT_ERR" });
}
