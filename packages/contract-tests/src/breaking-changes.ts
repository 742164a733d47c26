/**
 * Breaking changes between two bundled OpenAPI 3.1 documents (spec/dist/openapi.json): the last released version and
 * the current one. "Breaking" means: a caller written against the released version may fail against the current
 * one, either because a request it sends is no longer accepted (requests must not narrow) or because a response
 * may contain what it does not expect (responses must not lose fields or widen).
 *
 * Operations are matched by operationId and by method + path: an operationId that stays while its method or path
 * changes is `path-or-method-changed`; an operationId that disappears is `operation-removed` (a renamed operationId
 * is a removal plus an addition; the operation now at the same method + path, if any, is still compared).
 *
 * Detected (kind: what):
 * - operation-removed: an operation (operationId, or method + path without one) is gone.
 * - path-or-method-changed: the operationId stays, its method or path changes.
 * - parameter-removed: a parameter is gone (matched by location and name; header names ignore case). A required
 *   header that is dropped is NOT reported: every caller already sends it, servers and proxies ignore unknown
 *   headers, so all requests stay valid; had it been renamed, the new name is a new required parameter (reported).
 *   Dropped optional headers, and dropped query and cookie parameters, are reported: a caller that used them loses
 *   what they did (a filter, a paging option) without any error.
 * - parameter-became-required: an optional parameter became required, or a new required parameter appeared.
 * - parameter-location-changed: a parameter keeps its name and moves (query to header...).
 * - request-body-became-required: a request body was added as required, or an optional one became required.
 * - request-field-removed: a request body property (or the request body) is gone.
 * - request-field-became-required: a request property became required, or a new required property appeared.
 * - request-type-narrowed: a request schema (body or parameter) accepts less: type set narrowed (integer accepted
 *   where number was counts as narrower), format narrowed (int64 to int32, double to float, a format added or
 *   changed), enum values removed or an enum added, minimum/exclusiveMinimum/minLength/minItems/minProperties
 *   raised, the maximums lowered, multipleOf added or changed, pattern added or changed, uniqueItems added,
 *   additionalProperties false added, a oneOf/anyOf variant removed, a media type no longer accepted.
 * - response-field-removed: a response body property or a response header is gone.
 * - response-type-changed: a response schema may return what it did not: type set widened or changed, format
 *   widened or removed (int32 to int64), enum values added or the enum removed, bounds loosened, pattern removed or
 *   changed, a new oneOf/anyOf variant, a required response property or header became optional, a media type is no
 *   longer returned.
 * - response-status-removed: a success (2xx) response status is gone (e.g. 200 replaced by 201).
 * - security-changed: a released way to authenticate (security requirement alternative, with its scopes) is no
 *   longer accepted, or a security scheme in use changed its type, location, name or HTTP scheme.
 *
 * Schemas: local `$ref`s ("#/..."; others throw) are followed, `$ref` siblings are merged into the target (3.1
 * allows them), allOf is flattened into one schema (properties merged, required united, other keywords: the last
 * one wins, not the strictest), oneOf/anyOf variants are paired (same $ref, else equal, else same type set, else in
 * order) and compared, array items and object properties recursively. Recursion stops when a pair of schema nodes
 * is met again on the way down (recursive schemas).
 *
 * Not detected (on purpose or beyond reason here):
 * - webhooks, callbacks, links, servers (a changed server URL or base path), path-level `servers`;
 * - parameter style/explode/allowReserved/allowEmptyValue, request/response encodings;
 * - a renamed path parameter with an unchanged path is the path changing; the path parameters of a moved
 *   operation are not compared (path-or-method-changed says it all);
 * - new response statuses or media types (an unexpected error or format a client cannot handle), removed error
 *   (non-2xx) statuses, new required response headers;
 * - readOnly/writeOnly, deprecated, default values (a changed default changes behaviour silently), nullable
 *   expressed through oneOf with {type: null} beyond the variant rule, discriminator/mapping, not, if/then/else,
 *   dependentRequired/dependentSchemas, patternProperties/propertyNames, prefixItems/contains,
 *   unevaluatedProperties, const/enum equality beyond JSON equality, content* keywords;
 * - additionalProperties in responses (adding response fields is fine), a switch between oneOf and anyOf, the
 *   exclusivity of oneOf, allOf conflicts resolved by strictness;
 * - OAuth2 flows and scopes definitions (only requirement scopes are compared);
 * - semantic changes with the same shape (a field that now means something else, a changed unit).
 * Shared schemas are compared at every place they are used, so one change may be listed at several locations.
 */

/** A kind of breaking change. */
export type BreakingChangeKind =
  | "operation-removed"
  | "path-or-method-changed"
  | "parameter-removed"
  | "parameter-became-required"
  | "parameter-location-changed"
  | "request-body-became-required"
  | "request-field-removed"
  | "request-field-became-required"
  | "request-type-narrowed"
  | "response-field-removed"
  | "response-type-changed"
  | "response-status-removed"
  | "security-changed";

export interface BreakingChange {
  kind: BreakingChangeKind;
  /** Where, in the released document's terms: "POST /v2/{project_id}/factory/release-packages requestBody.limit". */
  location: string;
  /** What changed, for a human. */
  message: string;
}

/** A bundled OpenAPI 3.1 document, as parsed JSON. */
export type OpenApiDocument = { readonly [key: string]: unknown };

/** The breaking changes from `released` to `current` (two bundled OpenAPI 3.1 documents). */
export function findBreakingChanges(
  released: OpenApiDocument,
  current: OpenApiDocument,
): BreakingChange[] {
  return new Comparison(released, current).run();
}

/** One line per change, for a failure message. */
export function formatBreakingChanges(changes: readonly BreakingChange[]): string {
  return changes.map((c) => `- ${c.kind} at ${c.location}: ${c.message}`).join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// JSON helpers

type Obj = { readonly [key: string]: unknown };
type Direction = "request" | "response";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function obj(node: Obj, key: string): Obj | undefined {
  const value = node[key];
  return isObj(value) ? value : undefined;
}
function entries(node: Obj, key: string): [string, unknown][] {
  return Object.entries(obj(node, key) ?? {});
}
function list(node: Obj, key: string): unknown[] {
  const value = node[key];
  return Array.isArray(value) ? value : [];
}
function str(node: Obj, key: string): string | undefined {
  const value = node[key];
  return typeof value === "string" ? value : undefined;
}
function num(node: Obj, key: string): number | undefined {
  const value = node[key];
  return typeof value === "number" ? value : undefined;
}
function strings(node: Obj, key: string): string[] {
  return list(node, key).filter((v): v is string => typeof v === "string");
}
const json = (value: unknown): string => JSON.stringify(value) ?? "undefined";

// ---------------------------------------------------------------------------------------------------------------
// $ref resolution

class Resolver {
  constructor(private readonly doc: Obj) {}

  /** What a local JSON pointer ("#/components/schemas/X") points at. */
  private lookup(ref: string): unknown {
    if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported, not ${ref}`);
    let target: unknown = this.doc;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
      target = isObj(target)
        ? target[key]
        : Array.isArray(target)
          ? target[Number(key)]
          : undefined;
      if (target === undefined) throw new Error(`dangling $ref ${ref}`);
    }
    return target;
  }

  /** A parameter, request body, response, header or path item: follows its $ref chain (siblings ignored). */
  object(node: unknown): Obj | undefined {
    const seen = new Set<string>();
    let current = node;
    while (isObj(current) && typeof current.$ref === "string") {
      if (seen.has(current.$ref)) throw new Error(`circular $ref ${current.$ref}`);
      seen.add(current.$ref);
      current = this.lookup(current.$ref);
    }
    return isObj(current) ? current : undefined;
  }

  /**
   * A schema as one object: $ref followed with its siblings merged in, allOf flattened. Nested schemas
   * (properties, items, variants) stay as they are and are resolved when compared.
   */
  schema(node: unknown, seen: ReadonlySet<string> = new Set()): Obj {
    if (node === false) return { enum: [] }; // accepts nothing
    if (!isObj(node)) return {}; // true, or missing: accepts anything
    let result: Obj = node;
    const ref = str(node, "$ref");
    if (ref !== undefined) {
      if (seen.has(ref)) return {}; // a $ref chain that loops without structure
      const { $ref: _, ...siblings } = node;
      result = mergeSchemas(this.schema(this.lookup(ref), new Set([...seen, ref])), siblings);
    }
    if (Array.isArray(result.allOf)) {
      const { allOf, ...rest } = result;
      result = allOf.reduce<Obj>(
        (merged, member) => mergeSchemas(merged, this.schema(member, seen)),
        rest,
      );
    }
    return result;
  }
}

function mergeSchemas(a: Obj, b: Obj): Obj {
  const merged: Record<string, unknown> = { ...a, ...b };
  if (a.properties !== undefined || b.properties !== undefined) {
    merged.properties = { ...obj(a, "properties"), ...obj(b, "properties") };
  }
  if (a.required !== undefined || b.required !== undefined) {
    merged.required = [...new Set([...strings(a, "required"), ...strings(b, "required")])];
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------------------------
// Schema keywords

/** The JSON types a schema accepts, undefined for "anything". oneOf/anyOf without a type: their union. */
function typeSet(resolver: Resolver, schema: Obj, depth = 0): Set<string> | undefined {
  const type = schema.type;
  if (typeof type === "string" || Array.isArray(type)) {
    const types = new Set((Array.isArray(type) ? type : [type]).map(String));
    if (schema.nullable === true) types.add("null"); // OpenAPI 3.0 leftovers
    return types;
  }
  const variants = variantsOf(schema);
  if (variants.length === 0 || depth > 8) return undefined;
  const union = new Set<string>();
  for (const variant of variants) {
    const types = typeSet(resolver, resolver.schema(variant), depth + 1);
    if (types === undefined) return undefined;
    for (const t of types) union.add(t);
  }
  return union;
}

function variantsOf(schema: Obj): unknown[] {
  return Array.isArray(schema.oneOf)
    ? schema.oneOf
    : Array.isArray(schema.anyOf)
      ? schema.anyOf
      : [];
}

const accepts = (types: Set<string> | undefined, type: string): boolean =>
  types === undefined || types.has(type) || (type === "integer" && types.has("number"));

const showTypes = (types: Set<string> | undefined): string =>
  types === undefined ? "any" : [...types].join("|");

/** Types that `wide` accepts and `narrow` does not. */
function lostTypes(wide: Set<string> | undefined, narrow: Set<string> | undefined): boolean {
  if (narrow === undefined) return false;
  if (wide === undefined) return true;
  return [...wide].some((t) => !accepts(narrow, t));
}

const NUMERIC_FORMAT_WIDTH: Record<string, number> = { int32: 1, int64: 2, float: 1, double: 2 };

/** `narrow` accepts less than `wide` because of its format. */
function formatNarrower(wide: string | undefined, narrow: string | undefined): boolean {
  if (wide === narrow || narrow === undefined) return false;
  const numeric = (f: string | undefined) => f === undefined || f in NUMERIC_FORMAT_WIDTH;
  if (numeric(wide) && numeric(narrow)) {
    const width = (f: string | undefined) => (f === undefined ? 3 : (NUMERIC_FORMAT_WIDTH[f] ?? 3));
    return width(narrow) < width(wide);
  }
  return true; // a string format added or changed
}

interface Bound {
  value: number;
  exclusive: boolean;
}

/** The lower or upper bound of a number, from minimum/exclusiveMinimum or maximum/exclusiveMaximum. */
function bound(schema: Obj, side: "min" | "max"): Bound | undefined {
  const inclusive = num(schema, side === "min" ? "minimum" : "maximum");
  const exclusive = num(schema, side === "min" ? "exclusiveMinimum" : "exclusiveMaximum");
  const bounds: Bound[] = [];
  if (inclusive !== undefined) bounds.push({ value: inclusive, exclusive: false });
  if (exclusive !== undefined) bounds.push({ value: exclusive, exclusive: true });
  const sign = side === "min" ? 1 : -1;
  // the tightest one: the highest minimum, the lowest maximum, exclusive before inclusive at equal values
  return bounds.sort(
    (a, b) => sign * (b.value - a.value) || Number(b.exclusive) - Number(a.exclusive),
  )[0];
}

/** `narrow`'s bound excludes values that `wide`'s accepts. */
function boundNarrower(wide: Bound | undefined, narrow: Bound | undefined, side: "min" | "max") {
  if (narrow === undefined) return false;
  if (wide === undefined) return true;
  const sign = side === "min" ? 1 : -1;
  if (narrow.value !== wide.value) return sign * (narrow.value - wide.value) > 0;
  return narrow.exclusive && !wide.exclusive;
}

const showBound = (b: Bound | undefined): string =>
  b === undefined ? "(none)" : `${b.value}${b.exclusive ? " (exclusive)" : ""}`;

const LOWER_LIMITS = ["minLength", "minItems", "minProperties"];
const UPPER_LIMITS = ["maxLength", "maxItems", "maxProperties"];

/**
 * Why the change from `rel` to `cur` breaks callers, on the keywords of one schema node (not its properties, items
 * or variants): for requests, what `cur` no longer accepts; for responses, what `cur` may return that `rel` did
 * not. Either way it is the narrower schema (`narrow`) that lacks what the wider one (`wide`) allows. Every reason
 * reads from the released to the current schema (`rel` → `cur`).
 */
function narrowingReasons(
  resolver: { released: Resolver; current: Resolver },
  rel: Obj,
  cur: Obj,
  direction: Direction,
): string[] {
  // requests: the current schema must accept what the released one did (cur must not be narrower than rel);
  // responses: the current schema must not return what the released one did not (rel must not be narrower).
  const [wide, narrow] = direction === "request" ? [rel, cur] : [cur, rel];
  const reasons: string[] = [];
  const relTypes = typeSet(resolver.released, rel);
  const curTypes = typeSet(resolver.current, cur);
  const [wideTypes, narrowTypes] =
    direction === "request" ? [relTypes, curTypes] : [curTypes, relTypes];
  if (lostTypes(wideTypes, narrowTypes)) {
    reasons.push(`type ${showTypes(relTypes)} → ${showTypes(curTypes)}`);
  }
  if (formatNarrower(str(wide, "format"), str(narrow, "format"))) {
    reasons.push(`format ${str(rel, "format") ?? "(none)"} → ${str(cur, "format") ?? "(none)"}`);
  }

  const enumOf = (s: Obj) =>
    Array.isArray(s.enum) ? s.enum : "const" in s ? [s.const] : undefined;
  const relEnum = enumOf(rel);
  const curEnum = enumOf(cur);
  const [wideEnum, narrowEnum] = direction === "request" ? [relEnum, curEnum] : [curEnum, relEnum];
  if (narrowEnum !== undefined) {
    if (wideEnum === undefined) {
      reasons.push(
        direction === "request"
          ? `enum ${json(curEnum)} added`
          : `enum ${json(relEnum)} removed (any value may be returned)`,
      );
    } else {
      const allowed = new Set(narrowEnum.map(json));
      const extra = wideEnum.filter((v) => !allowed.has(json(v)));
      if (extra.length > 0) {
        reasons.push(
          `enum values ${direction === "request" ? "removed" : "added"}: ${extra.map(json).join(", ")}`,
        );
      }
    }
  }

  for (const side of ["min", "max"] as const) {
    if (boundNarrower(bound(wide, side), bound(narrow, side), side)) {
      const [a, b] = [bound(rel, side), bound(cur, side)];
      reasons.push(`${side}imum ${showBound(a)} → ${showBound(b)}`);
    }
  }
  for (const key of [...LOWER_LIMITS, ...UPPER_LIMITS]) {
    const [w, n] = [num(wide, key), num(narrow, key)];
    const narrower =
      n !== undefined && (w === undefined || (LOWER_LIMITS.includes(key) ? n > w : n < w));
    if (narrower)
      reasons.push(`${key} ${num(rel, key) ?? "(none)"} → ${num(cur, key) ?? "(none)"}`);
  }
  const [wideStep, narrowStep] = [num(wide, "multipleOf"), num(narrow, "multipleOf")];
  if (narrowStep !== undefined && (wideStep === undefined || wideStep % narrowStep !== 0)) {
    reasons.push(
      `multipleOf ${num(rel, "multipleOf") ?? "(none)"} → ${num(cur, "multipleOf") ?? "(none)"}`,
    );
  }
  const [widePattern, narrowPattern] = [str(wide, "pattern"), str(narrow, "pattern")];
  if (narrowPattern !== undefined && narrowPattern !== widePattern) {
    reasons.push(`pattern ${str(rel, "pattern") ?? "(none)"} → ${str(cur, "pattern") ?? "(none)"}`);
  }
  if (narrow.uniqueItems === true && wide.uniqueItems !== true) {
    reasons.push(`uniqueItems ${rel.uniqueItems === true} → ${cur.uniqueItems === true}`);
  }
  // responses: new properties are fine even where additionalProperties was false
  if (
    direction === "request" &&
    cur.additionalProperties === false &&
    rel.additionalProperties !== false
  ) {
    reasons.push("additionalProperties: false added");
  }
  return reasons;
}

// ---------------------------------------------------------------------------------------------------------------
// The comparison

interface OperationInfo {
  /** "GET /v2/{project_id}/factory/pending-items" */
  key: string;
  path: string;
  pathItem: Obj;
  operation: Obj;
}

interface Parameter {
  in: string;
  name: string;
  required: boolean;
  schema: unknown;
}

class Comparison {
  private readonly changes: BreakingChange[] = [];
  private readonly resolvers: { released: Resolver; current: Resolver };
  /** Pairs of schema nodes being compared on the way down: recursion stops when one comes back. */
  private readonly ancestors = new Set<string>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  constructor(
    private readonly released: Obj,
    private readonly current: Obj,
  ) {
    this.resolvers = { released: new Resolver(released), current: new Resolver(current) };
  }

  run(): BreakingChange[] {
    this.compareOperations();
    this.compareSecuritySchemes();
    return mergeSameLocation(this.changes);
  }

  private report(kind: BreakingChangeKind, location: string, message: string): void {
    this.changes.push({ kind, location, message });
  }

  private operations(side: "released" | "current"): OperationInfo[] {
    const resolver = this.resolvers[side];
    const result: OperationInfo[] = [];
    for (const [path, raw] of entries(this[side], "paths")) {
      const pathItem = resolver.object(raw);
      if (pathItem === undefined) continue;
      for (const method of HTTP_METHODS) {
        const operation = obj(pathItem, method);
        if (operation)
          result.push({ key: `${method.toUpperCase()} ${path}`, path, pathItem, operation });
      }
    }
    return result;
  }

  private compareOperations(): void {
    const current = this.operations("current");
    const byId = new Map(current.map((op) => [str(op.operation, "operationId"), op]));
    const byKey = new Map(current.map((op) => [op.key, op]));
    for (const rel of this.operations("released")) {
      const id = str(rel.operation, "operationId");
      const sameId = id === undefined ? undefined : byId.get(id);
      const samePlace = byKey.get(rel.key);
      if (sameId) {
        if (sameId.key !== rel.key) {
          this.report(
            "path-or-method-changed",
            rel.key,
            `${id} moved from ${rel.key} to ${sameId.key}`,
          );
        }
        this.compareOperation(rel, sameId);
      } else if (id !== undefined) {
        const now = samePlace && str(samePlace.operation, "operationId");
        this.report(
          "operation-removed",
          rel.key,
          now === undefined
            ? `operation ${id} was removed`
            : `operationId ${id} was removed (${rel.key} is now ${now}: a renamed operationId breaks generated clients)`,
        );
        if (samePlace) this.compareOperation(rel, samePlace);
      } else if (samePlace) {
        this.compareOperation(rel, samePlace);
      } else {
        this.report("operation-removed", rel.key, `operation ${rel.key} was removed`);
      }
    }
  }

  private compareOperation(rel: OperationInfo, cur: OperationInfo): void {
    const pathChanged = rel.path !== cur.path;
    this.compareParameters(rel, cur, pathChanged);
    this.compareRequestBody(rel, cur);
    this.compareResponses(rel, cur);
    this.compareSecurity(rel, cur);
  }

  // -- parameters

  private parameters(side: "released" | "current", op: OperationInfo): Map<string, Parameter> {
    const resolver = this.resolvers[side];
    const result = new Map<string, Parameter>();
    // path-level parameters first, overridden by operation-level ones
    for (const raw of [...list(op.pathItem, "parameters"), ...list(op.operation, "parameters")]) {
      const p = resolver.object(raw);
      const name = p && str(p, "name");
      const location = p && str(p, "in");
      if (!p || name === undefined || location === undefined) continue;
      const content = Object.values(obj(p, "content") ?? {})[0];
      const schema = p.schema ?? (isObj(content) ? content.schema : undefined);
      result.set(paramKey(location, name), {
        in: location,
        name,
        required: p.required === true || location === "path",
        schema,
      });
    }
    return result;
  }

  private compareParameters(rel: OperationInfo, cur: OperationInfo, pathChanged: boolean): void {
    const before = this.parameters("released", rel);
    const after = this.parameters("current", cur);
    const moved = new Set<string>();
    for (const [key, p] of before) {
      const location = `${rel.key} ${p.in}.${p.name}`;
      const now = after.get(key);
      if (now) {
        if (!p.required && now.required) {
          this.report(
            "parameter-became-required",
            location,
            `${p.in} parameter ${p.name} became required`,
          );
        }
        this.compareSchema(p.schema, now.schema, "request", location);
        continue;
      }
      if (p.in === "path" && pathChanged) continue; // path-or-method-changed says it
      const elsewhere = [...after.values()].find(
        (q) => q.in !== p.in && paramKey(q.in, q.name) === paramKey(q.in, p.name),
      );
      if (elsewhere) {
        moved.add(paramKey(elsewhere.in, elsewhere.name));
        this.report(
          "parameter-location-changed",
          location,
          `parameter ${p.name} moved from ${p.in} to ${elsewhere.in}`,
        );
      } else if (p.in === "header" && p.required) {
        // Not breaking: every caller sends this header already, and an unknown header is ignored, so every request
        // stays valid. A rename shows as a new required parameter, reported below.
      } else {
        this.report("parameter-removed", location, `${p.in} parameter ${p.name} was removed`);
      }
    }
    for (const [key, p] of after) {
      if (before.has(key) || moved.has(key) || !p.required) continue;
      if (p.in === "path" && pathChanged) continue;
      this.report(
        "parameter-became-required",
        `${rel.key} ${p.in}.${p.name}`,
        `new required ${p.in} parameter ${p.name}`,
      );
    }
  }

  // -- request body

  private compareRequestBody(rel: OperationInfo, cur: OperationInfo): void {
    const before = this.resolvers.released.object(rel.operation.requestBody);
    const after = this.resolvers.current.object(cur.operation.requestBody);
    const location = `${rel.key} requestBody`;
    if (after?.required === true && before?.required !== true) {
      this.report(
        "request-body-became-required",
        location,
        before ? "the request body became required" : "a required request body was added",
      );
    }
    if (!before) return;
    if (!after) {
      this.report("request-field-removed", location, "the request body was removed");
      return;
    }
    for (const [mediaType, content] of entries(before, "content")) {
      const now = obj(after, "content")?.[mediaType];
      const where = withMediaType(location, mediaType);
      if (!isObj(now)) {
        this.report(
          "request-type-narrowed",
          where,
          `media type ${mediaType} is no longer accepted`,
        );
      } else if (isObj(content)) {
        this.compareSchema(content.schema, now.schema, "request", where);
      }
    }
  }

  // -- responses

  private compareResponses(rel: OperationInfo, cur: OperationInfo): void {
    const after = obj(cur.operation, "responses") ?? {};
    for (const [status, raw] of entries(rel.operation, "responses")) {
      const location = `${rel.key} responses.${status}`;
      const before = this.resolvers.released.object(raw);
      const now = this.resolvers.current.object(after[status]);
      if (!before) continue;
      if (!now) {
        if (/^2/.test(status))
          this.report("response-status-removed", location, `status ${status} was removed`);
        continue;
      }
      this.compareResponseHeaders(before, now, location);
      for (const [mediaType, content] of entries(before, "content")) {
        const nowContent = obj(now, "content")?.[mediaType];
        const where = withMediaType(location, mediaType);
        if (!isObj(nowContent)) {
          this.report(
            "response-type-changed",
            where,
            `media type ${mediaType} is no longer returned`,
          );
        } else if (isObj(content)) {
          this.compareSchema(content.schema, nowContent.schema, "response", where);
        }
      }
    }
  }

  private compareResponseHeaders(before: Obj, after: Obj, location: string): void {
    const nowByName = new Map(entries(after, "headers").map(([n, h]) => [n.toLowerCase(), h]));
    for (const [name, raw] of entries(before, "headers")) {
      const header = this.resolvers.released.object(raw);
      const now = this.resolvers.current.object(nowByName.get(name.toLowerCase()));
      const where = `${location} header.${name}`;
      if (!header) continue;
      if (!now) {
        this.report("response-field-removed", where, `response header ${name} was removed`);
        continue;
      }
      if (header.required === true && now.required !== true) {
        this.report("response-type-changed", where, `response header ${name} became optional`);
      }
      this.compareSchema(header.schema, now.schema, "response", where);
    }
  }

  // -- security

  private compareSecurity(rel: OperationInfo, cur: OperationInfo): void {
    const before = requirements(rel.operation.security ?? this.released.security);
    const after = requirements(cur.operation.security ?? this.current.security);
    // no requirement, or an empty one ({}), means anonymous access
    const anyone = (reqs: Requirement[]) => reqs.length === 0 || reqs.some((r) => r.size === 0);
    if (anyone(after)) return;
    for (const credentials of anyone(before) ? [new Map<string, string[]>()] : before) {
      const accepted = after.some((req) =>
        [...req].every(([scheme, scopes]) => {
          const held = credentials.get(scheme);
          return held !== undefined && scopes.every((s) => held.includes(s));
        }),
      );
      if (!accepted) {
        const what =
          credentials.size === 0
            ? "callers without credentials"
            : `callers authenticating with ${[...credentials.keys()].join(" + ")}`;
        this.report("security-changed", `${rel.key} security`, `${what} are no longer accepted`);
      }
    }
  }

  private compareSecuritySchemes(): void {
    const used = new Set<string>();
    for (const req of requirements(this.released.security))
      for (const name of req.keys()) used.add(name);
    for (const op of this.operations("released")) {
      for (const req of requirements(op.operation.security))
        for (const name of req.keys()) used.add(name);
    }
    const schemes = (doc: Obj) => obj(obj(doc, "components") ?? {}, "securitySchemes") ?? {};
    for (const name of used) {
      const before = this.resolvers.released.object(schemes(this.released)[name]);
      const after = this.resolvers.current.object(schemes(this.current)[name]);
      if (!before) continue;
      const location = `components.securitySchemes.${name}`;
      if (!after) {
        this.report("security-changed", location, `security scheme ${name} was removed`);
        continue;
      }
      for (const key of ["type", "in", "name", "scheme", "openIdConnectUrl"]) {
        const fold = (v: unknown) =>
          typeof v === "string" && (key === "scheme" || (key === "name" && before.in === "header"))
            ? v.toLowerCase()
            : v;
        if (fold(before[key]) !== fold(after[key])) {
          this.report(
            "security-changed",
            location,
            `${key} ${json(before[key])} → ${json(after[key])}`,
          );
        }
      }
    }
  }

  // -- schemas

  private id(node: unknown): number {
    if (typeof node !== "object" || node === null) return 0;
    const known = this.ids.get(node);
    if (known !== undefined) return known;
    this.nextId += 1;
    this.ids.set(node, this.nextId);
    return this.nextId;
  }

  /**
   * Compares two schemas (raw nodes, $refs unresolved) in one direction, at `location`. `released` and
   * `current` are undefined where there is no schema (anything is accepted).
   */
  private compareSchema(
    released: unknown,
    current: unknown,
    direction: Direction,
    location: string,
  ): void {
    const pair = `${this.id(released)}:${this.id(current)}`;
    if (this.ancestors.has(pair)) return; // a recursive schema came back to where it was compared already
    this.ancestors.add(pair);
    try {
      const rel = this.resolvers.released.schema(released);
      const cur = this.resolvers.current.schema(current);
      const reasons = narrowingReasons(this.resolvers, rel, cur, direction);
      if (reasons.length > 0) {
        this.report(
          direction === "request" ? "request-type-narrowed" : "response-type-changed",
          location,
          `${direction === "request" ? "accepts less than before" : "may return what it did not"}: ${reasons.join("; ")}`,
        );
      }
      this.compareProperties(rel, cur, direction, location);
      if (rel.items !== undefined || cur.items !== undefined) {
        this.compareSchema(rel.items, cur.items, direction, `${location}[]`);
      }
      if (isObj(rel.additionalProperties) && isObj(cur.additionalProperties)) {
        this.compareSchema(
          rel.additionalProperties,
          cur.additionalProperties,
          direction,
          `${location}.*`,
        );
      }
      this.compareVariants(released, current, rel, cur, direction, location);
    } finally {
      this.ancestors.delete(pair);
    }
  }

  private compareProperties(rel: Obj, cur: Obj, direction: Direction, location: string): void {
    const before = obj(rel, "properties") ?? {};
    const after = obj(cur, "properties") ?? {};
    const wasRequired = new Set(strings(rel, "required"));
    const isRequired = new Set(strings(cur, "required"));
    for (const [name, schema] of Object.entries(before)) {
      const where = `${location}.${name}`;
      if (!(name in after)) {
        this.report(
          direction === "request" ? "request-field-removed" : "response-field-removed",
          where,
          `${direction} field ${name} was removed`,
        );
        continue;
      }
      if (direction === "response" && wasRequired.has(name) && !isRequired.has(name)) {
        this.report("response-type-changed", where, `response field ${name} is no longer required`);
      }
      this.compareSchema(schema, after[name], direction, where);
    }
    if (direction === "request") {
      for (const name of isRequired) {
        if (wasRequired.has(name)) continue;
        this.report(
          "request-field-became-required",
          `${location}.${name}`,
          name in before
            ? `request field ${name} became required`
            : `new required request field ${name}`,
        );
      }
    }
  }

  /** oneOf/anyOf: each released variant must still be accepted (requests), no new variant returned (responses). */
  private compareVariants(
    released: unknown,
    current: unknown,
    rel: Obj,
    cur: Obj,
    direction: Direction,
    location: string,
  ): void {
    const before = variantsOf(rel);
    const after = variantsOf(cur);
    if (before.length === 0 && after.length === 0) return;
    // a schema without variants on one side is compared as its only variant (the raw node: its identity keeps
    // the recursion guard working)
    const relVariants = before.length > 0 ? before : [released];
    const curVariants = after.length > 0 ? after : [current];
    const pairs = this.pairVariants(relVariants, curVariants);
    for (const [r, c] of pairs.matched) this.compareSchema(r, c, direction, location);
    const lost = direction === "request" ? pairs.releasedOnly : pairs.currentOnly;
    for (const variant of lost) {
      const resolver = direction === "request" ? this.resolvers.released : this.resolvers.current;
      const what =
        str(isObj(variant) ? variant : {}, "$ref") ??
        showTypes(typeSet(resolver, resolver.schema(variant)));
      this.report(
        direction === "request" ? "request-type-narrowed" : "response-type-changed",
        location,
        direction === "request"
          ? `variant ${what} is no longer accepted`
          : `new variant ${what} may be returned`,
      );
    }
  }

  /** Pairs variants: same $ref, else equal, else same type set, else in order. */
  private pairVariants(before: unknown[], after: unknown[]) {
    const releasedOnly = [...before];
    const currentOnly = [...after];
    const matched: [unknown, unknown][] = [];
    const rules: ((r: unknown, c: unknown) => boolean)[] = [
      (r, c) => isObj(r) && isObj(c) && r.$ref !== undefined && r.$ref === c.$ref,
      (r, c) => json(r) === json(c),
      (r, c) =>
        showTypes(typeSet(this.resolvers.released, this.resolvers.released.schema(r))) ===
        showTypes(typeSet(this.resolvers.current, this.resolvers.current.schema(c))),
      () => true,
    ];
    for (const rule of rules) {
      for (const r of [...releasedOnly]) {
        const index = currentOnly.findIndex((c) => rule(r, c));
        const c = currentOnly[index];
        if (index < 0) continue;
        matched.push([r, c]);
        releasedOnly.splice(releasedOnly.indexOf(r), 1);
        currentOnly.splice(index, 1);
      }
    }
    return { matched, releasedOnly, currentOnly };
  }
}

type Requirement = Map<string, string[]>;

function requirements(security: unknown): Requirement[] {
  if (!Array.isArray(security)) return [];
  return security
    .filter(isObj)
    .map(
      (req) =>
        new Map(
          Object.entries(req).map(([name, scopes]) => [
            name,
            Array.isArray(scopes) ? scopes.map(String) : [],
          ]),
        ),
    );
}

function paramKey(location: string, name: string): string {
  return `${location}:${location === "header" ? name.toLowerCase() : name}`;
}

function withMediaType(location: string, mediaType: string): string {
  return mediaType === "application/json" ? location : `${location}(${mediaType})`;
}

/** One change per kind and location, messages joined. */
function mergeSameLocation(changes: BreakingChange[]): BreakingChange[] {
  const merged = new Map<string, BreakingChange>();
  for (const change of changes) {
    const key = `${change.kind} ${change.location}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...change });
    else if (!seen.message.split("; ").includes(change.message))
      seen.message += `; ${change.message}`;
  }
  return [...merged.values()];
}
