import { DEPLOY_STATUS, nameOf, STATUS_PHRASE } from "../names.js";
import type { Messages } from "../output/stderr.js";
import { formatElapsed } from "../output/table.js";
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

/** Starts reporting the wait for a package; on a terminal the elapsed time ticks every second. */
export function startProgress(messages: Messages, packageId: string, startedAt: number): Progress {
  let last: PackageDetail | undefined;
  let lastChange: string | undefined;
  const render = () => {
    if (!last) return;
    const pkg = last.release_package;
    const tasks = last.task_details;
    const done = tasks.filter((task) => task.deploy_status === 2).length;
    const failed = tasks.filter((task) => task.deploy_status === 3).length;
    const status =
      STATUS_PHRASE[pkg.deploy_status ?? 0] ?? nameOf(DEPLOY_STATUS, pkg.deploy_status);
    const change = `${status}|${done}|${failed}`;
    // Note: off a terminal only a change is news; a line per poll would flood a CI log.
    if (!messages.live && change === lastChange) return;
    lastChange = change;
    const name = pkg.package_name ? ` (${pkg.package_name})` : "";
    const elapsed = formatElapsed(performance.now() - startedAt);
    const tally = `tasks ${done}/${tasks.length} done, ${failed} failed`;
    messages.status(`package ${packageId}${name}: ${status} · ${elapsed} · ${tally}`);
  };
  const clock = messages.live ? setInterval(render, 1000) : undefined;
  clock?.unref();
  return {
    update(detail) {
      last = detail;
      render();
    },
    note(text) {
      messages.line(messages.style.yellow(text));
    },
    stop() {
      if (clock) clearInterval(clock);
      messages.end();
    },
  };
}
