/** What a check found: it passed, it warns (the job still works), it failed, or it was not run. */
export type Verdict = "pass" | "warn" | "fail" | "skip";

/** The outcome of one check of `doctor`. */
export interface CheckResult {
  verdict: Verdict;
  /** What was found, in one line. */
  detail: string;
  /** What to do about it, for a warning or a failure. */
  fix?: string | undefined;
  /** Lines under the verdict: the settings read, each drift found. */
  findings?: string[] | undefined;
  /** For a failure: the exit code it means. */
  exitCode?: number | undefined;
}

/** A check that was not run, and why. */
export const skipped = (detail: string): CheckResult => ({ verdict: "skip", detail });
