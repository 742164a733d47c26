import { startMock, startProxy } from "@dlf-release/spec/mock";
import type { TestProject } from "vitest/node";
import { LIVE_ENV, liveTarget } from "./target.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock that serves the bundled spec (mock runs). */
    mockUrl: string;
    /** Base URL of `prism proxy` in front of the real service (live runs with a token). */
    proxyUrl: string | undefined;
  }
}

/**
 * A mock run starts one Prism mock; a live run (DLF_CONTRACT_TARGET=live) starts `prism proxy` in
 * front of the service instead. Either is stopped, and waited for, after the run.
 */
export default async function setup(project: TestProject) {
  const live = liveTarget();
  if (!live) {
    console.log(`live contract tests were not run: this run is against the mock (set ${LIVE_ENV})`);
    const mock = await startMock();
    project.provide("mockUrl", mock.url);
    project.provide("proxyUrl", undefined);
    return mock.stop;
  }
  console.log(
    `live contract tests against ${live.baseUrl}: ${[
      live.token && "token calls through prism proxy",
      live.akSk && "AK/SK-signed calls sent directly",
    ]
      .filter(Boolean)
      .join(", ")}`,
  );
  const proxy = live.token ? await startProxy(live.baseUrl) : undefined;
  project.provide("mockUrl", "");
  project.provide("proxyUrl", proxy?.url);
  return proxy?.stop;
}
