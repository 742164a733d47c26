import { DlfValidationError, type ValidationRule } from "./errors.js";

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

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const int32 = integer(INT32_MIN, INT32_MAX);
// Note: int64 in the SDK models; a JavaScript number holds it exactly up to 2^53 only.
const int64 = integer(Number.MIN_SAFE_INTEGER);
const offset = integer(0, INT32_MAX);

/**
 * What the spec says each input's fields are (each constraint has its source there: the API page or
 * the SDK model), and which are required.
 */
const SHAPES = {
  pendingItemsQuery: {
    submit_user_name: string,
    item_name: string,
    update_type: string,
    task_type: string,
    start_time: string,
    end_time: string,
    limit: integer(1, 100),
    offset,
  },
  releasePackagesFilter: {
    key_word: string,
    apply_user_name: string,
    deploy_user_name: string,
    apply_begin_time: int64,
    apply_end_time: int64,
    deploy_begin_time: int64,
    deploy_end_time: int64,
    apply_user_name_filter: arrayOf(string, "strings"),
    deploy_user_name_filter: arrayOf(string, "strings"),
    deploy_status_filter: arrayOf(oneOf([1, 2, 3, 5]), "deploy statuses (1, 2, 3, 5)"),
    sorted_direction: string,
    order_column: string,
    limit: int32,
    offset,
  },
  releaseRequest: {
    apply_user_id: string,
    package_name: string,
    pending_item_list: arrayOf(string, "strings"),
    approver_ids: arrayOf(string, "strings"),
  },
} satisfies Record<string, Shape>;

const REQUIRED: Partial<Record<keyof typeof SHAPES, readonly string[]>> = {
  releaseRequest: ["apply_user_id", "package_name", "pending_item_list", "approver_ids"],
};

/**
 * This client's own rules on top of the spec's, against typos that the service may take silently
 * (a release of nothing, for no one). Beside these, an unknown field is refused everywhere.
 */
const CLIENT_RULES: Partial<Record<keyof typeof SHAPES, Shape>> = {
  releaseRequest: {
    apply_user_id: nonEmptyString,
    package_name: nonEmptyString,
    pending_item_list: arrayOf(nonEmptyString, "pending item ids", { nonEmpty: true }),
    approver_ids: arrayOf(nonEmptyString, "user ids", { nonEmpty: true }),
  },
};

/** Said of a value that only this client refuses, so that the reader knows the service may not. */
const CLIENT_RULE = "(a rule of this client, not of the API)";

/**
 * Checks an object's fields against a shape, naming the field at fault (`name.field`, or the bare
 * field without a name) before anything is sent. An unknown field is refused; an `undefined` one
 * counts as absent. `rule` says whose rules `shape` and `required` are; `clientRules` are checked
 * after them.
 */
export function checkFields(
  shape: Shape,
  input: unknown,
  where: string,
  name: string,
  { required = [], rule = "client", clientRules = {} }: FieldRules = {},
): void {
  const field = (key: string) => (name === "" ? key : `${name}.${key}`);
  const notAnObject = object(input);
  if (notAnObject) throw new DlfValidationError(name || "options", notAnObject, where, rule);
  for (const key of required) {
    if ((input as Record<string, unknown>)[key] === undefined) {
      throw new DlfValidationError(field(key), "is required", where, rule);
    }
  }
  // Note: the shape's rules first over every field, so that a value the spec refuses is reported
  // as such even when another field breaks only one of the client's own rules.
  const entries = Object.entries(input as object).filter(([, value]) => value !== undefined);
  for (const [key, value] of entries) {
    // Note: own keys only, or `constructor` and friends would pass for fields.
    const problem = Object.hasOwn(shape, key) ? shape[key]?.(value) : undefined;
    if (problem) throw new DlfValidationError(field(key), problem, where, rule);
  }
  for (const [key, value] of entries) {
    if (!Object.hasOwn(shape, key)) {
      const known = `is unknown (known: ${Object.keys(shape).join(", ")})`;
      throw new DlfValidationError(
        field(key),
        rule === "spec" ? `${known} ${CLIENT_RULE}` : known,
        where,
      );
    }
    const problem = Object.hasOwn(clientRules, key) ? clientRules[key]?.(value) : undefined;
    if (problem) throw new DlfValidationError(field(key), `${problem} ${CLIENT_RULE}`, where);
  }
}

/** Whose rules a shape is, which of its fields are required, and the client's rules on top. */
interface FieldRules {
  required?: readonly string[] | undefined;
  rule?: ValidationRule;
  clientRules?: Shape | undefined;
}

/** Checks one of the operations' inputs against the spec, then against the client's own rules. */
export function validateInput(
  kind: keyof typeof SHAPES,
  input: unknown,
  where: string,
  name: string,
): void {
  checkFields(SHAPES[kind], input, where, name, {
    required: REQUIRED[kind],
    rule: "spec",
    clientRules: CLIENT_RULES[kind],
  });
}

/** Checks an id that goes into the path: a non-empty string that is not a dot segment. */
export function validateId(value: unknown, where: string, name: string): string {
  const problem = nonEmptyString(value);
  if (problem) throw new DlfValidationError(name, problem, where, "spec");
  // Note: URLs resolve "." and ".." segments, so such an id would call another path.
  if (/^\.{1,2}$/.test(value as string)) {
    throw new DlfValidationError(name, 'must not be "." or ".."', where, "spec");
  }
  return value as string;
}
