import { EXIT } from "../exit-codes.js";
import type { Clocks } from "./endpoint.js";
import type { CheckResult } from "./verdict.js";

/** The gateway refuses an AK/SK signature made further than this from its own clock (APIG.0303). */
export const SIGNATURE_WINDOW_MS = 15 * 60_000;
/** A drift past this is worth fixing before it reaches the window. */
const DRIFT_WARNING_MS = 60_000;
/** The Date header counts whole seconds. */
const DATE_RESOLUTION_MS = 1000;

const FIX =
  "set the clock right and keep it so: timedatectl set-ntp true (or chrony / ntpd); in a container, the host's clock";

/** Check 3: this machine's clock against the gateway's Date header. */
export function clockCheck(clocks: Clocks, signs: boolean): CheckResult {
  if (clocks.gateway === undefined || Number.isNaN(clocks.gateway)) {
    return {
      verdict: "warn",
      detail: "the endpoint's answer had no readable Date header: the clock was not compared",
    };
  }
  // Note: the header drops the milliseconds, so the gateway's time lies within a second after it.
  const offset = clocks.gateway + DATE_RESOLUTION_MS / 2 - clocks.local;
  const drift = Math.max(0, Math.abs(offset) - DATE_RESOLUTION_MS / 2);
  const side = offset > 0 ? "behind" : "ahead of";
  const said = `this machine's clock is ${formatDrift(Math.abs(offset))} ${side} the gateway's`;
  if (drift > SIGNATURE_WINDOW_MS) {
    return signs
      ? {
          verdict: "fail",
          detail: `${said}: AK/SK signatures will be refused (401 APIG.0303), past the 15-minute window`,
          fix: FIX,
          exitCode: EXIT.error,
        }
      : {
          verdict: "warn",
          detail: `${said}: token calls are not signed, but AK/SK calls would be refused (APIG.0303)`,
          fix: FIX,
        };
  }
  if (drift > DRIFT_WARNING_MS) {
    return {
      verdict: "warn",
      detail: `${said}; AK/SK signatures are refused past 15 minutes`,
      fix: FIX,
    };
  }
  return {
    verdict: "pass",
    detail: `within ${formatDrift(drift + DATE_RESOLUTION_MS)} of the gateway's clock`,
  };
}

/** 17m 3s, 42s. */
function formatDrift(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours > 0) return `${hours}h ${minutes % 60}m`;
  return minutes > 0 ? `${minutes}m ${seconds % 60}s` : `${seconds}s`;
}
