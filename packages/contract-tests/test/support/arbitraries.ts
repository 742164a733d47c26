import fc from "fast-check";
import { deref, spec } from "./spec.js";

// Inputs for property-based tests, generated from the request schemas of the bundled spec: the
// query parameters, path parameters (other than project_id, which is the client's setting) or
// JSON request body of each operation. `validInput` gives inputs the spec accepts;
// `invalidInput` breaks exactly one constraint of one field and says which.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** The input of one operation: its query or path parameters by name, or its body. */
export type Input = { [field: string]: Json };
export type Location = "query" | "path" | "body";

/** The subset of JSON Schema the spec's request schemas use; anything else is refused. */
export interface Schema {
  type?: "string" | "integer" | "array" | "object";
  format?: "int32" | "int64";
  enum?: Json[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
  default?: Json;
}

/** How an invalid input breaks the spec. */
export type MutationKind =
  | "wrong-type"
  | "empty-string"
  | "below-range"
  | "above-range"
  | "outside-enum"
  | "too-short"
  | "pattern-mismatch"
  | "too-few-items"
  | "missing-required"
  | "unknown-property";

/** One way to break one field, before values are picked. `*` stands for any array element. */
export interface MutationSite {
  kind: MutationKind;
  path: (string | "*")[];
  /** Where the field travels. */
  location: Location;
  /**
   * Whether the break survives serialization, so that a server can see it. A number in a string
   * query parameter, say, is sent as text and becomes valid; the client can still refuse it.
   */
  onTheWire: boolean;
}

/** An input that breaks the spec in one place. */
export interface InvalidInput {
  input: Input;
  kind: MutationKind;
  /** The top-level field at fault (for unknown-property: the unknown name). */
  field: string;
  /** Where exactly, e.g. ["deploy_status_filter", 2]. */
  path: (string | number)[];
  onTheWire: boolean;
  /** What was done, for counterexample reports. */
  why: string;
}

/** The input schema of an operation and where each field travels. */
export interface OperationInput {
  operationId: string;
  schema: Schema & { properties: Record<string, Schema> };
  location: Record<string, Location>;
}

const CONSTRAINTS = new Set([
  "type",
  "format",
  "enum",
  "minimum",
  "maximum",
  "minLength",
  "pattern",
  "minItems",
  "items",
  "properties",
  "required",
  "additionalProperties",
  "default",
]);
const ANNOTATIONS = new Set(["description", "example", "examples", "title", "$comment"]);
const RANGES = {
  int32: { min: -(2 ** 31), max: 2 ** 31 - 1 },
  // Note: int64 goes beyond 2^53, but no JavaScript number (client or test) holds such a value exactly.
  int64: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
} as const;

type Node = Record<string, unknown>;

/**
 * Resolves `$ref`s (merging their sibling keywords, as 3.1 does) and checks that the schema stays
 * within the subset this module understands, so that a new constraint in the spec fails loudly
 * here instead of yielding "valid" inputs that are not.
 */
export function normalize(node: unknown, at: string): Schema {
  if (typeof node !== "object" || node === null) throw new Error(`${at}: not a schema`);
  let merged: Node = { ...(node as Node) };
  if (typeof merged.$ref === "string") {
    const { $ref, ...siblings } = merged;
    const target = normalize(deref({ $ref }), `${at} -> ${$ref}`) as Node;
    for (const [key, value] of Object.entries(siblings)) {
      if (ANNOTATIONS.has(key) || !(key in target)) continue;
      if (JSON.stringify(target[key]) !== JSON.stringify(value)) {
        throw new Error(`${at}: ${key} differs from the one of ${String($ref)}`);
      }
    }
    merged = { ...siblings, ...target };
  }
  const schema: Node = {};
  for (const [key, value] of Object.entries(merged)) {
    if (ANNOTATIONS.has(key)) continue;
    if (!CONSTRAINTS.has(key)) throw new Error(`${at}: keyword ${key} is not supported`);
    schema[key] = value;
  }
  if (!["string", "integer", "array", "object"].includes(schema.type as string)) {
    throw new Error(`${at}: type ${String(schema.type)} is not supported`);
  }
  const format = schema.format;
  if (format !== undefined && !(schema.type === "integer" && String(format) in RANGES)) {
    throw new Error(`${at}: format ${String(schema.format)} is not supported`);
  }
  if (schema.items !== undefined) schema.items = normalize(schema.items, `${at}.items`);
  if (schema.properties !== undefined) {
    schema.properties = Object.fromEntries(
      Object.entries(schema.properties as Node).map(([name, property]) => [
        name,
        normalize(property, `${at}.${name}`),
      ]),
    );
  }
  return schema as Schema;
}

/** The input of an operation of the bundled spec: its JSON body, or its query and path parameters. */
export function operationInput(operationId: string): OperationInput {
  for (const item of Object.values(spec.paths as unknown as Record<string, Record<string, Node>>)) {
    for (const op of Object.values(item)) {
      if (op.operationId !== operationId) continue;
      const body = op.requestBody as Node | undefined;
      if (body) {
        const content = deref(body).content as Record<string, { schema: unknown }>;
        const schema = normalize(content["application/json"]?.schema, `${operationId} body`);
        if (schema.type !== "object" || !schema.properties) {
          throw new Error(`${operationId}: the body is not an object with properties`);
        }
        const location = Object.fromEntries(
          Object.keys(schema.properties).map((name) => [name, "body" as const]),
        );
        return { operationId, schema: { ...schema, properties: schema.properties }, location };
      }
      const properties: Record<string, Schema> = {};
      const required: string[] = [];
      const location: Record<string, Location> = {};
      for (const ref of (op.parameters ?? []) as Node[]) {
        const parameter = deref(ref) as {
          name: string;
          in: string;
          required?: boolean;
          schema: unknown;
        };
        const wanted =
          parameter.in === "query" || (parameter.in === "path" && parameter.name !== "project_id");
        if (!wanted) continue;
        properties[parameter.name] = normalize(
          parameter.schema,
          `${operationId} ${parameter.name}`,
        );
        location[parameter.name] = parameter.in as Location;
        if (parameter.required) required.push(parameter.name);
      }
      // Note: OpenAPI says nothing of unknown query parameters, so additionalProperties stays open.
      return { operationId, schema: { type: "object", properties, required }, location };
    }
  }
  throw new Error(`no operation ${operationId} in the bundled spec`);
}

function integerRange(schema: Schema): { min: number; max: number } {
  const format = RANGES[schema.format ?? "int64"];
  return {
    min: Math.max(schema.minimum ?? format.min, format.min),
    max: Math.min(schema.maximum ?? format.max, format.max),
  };
}

/** Counts code points, as JSON Schema's minLength does. */
const codePoints = (text: string) => [...text].length;

// Strings that URL and query encoding must get right; all valid wherever a string is.
const EDGE_STRINGS = [
  " ",
  ".",
  "..",
  "/",
  "?",
  "#",
  "%",
  "&",
  "=",
  "+",
  "a b",
  "ü",
  "日本",
  "😀",
  "\n",
];

/** Strings built to match a pattern, or undefined where fast-check cannot (e.g. lookaheads). */
function patternArbitrary(pattern: RegExp): fc.Arbitrary<string> | undefined {
  try {
    return fc.stringMatching(pattern);
  } catch {
    return undefined;
  }
}

/** Values that `schema` accepts. `force` makes the properties along a path present. */
export function validValue(schema: Schema, force: (string | "*")[] = []): fc.Arbitrary<Json> {
  let base: fc.Arbitrary<Json>;
  if (schema.enum) {
    base = fc.constantFrom(...schema.enum);
  } else if (schema.type === "integer") {
    base = fc.integer(integerRange(schema));
  } else if (schema.type === "string") {
    const minLength = schema.minLength ?? 0;
    const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern, "u");
    const fits = (s: string) => codePoints(s) >= minLength && (pattern?.test(s) ?? true);
    const edges = EDGE_STRINGS.filter(fits);
    const matching = pattern ? patternArbitrary(pattern) : undefined;
    base = fc
      .oneof(
        {
          arbitrary: fc.string({ minLength, maxLength: minLength + 20, unit: "grapheme" }),
          weight: 3,
        },
        { arbitrary: fc.string({ minLength, maxLength: minLength + 20 }), weight: 3 },
        ...(matching ? [{ arbitrary: matching, weight: 6 }] : []),
        ...(edges.length > 0 ? [{ arbitrary: fc.constantFrom(...edges), weight: 1 }] : []),
      )
      .filter(fits);
  } else if (schema.type === "array") {
    if (!schema.items) throw new Error("an array schema without items");
    const minLength = schema.minItems ?? 0;
    base = fc.array(validValue(schema.items), { minLength, maxLength: minLength + 4 });
  } else {
    const properties = schema.properties ?? {};
    const [first, ...rest] = force;
    const required = new Set(schema.required ?? []);
    if (first !== undefined && first !== "*") required.add(first);
    const model = Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [
        name,
        validValue(property, name === first ? rest : []),
      ]),
    );
    return fc.record(model, { requiredKeys: [...required].filter((name) => name in properties) });
  }
  return schema.default === undefined
    ? base
    : fc.oneof(
        { arbitrary: fc.constant(schema.default), weight: 1 },
        { arbitrary: base, weight: 4 },
      );
}

/** Valid inputs of an operation. */
export function validInput(operationId: string): fc.Arbitrary<Input> {
  return validValue(operationInput(operationId).schema) as fc.Arbitrary<Input>;
}

/** Every way to break one constraint of the input of an operation. */
export function mutationSites(operationId: string): MutationSite[] {
  const { schema, location } = operationInput(operationId);
  const sites: MutationSite[] = [];
  const visit = (node: Schema, path: (string | "*")[]) => {
    const where = path[0] === undefined ? "body" : (location[path[0]] ?? "body");
    const add = (kind: MutationKind, onTheWire: boolean, at = path) =>
      sites.push({ kind, path: at, location: location[at[0] ?? ""] ?? "body", onTheWire });
    if (node.type === "object") {
      for (const name of node.required ?? []) {
        // Note: openapi-fetch leaves {name} in the URL for a missing path parameter.
        add("missing-required", location[name] !== "path", [...path, name]);
      }
      if (node.additionalProperties === false) add("unknown-property", true, [...path, "?"]);
      for (const [name, property] of Object.entries(node.properties ?? {})) {
        visit(property, [...path, name]);
      }
      return;
    }
    // Note: in a query or path, every value is sent as text: a wrong type is only seen where the
    // text cannot be read as the right type.
    add("wrong-type", where === "body" || node.type !== "string");
    if (node.type === "integer" || node.type === "array") add("empty-string", true);
    if (node.enum) add("outside-enum", true);
    if (node.type === "integer" && !node.enum) {
      const range = integerRange(node);
      if (range.min > Number.MIN_SAFE_INTEGER) add("below-range", true);
      if (range.max < Number.MAX_SAFE_INTEGER) add("above-range", true);
    }
    if (node.type === "string" && (node.minLength ?? 0) > 0) add("too-short", true);
    // Note: the one path pattern refuses "." and "..", which the URL resolves away before sending.
    if (node.type === "string" && node.pattern !== undefined) {
      add("pattern-mismatch", where !== "path");
    }
    if (node.type === "array") {
      if ((node.minItems ?? 0) > 0) add("too-few-items", true);
      if (node.items) visit(node.items, [...path, "*"]);
    }
  };
  visit(schema, []);
  return sites;
}

/** Values of the wrong JSON type for `schema`; in a query, only those whose text is still wrong. */
function wrongType(schema: Schema, where: Location): fc.Arbitrary<Json> {
  if (schema.type === "integer") {
    const text = fc
      .string({ minLength: 1 })
      .filter((s) => s.trim() !== "" && Number.isNaN(Number(s)));
    const fraction = fc
      .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
      .filter((n) => !Number.isInteger(n));
    // Note: Prism reads query text as a number where JavaScript can ("0x10", " 1"): such text is
    // valid there. Two values of one query parameter make an array, which is not an integer.
    if (where !== "body") return fc.oneof(text, fc.boolean(), fraction, fc.constant<Json>([1, 2]));
    return fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fraction, fc.array(fc.integer()));
  }
  if (schema.type === "string") {
    return fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 2 }),
    );
  }
  if (schema.type === "array") {
    return fc.oneof(
      fc.string({ minLength: 1 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant({}),
    );
  }
  return fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant<Json>([]));
}

/** Values that break `kind` of `schema`, with a description. */
function breaking(
  schema: Schema,
  kind: MutationKind,
  where: Location,
): fc.Arbitrary<[Json, string]> {
  const say = (text: (value: Json) => string) => (value: Json) =>
    [value, text(value)] as [Json, string];
  switch (kind) {
    case "wrong-type":
      return wrongType(schema, where).map(
        say((v) => `${JSON.stringify(v)} instead of ${schema.type}`),
      );
    case "empty-string":
      return fc.constant("").map(say(() => `"" for ${schema.type}`));
    case "below-range": {
      const { min } = integerRange(schema);
      return fc
        .oneof(
          fc.constant(min - 1),
          fc.integer({ min: Math.max(min - 1e9, Number.MIN_SAFE_INTEGER), max: min - 1 }),
        )
        .map(say((v) => `${v}, below ${min}`));
    }
    case "above-range": {
      const { max } = integerRange(schema);
      return fc
        .oneof(
          fc.constant(max + 1),
          fc.integer({ min: max + 1, max: Math.min(max + 1e9, Number.MAX_SAFE_INTEGER) }),
        )
        .map(say((v) => `${v}, above ${max}`));
    }
    case "outside-enum": {
      const allowed = schema.enum ?? [];
      const candidates: fc.Arbitrary<Json> =
        schema.type === "integer" ? fc.integer(integerRange(schema)) : fc.string();
      return candidates
        .filter((v) => !allowed.includes(v))
        .map(say((v) => `${JSON.stringify(v)}, not one of ${allowed.join(", ")}`));
    }
    case "too-short": {
      const minLength = schema.minLength ?? 0;
      return fc
        .string({ maxLength: minLength - 1 })
        .filter((s) => codePoints(s) < minLength)
        .map(say((v) => `${JSON.stringify(v)}, shorter than ${minLength}`));
    }
    case "pattern-mismatch": {
      const pattern = new RegExp(schema.pattern ?? "", "u");
      const minLength = schema.minLength ?? 0;
      return fc
        .oneof(fc.constantFrom(...EDGE_STRINGS), fc.string({ minLength }))
        .filter((s) => codePoints(s) >= minLength && !pattern.test(s))
        .map(say((v) => `${JSON.stringify(v)}, not matching ${pattern.source}`));
    }
    case "too-few-items": {
      const minItems = schema.minItems ?? 0;
      if (!schema.items) throw new Error("an array schema without items");
      return fc
        .array(validValue(schema.items), { maxLength: minItems - 1 })
        .map(say((v) => `${JSON.stringify(v)}, fewer than ${minItems} items`));
    }
    default:
      throw new Error(`${kind} is not a value mutation`);
  }
}

function schemaAt(root: Schema, path: (string | "*")[]): Schema {
  let node = root;
  for (const segment of path) {
    const next = segment === "*" ? node.items : node.properties?.[segment];
    if (!next) throw new Error(`no schema at ${path.join(".")}`);
    node = next;
  }
  return node;
}

/** Invalid inputs of an operation that break one site. */
export function invalidInputAt(
  operationId: string,
  site: MutationSite,
): fc.Arbitrary<InvalidInput> {
  const { schema, location } = operationInput(operationId);
  const [field, ...inner] = site.path;
  if (field === undefined || field === "*") throw new Error("a site must start at a field");
  if (inner.some((segment) => segment !== "*") || inner.length > 1) {
    throw new Error(`mutations below ${field}[*] are not supported`);
  }
  const where = location[field] ?? "body";
  const known = Object.keys(schema.properties);
  const base = validValue(
    schema,
    site.kind === "missing-required" ? [] : [field],
  ) as fc.Arbitrary<Input>;
  const result = (
    input: Input,
    path: (string | number)[],
    why: string,
    name = field,
  ): InvalidInput => ({
    input,
    kind: site.kind,
    field: name,
    path,
    onTheWire: site.onTheWire,
    why: `${site.kind} at ${path.join(".")}: ${why}`,
  });

  if (site.kind === "missing-required") {
    return base.map((input) => {
      const { [field]: _, ...rest } = input;
      return result(rest, [field], `${field} left out`);
    });
  }
  if (site.kind === "unknown-property") {
    // Note: names that plain objects inherit are a classic trap for a lookup of known fields.
    const inherited = fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype));
    const name = fc
      .oneof({ arbitrary: fc.stringMatching(/^[a-z][a-z_]{0,15}$/), weight: 3 }, inherited)
      .filter((n) => !known.includes(n));
    return fc
      .tuple(base, name, fc.oneof(fc.string(), fc.integer(), fc.boolean()))
      .map(([input, unknown, value]) =>
        result(
          { ...input, [unknown]: value },
          [unknown],
          `${unknown} = ${JSON.stringify(value)}`,
          unknown,
        ),
      );
  }
  const bad = breaking(schemaAt(schema, site.path), site.kind, where);
  if (inner.length === 0) {
    return fc
      .tuple(base, bad)
      .map(([input, [value, why]]) => result({ ...input, [field]: value }, [field], why));
  }
  // An element of an array field: the other elements stay valid.
  return fc.tuple(base, bad, fc.nat()).map(([input, [value, why], n]) => {
    const items = [...((input[field] as Json[] | undefined) ?? [])];
    const index = n % (items.length + 1);
    items.splice(index, 0, value);
    return result({ ...input, [field]: items }, [field, index], why);
  });
}

/** Invalid inputs of an operation, each breaking one of `sites` (by default all of them). */
export function invalidInput(
  operationId: string,
  sites: MutationSite[] = mutationSites(operationId),
): fc.Arbitrary<InvalidInput> {
  return fc.oneof(...sites.map((site) => invalidInputAt(operationId, site)));
}
