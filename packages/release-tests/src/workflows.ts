import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { repoRoot } from "./paths.js";

/** The scripts that are the one definition of the install and the build: .ci/run and every workflow call them. */
export const SHARED_SCRIPTS = {
  install: "scripts/ci/install.sh",
  build: "scripts/ci/build.sh",
} as const;

/** The folder of the GitHub Actions workflows. */
export const workflowsDir = join(repoRoot, ".github", "workflows");

/** A step of a workflow job, as far as these tests read it. */
export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}

/** A workflow job, as far as these tests read it. */
export interface Job {
  "runs-on"?: string;
  container?: string | { image: string };
  permissions?: Record<string, string>;
  environment?: { name: string; url?: string };
  steps: Step[];
}

/** A parsed workflow file. */
export interface Workflow {
  file: string;
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

/** Every workflow file, parsed. */
export function workflows(): Workflow[] {
  return readdirSync(workflowsDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => ({ file, ...parse(readFileSync(join(workflowsDir, file), "utf8")) }));
}

/** The one job of a workflow (one job per workflow file). */
export function onlyJob(workflow: Workflow): Job {
  const jobs = Object.values(workflow.jobs);
  if (jobs.length !== 1) throw new Error(`${workflow.file} has ${jobs.length} jobs, not one`);
  return jobs[0] as Job;
}

/** The `run` commands of a job, one per line. */
export function commands(job: Job): string[] {
  return job.steps
    .flatMap((step) => (step.run ?? "").split("\n"))
    .map((line) => line.trim())
    .filter(Boolean);
}
