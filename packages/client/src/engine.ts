/**
 * What sends one attempt and reads the whole answer. In Node (and Bun, Deno) the client uses
 * node:http(s) with keep-alive, reached without an import through process.getBuiltinModule: Node's
 * fetch builds and tears down several objects per call, which costs more than the rest of the client
 * together. Elsewhere, or when a `fetch` is given, fetch it is.
 */

/** One attempt, as the transport hands it over. */
export interface Outgoing {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer> | null;
  signal: AbortSignal;
}

/** A complete answer: the body has been read. */
export interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer>;
}

/** Sends one attempt; rejects on a network failure, an abort, or a body cut short. */
export type Engine = (outgoing: Outgoing) => Promise<Answer>;

/** An engine on a fetch function: the global one, or the caller's. */
export function fetchEngine(fetch: (request: Request) => Promise<Response>): Engine {
  return async ({ method, url, headers, body, signal }) => {
    const request = new Request(url, { method, headers, body, signal });
    const response = await fetch(request);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Note: Node's Request follows `signal` through a weak reference; the request must stay reachable
    // until the body is read, or a collected Request silently stops relaying the timeout's abort.
    request.signal.throwIfAborted();
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: bytes,
    };
  };
}

/** The slice of node:http(s) and node:zlib used here, typed locally so the package needs no Node types. */
interface NodeHttp {
  Agent: new (options: { keepAlive: boolean }) => unknown;
  request(url: string, options: object, callback: (response: Incoming) => void): ClientRequest;
}
interface ClientRequest {
  on(event: "error", listener: (error: Error) => void): void;
  end(body?: Uint8Array): void;
}
interface Incoming extends AsyncIterable<Uint8Array> {
  statusCode?: number;
  statusMessage?: string;
  rawHeaders: string[];
}
interface NodeZlib {
  gunzipSync(data: Uint8Array): Uint8Array<ArrayBuffer>;
  inflateSync(data: Uint8Array): Uint8Array<ArrayBuffer>;
  brotliDecompressSync(data: Uint8Array): Uint8Array<ArrayBuffer>;
}

function builtin<T>(id: string): T | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  try {
    return runtime?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

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
  const decoders: Record<string, (data: Uint8Array) => Uint8Array<ArrayBuffer>> = {
    gzip: zlib.gunzipSync,
    "x-gzip": zlib.gunzipSync,
    deflate: zlib.inflateSync,
    br: zlib.brotliDecompressSync,
  };

  return ({ method, url, headers, body, signal }) =>
    new Promise<Answer>((resolve, reject) => {
      const protocol = url.startsWith("https:") ? "https:" : "http:";
      const { module, agent } = agents[protocol];
      const outgoing: Record<string, string> = {};
      headers.forEach((value, name) => {
        outgoing[name] = value;
      });
      if (body !== null) outgoing["content-length"] = String(body.byteLength);
      const request = module.request(
        url,
        { method, headers: outgoing, agent, signal },
        (response) => {
          read(response)
            .then((bytes) => {
              const answerHeaders = new Headers();
              const raw = response.rawHeaders;
              for (let i = 0; i < raw.length; i += 2) {
                answerHeaders.append(raw[i] as string, raw[i + 1] as string);
              }
              const encoding = answerHeaders.get("content-encoding")?.trim().toLowerCase();
              const decode = encoding ? decoders[encoding] : undefined;
              resolve({
                status: response.statusCode ?? 0,
                statusText: response.statusMessage ?? "",
                headers: answerHeaders,
                body: decode && bytes.byteLength > 0 ? decode(bytes) : bytes,
              });
            })
            .catch(reject);
        },
      );
      request.on("error", reject);
      request.end(body ?? undefined);
    });
}

async function read(response: Incoming): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  // Note: iterating rejects when the connection closes before the declared length has come.
  for await (const chunk of response) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
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

/** The engine a client uses: on the `fetch` it was given, else node:http, else the global fetch. */
export function chooseEngine(fetch: ((request: Request) => Promise<Response>) | undefined): Engine {
  if (fetch) return fetchEngine(fetch);
  return nodeHttpEngine() ?? fetchEngine((request) => globalThis.fetch(request));
}
