import type { Fetch } from "../connect.js";

/** The proxy variables in effect, lower case first, as curl and undici read them. */
export interface ProxySettings {
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string | undefined;
}

/** HTTP_PROXY, HTTPS_PROXY and NO_PROXY (or their lower-case forms) from an environment. */
export function proxySettings(env: Record<string, string | undefined>): ProxySettings {
  const read = (name: string) => env[name.toLowerCase()] || env[name] || undefined;
  return {
    httpProxy: read("HTTP_PROXY"),
    httpsProxy: read("HTTPS_PROXY"),
    noProxy: read("NO_PROXY"),
  };
}

/** Whether any request may go through a proxy. */
export const usesProxy = (proxy: ProxySettings) =>
  proxy.httpProxy !== undefined || proxy.httpsProxy !== undefined;

/**
 * A fetch that goes through the proxies named, on undici's EnvHttpProxyAgent (which honours
 * NO_PROXY). Loaded only when a proxy is set, so that a direct run never reads undici.
 */
export async function proxyFetch(proxy: ProxySettings): Promise<Fetch> {
  const { EnvHttpProxyAgent, fetch } = await import("undici");
  const dispatcher = new EnvHttpProxyAgent({
    ...(proxy.httpProxy !== undefined && { httpProxy: proxy.httpProxy }),
    ...(proxy.httpsProxy !== undefined && { httpsProxy: proxy.httpsProxy }),
    ...(proxy.noProxy !== undefined && { noProxy: proxy.noProxy }),
  });
  // Note: undici's fetch would read a Request of Node's own undici as a plain URL, dropping its
  // method, headers and body; so the request is handed over as its parts.
  return async (request) =>
    (await fetch(request.url, {
      method: request.method,
      headers: [...request.headers],
      body: request.body ? await request.arrayBuffer() : null,
      signal: request.signal,
      dispatcher,
    })) as unknown as Response;
}
