import { startMock } from "@dlf-release/spec/mock";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock that serves the bundled spec. */
    mockUrl: string;
  }
}

/** One Prism mock for the run, stopped (and waited for) afterwards. */
export default async function setup(project: TestProject) {
  const mock = await startMock();
  project.provide("mockUrl", mock.url);
  return mock.stop;
}
