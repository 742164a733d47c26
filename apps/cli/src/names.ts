// The API's enum values as people say them; the spec's descriptions are the source.

/** Names a user may give for a value of an API enum, by value. */
export type EnumNames = Record<number, string>;

/** deploy_status of a release package. */
export const DEPLOY_STATUS: EnumNames = { 1: "review", 2: "released", 3: "failed", 5: "releasing" };
/** task_type of a pending item. */
export const TASK_TYPE: EnumNames = { 1: "job", 2: "script" };
/** task_type of a task in a package (3: a resource). */
export const TASK_DETAIL_TYPE: EnumNames = { 1: "job", 2: "script", 3: "resource" };
/** update_type of a pending item or task. */
export const UPDATE_TYPE: EnumNames = { 1: "new", 2: "change", 3: "delete" };
/** start_job_status of a task. */
export const START_JOB_STATUS: EnumNames = { 2: "started", 3: "failed" };

/** Longer words for a package's status, for progress lines. */
export const STATUS_PHRASE: EnumNames = {
  1: "waiting for review",
  2: "released",
  3: "failed",
  5: "being released",
};

/** The name of a value, or the number itself when the service sends one the spec does not list. */
export function nameOf(names: EnumNames, value: number | undefined): string {
  if (value === undefined) return "";
  return names[value] ?? String(value);
}
