import type { Fetch } from "../connect.js";
import { EXIT } from "../exit-codes.js";
import { describeNetworkFailure } from "./network-failure.js";
import type { ProxyInEffect } from "./proxy-in-effect.js";
import type { CheckResult } from "./verdict.js";

/** The longest the endpoint check waits: a reachable gateway answers in well under a second. */
export const REACH_DEADLINE_MS = 10_000;

/** The gateway's Date header and this machine's clock when the answer came. */
export interface Clocks {
  /** The Date header, in ms since 1970; undefined when the answer had none. */
  gateway: number | undefined;
  local: number;
}

/**
 * Check 2: one unsigned GET of the endpoint's root, through the proxy in effect. Any HTTP answer
 * means the endpoint is reachable; its Date header is the gateway's clock, read before anything
 * signed is sent.
 */
export async function endpointCheck(
  send: Fetch,
  endpoint: URL,
  proxy: ProxyInEffect,
  deadlineMs: number,
): Promise<{ result: CheckResult; clocks?: Clocks }> {
  const started = performance.now();
  const via = proxy.url === undefined ? "" : ` through the proxy ${proxy.url}`;
  const request = new Request(new URL("/", endpoint), { signal: AbortSignal.timeout(deadlineMs) });
  try {
    const response = await send(request);
    const local = Date.now();
    await response.body?.cancel();
    // Note: Node's fetch follows the Request's signal only while the Request lives: it is kept
    // until the answer is done with.
    request.signal.throwIfAborted();
    const date = response.headers.get("date");
    const took = Math.round(performance.now() - started);
    return {
      result: {
        verdict: "pass",
        detail: `${endpoint.origin} answered HTTP ${response.status} in ${took} ms${via}`,
      },
      clocks: { gateway: date === null ? undefined : Date.parse(date), local },
    };
  } catch (error) {
    const failure = describeNetworkFailure(error, endpoint.host, deadlineMs, proxy.url);
    return { result: { verdict: "fail", ...failure, exitCode: EXIT.error } };
  }
}
