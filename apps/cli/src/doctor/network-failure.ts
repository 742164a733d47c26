/** A failed connection, named: what happened and what to do. */
export interface NetworkFailure {
  detail: string;
  fix: string;
}

/** The TLS errors of a certificate that Node does not trust, as a TLS-intercepting proxy causes. */
const UNTRUSTED = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
]);

/** An error's cause chain (fetch wraps the socket's error in a TypeError), outermost first. */
function chain(error: unknown): Array<Error & { code?: string; hostname?: string; port?: number }> {
  const errors = [];
  for (let at = error; at instanceof Error && errors.length < 8; at = at.cause) errors.push(at);
  return errors;
}

/**
 * Why a request to `host` got no answer, by the cause's code: the name, a refusal, a hang, TLS,
 * or the proxy. `proxy` is the proxy in effect, if any.
 */
export function describeNetworkFailure(
  error: unknown,
  host: string,
  deadlineMs: number,
  proxy: string | undefined,
): NetworkFailure {
  const errors = chain(error);
  const codeOf = (code: (c: string) => boolean) => errors.find((e) => e.code && code(e.code));
  const via = proxy === undefined ? "" : ` (through the proxy ${proxy})`;
  if (errors.some((e) => e.name === "TimeoutError")) {
    return {
      detail: `no answer from ${host} within ${deadlineMs / 1000}s${via}: the connection hangs`,
      fix:
        proxy === undefined
          ? "a firewall drops the packets, or the machine needs a proxy: set HTTPS_PROXY"
          : "the proxy does not forward to the endpoint: check HTTPS_PROXY, or list the host in NO_PROXY",
    };
  }
  const dns = codeOf((code) => ["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL"].includes(code));
  if (dns) {
    return {
      detail: `the name ${dns.hostname ?? host} does not resolve (${dns.code})`,
      fix:
        dns.hostname !== undefined && dns.hostname !== host
          ? "check the proxy's host name in HTTPS_PROXY"
          : "check --region or --base-url, and the machine's DNS",
    };
  }
  const refused = codeOf((code) => code === "ECONNREFUSED");
  if (refused) {
    const proxyRefused = proxy !== undefined && refused.port === Number(new URL(proxy).port || 80);
    return {
      detail: proxyRefused
        ? `the proxy ${proxy} refused the connection`
        : `${host} refused the connection${via}`,
      fix: proxyRefused
        ? "nothing listens at the proxy's address: check HTTPS_PROXY"
        : "check the port in --base-url; a firewall may refuse it",
    };
  }
  const tls = codeOf((code) => UNTRUSTED.has(code));
  if (tls) {
    return {
      detail: `TLS failed: the certificate chain of ${host} is not trusted (${tls.code})`,
      fix: "a proxy that intercepts TLS sends its own certificate: give Node its CA with NODE_EXTRA_CA_CERTS=/path/to/proxy-ca.pem",
    };
  }
  const tunnel = errors.map((e) => /Proxy response \((\d+)\)/.exec(e.message)).find(Boolean);
  if (tunnel) {
    return {
      detail: `the proxy ${proxy} answered HTTP ${tunnel[1]} when asked to reach ${host}`,
      fix:
        tunnel[1] === "407"
          ? "the proxy wants credentials: http://user:password@host:port in HTTPS_PROXY"
          : "the proxy does not allow the endpoint: ask its admins, or list the host in NO_PROXY",
    };
  }
  const other = codeOf((code) => code.length > 0);
  const tlsOther = other?.code?.startsWith("ERR_TLS") || /CERT|SSL/.test(other?.code ?? "");
  return {
    detail: `${tlsOther ? "TLS failed" : "the connection failed"}: ${other?.code ?? errors.at(-1)?.message ?? String(error)}${via}`,
    fix: tlsOther
      ? "check the endpoint's certificate, and NODE_EXTRA_CA_CERTS if a proxy intercepts TLS"
      : "check the network between this machine and the endpoint",
  };
}
