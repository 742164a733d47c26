import type { ProxySettings } from "../network/proxy.js";

/** The proxy a request to `url` goes through under these settings, or why none. */
export interface ProxyInEffect {
  /** The proxy's URL with any password masked; undefined when requests go direct. */
  url: string | undefined;
  /** The variable it came from, or why there is none. */
  because: string;
}

/** Which proxy undici's EnvHttpProxyAgent picks for `url`: HTTPS_PROXY (else HTTP_PROXY), unless NO_PROXY lists the host. */
export function proxyInEffect(proxy: ProxySettings, url: URL): ProxyInEffect {
  const https = url.protocol === "https:";
  const chosen = https ? (proxy.httpsProxy ?? proxy.httpProxy) : proxy.httpProxy;
  if (chosen === undefined) return { url: undefined, because: "no HTTP(S)_PROXY is set" };
  if (bypassed(url, proxy.noProxy)) {
    return { url: undefined, because: `NO_PROXY (${proxy.noProxy}) lists ${url.hostname}` };
  }
  const variable = https && proxy.httpsProxy !== undefined ? "HTTPS_PROXY" : "HTTP_PROXY";
  return { url: masked(chosen), because: variable };
}

/** NO_PROXY as curl reads it: "*", or host names and domain suffixes, each with an optional port. */
function bypassed(url: URL, noProxy: string | undefined): boolean {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return (noProxy ?? "")
    .split(/[,\s]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === "*") return true;
      const [host = "", entryPort] = entry.toLowerCase().split(":");
      if (entryPort !== undefined && entryPort !== port) return false;
      const domain = host.replace(/^\*?\./, "");
      return url.hostname === domain || url.hostname.endsWith(`.${domain}`);
    });
}

/** A proxy URL fit to print: its user name and password hidden. */
function masked(proxyUrl: string): string {
  if (!URL.canParse(proxyUrl)) return proxyUrl.replace(/\/\/[^@/]*@/, "//***@");
  const url = new URL(proxyUrl);
  if (url.username || url.password) {
    url.username = "***";
    url.password = "";
  }
  return url.href.replace(/\/$/, "");
}
