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
export const arrayOf =
  (item: Check, what: string, { nonEmpty = false } = {}): Check =>
  (v) =>
    Array.isArray(v) && (!nonEmpty || v.length > 0) && v.every((x) => item(x) === undefined)
      ? undefined
      : `must be ${nonEmpty ? "a non-empty" : "an"} array of ${what}`;

/** The subset of JSON Schema that the spec's inputs use (scripts/generate-wire.js refuses more). */
export interface Schema {
  readonly type?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly enum?: readonly unknown[];
  readonly items?: Schema;
}

/** An object's properties and the names it requires, as the spec gives them. */
export interface ObjectSchema {
  readonly properties: Readonly<Record<string, Schema>>;
  readonly required: readonly string[];
}

// Note: int64 in the SDK models; a JavaScript number holds it exactly up to 2^53 only.
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** The check a schema stands for, with a message that says what was expected. */
function checkOf(schema: Schema): Check {
  if (schema.enum) return oneOf(schema.enum);
  switch (schema.type) {
    case "integer": {
      const [low, high] = RANGES[schema.format ?? "int64"] ?? RANGES.int64 ?? [];
      return integer(
        Math.max(schema.minimum ?? Number.MIN_SAFE_INTEGER, low as number),
        Math.min(schema.maximum ?? Number.MAX_SAFE_INTEGER, high as number),
      );
    }
    case "array": {
      const item = checkOf(schema.items ?? {});
      return (v) => {
        if (!Array.isArray(v)) return "must be an array";
        const index = v.findIndex((x) => item(x) !== undefined);
        return index === -1 ? undefined : `must be an array; item ${index} ${item(v[index])}`;
      };
    }
    case "string": {
      const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern, "u");
      return (v) => {
        if (typeof v !== "string") return "must be a string";
        if (v.length < (schema.minLength ?? 0)) return "must be a non-empty string";
        return pattern && !pattern.test(v) ? `must match /${schema.pattern}/` : undefined;
      };
    }
    default:
      return anything;
  }
}

/** The checks of an object schema's properties. */
export function shapeOf(schema: ObjectSchema): Shape {
  return Object.fromEntries(
    Object.entries(schema.properties).map(([name, property]) => [name, checkOf(property)]),
  );
}

/** Said of a value that only this client refuses, so that the reader knows the service may not. */
const CLIENT_RULE = "(a rule of this client, not of the API)";

/** Whose rules a shape is, which of its fields are required, and the client's rules on top. */
export interface FieldRules {
  required?: readonly string[] | undefined;
  rule?: ValidationRule;
  clientRules?: Shape | undefined;
}

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
