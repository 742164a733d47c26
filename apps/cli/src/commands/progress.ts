import { DEPLOY_STATUS, nameOf, STATUS_PHRASE } from "../names.js";
import type { Messages } from "../output/stderr.js";
import { formatElapsed } from "../output/table.js";
import { taskFailed } from "../verdict.js";
import type { PackageDetail } from "./show.js";

/** Reports a wait on stderr: a live line on a terminal, a plain line per change elsewhere. */
export interface Progress {
  /** The package as last seen. */
  update(detail: PackageDetail): void;
  /** Something worth saying while waiting (a transient error). */
  note(text: string): void;
  /** Stops the live line's clock. */
  stop(): void;
}

/** Off a terminal, the line is printed again after this long without a change. */
export const HEARTBEAT_MS = 5 * 60_000;

/**
 * Starts reporting the wait for a package; on a terminal the elapsed time ticks every second, and
 * elsewhere (a CI log) the line comes again every `heartbeatMs` while nothing changes, so that a
 * job with a silence limit (CircleCI's no_output_timeout) is not killed mid-wait.
 */
export function startProgress(
  messages: Messages,
  packageId: string,
  startedAt: number,
  heartbeatMs = HEARTBEAT_MS,
): Progress {
  let last: PackageDetail | undefined;
  let lastChange: string | undefined;
  let printedAt = performance.now();
  const render = (heartbeat = false) => {
    if (!last) return;
    const pkg = last.release_package;
    const tasks = last.task_details;
    const done = tasks.filter((task) => task.deploy_status === 2).length;
    const failed = tasks.filter(taskFailed).length;
    const status =
      STATUS_PHRASE[pkg.deploy_status ?? 0] ?? nameOf(DEPLOY_STATUS, pkg.deploy_status);
    const change = `${status}|${done}|${failed}`;
    // Note: off a terminal only a change is news; a line per poll would flood a CI log.
    if (!messages.live && change === lastChange && !heartbeat) return;
    lastChange = change;
    printedAt = performance.now();
    const name = pkg.package_name ? ` (${pkg.package_name})` : "";
    const elapsed = formatElapsed(performance.now() - startedAt);
    const tally = `tasks ${done}/${tasks.length} done, ${failed} failed`;
    const still = heartbeat ? "still " : "";
    messages.status(`package ${packageId}${name}: ${still}${status} · ${elapsed} · ${tally}`);
  };
  const clock = messages.live
    ? setInterval(render, 1000)
    : setInterval(
        () => {
          if (performance.now() - printedAt >= heartbeatMs) render(true);
        },
        Math.min(heartbeatMs, 60_000),
      );
  clock.unref();
  return {
    update(detail) {
      last = detail;
      render();
    },
    note(text) {
      messages.line(messages.style.yellow(text));
    },
    stop() {
      clearInterval(clock);
      messages.end();
    },
  };
}
