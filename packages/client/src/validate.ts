import { DlfValidationError } from "./errors.js";

/** Says what a value should have been, or undefined when it is fine. */
export type Check = (value: unknown) => string | undefined;

/** The fields an object may have, each with its check. */
export type Shape = Readonly<Record<string, Check>>;

export const anything: Check = () => undefined;
export const string: Check = (v) => (typeof v === "string" ? undefined : "must be a string");
export const nonEmptyString: Check = (v) =>
  typeof v === "string" && v !== "" ? undefined : "must be a non-empty string";
export const func: Check = (v) => (typeof v === "function" ? undefined : "must be a function");
export const object: Check = (v) =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? undefined : "must be an object";
export const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v) =>
    Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max
      ? undefined
      : `must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}`;
export const oneOf =
  (values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v) ? undefined : `must be one of ${values.map(String).join(", ")}`;
const arrayOf =
  (item: Check, what: string, { nonEmpty = false } = {}): Check =>
  (v) =>
    Array.isArray(v) && (!nonEmpty || v.length > 0) && v.every((x) => item(x) === undefined)
      ? undefined
      : `must be ${nonEmpty ? "a non-empty" : "an"} array of ${what}`;

const INT32_MAX = 2 ** 31 - 1;
const limit = integer(1, 100);
const offset = integer(0, INT32_MAX);
const timestamp = integer(0);

/** The fields each input accepts; an unknown field is refused rather than silently dropped. */
const SHAPES = {
  pendingItemsQuery: {
    submit_user_name: string,
    item_name: string,
    update_type: string,
    task_type: string,
    start_time: string,
    end_time: string,
    limit,
    offset,
  },
  releasePackagesFilter: {
    key_word: string,
    apply_user_name: string,
    deploy_user_name: string,
    apply_begin_time: timestamp,
    apply_end_time: timestamp,
    deploy_begin_time: timestamp,
    deploy_end_time: timestamp,
    apply_user_name_filter: arrayOf(string, "strings"),
    deploy_user_name_filter: arrayOf(string, "strings"),
    deploy_status_filter: arrayOf(oneOf([1, 2, 3, 5]), "deploy statuses (1, 2, 3, 5)"),
    sorted_direction: string,
    order_column: string,
    limit,
    offset,
  },
  releaseRequest: {
    apply_user_id: nonEmptyString,
    package_name: nonEmptyString,
    pending_item_list: arrayOf(nonEmptyString, "pending item ids", { nonEmpty: true }),
    approver_ids: arrayOf(nonEmptyString, "user ids", { nonEmpty: true }),
  },
} satisfies Record<string, Shape>;

const REQUIRED: Partial<Record<keyof typeof SHAPES, readonly string[]>> = {
  releaseRequest: ["apply_user_id", "package_name", "pending_item_list", "approver_ids"],
};

/**
 * Checks an object's fields against a shape, naming the field at fault (`name.field`, or the bare
 * field without a name) before anything is sent. An unknown field is refused; an `undefined` one
 * counts as absent.
 */
export function checkFields(
  shape: Shape,
  input: unknown,
  where: string,
  name: string,
  required: readonly string[] = [],
): void {
  const field = (key: string) => (name === "" ? key : `${name}.${key}`);
  const notAnObject = object(input);
  if (notAnObject) throw new DlfValidationError(name || "options", notAnObject, where);
  for (const key of required) {
    if ((input as Record<string, unknown>)[key] === undefined) {
      throw new DlfValidationError(field(key), "is required", where);
    }
  }
  for (const [key, value] of Object.entries(input as object)) {
    if (value === undefined) continue;
    // Note: own keys only, or `constructor` and friends would pass for fields.
    const check = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!check) {
      throw new DlfValidationError(
        field(key),
        `is unknown (known: ${Object.keys(shape).join(", ")})`,
        where,
      );
    }
    const problem = check(value);
    if (problem) throw new DlfValidationError(field(key), problem, where);
  }
}

/** Checks one of the operations' inputs against the fields the API accepts. */
export function validateInput(
  kind: keyof typeof SHAPES,
  input: unknown,
  where: string,
  name: string,
): void {
  checkFields(SHAPES[kind], input, where, name, REQUIRED[kind]);
}

/** Checks an id that goes into the path: a non-empty string that is not a dot segment. */
export function validateId(value: unknown, where: string, name: string): string {
  const problem = nonEmptyString(value);
  if (problem) throw new DlfValidationError(name, problem, where);
  // Note: URLs resolve "." and ".." segments, so such an id would call another path.
  if (/^\.{1,2}$/.test(value as string)) {
    throw new DlfValidationError(name, 'must not be "." or ".."', where);
  }
  return value as string;
}
