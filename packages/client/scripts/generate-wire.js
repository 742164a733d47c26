// @ts-check
// Writes src/generated/wire.ts from the bundled spec: what the client needs to know about the wire
// at run time (the server's host template and regions, each operation's method, path and the
// schemas its inputs are checked against). With --check, fails when the file is stale instead.
// A schema keyword the client's checker does not apply fails here, so the spec cannot state a rule
// that the client silently skips.
import { readFileSync, writeFileSync } from "node:fs";

const SPEC = new URL("../../../spec/dist/openapi.json", import.meta.url);
const OUT = new URL("../src/generated/wire.ts", import.meta.url);

/** Keywords src/validate.ts applies, and keywords that constrain nothing. */
const APPLIED = ["type", "format", "minimum", "maximum", "minLength", "pattern", "enum", "items"];
const NOTES = new Set(["description", "default", "example", "examples", "title"]);

const spec = JSON.parse(readFileSync(SPEC, "utf8"));

/** @param {string} ref */
function resolve(ref) {
  return ref
    .slice(2)
    .split("/")
    .reduce((node, key) => node[key], spec);
}

/** @param {any} schema @param {string} where @returns {Record<string, unknown>} */
function constraints(schema, where) {
  const source = schema.$ref ? resolve(schema.$ref) : schema;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(source)) {
    if (NOTES.has(key)) continue;
    if (!APPLIED.includes(key)) throw new Error(`${where}: the client does not apply "${key}"`);
    out[key] = key === "items" ? constraints(value, `${where}.items`) : value;
  }
  return out;
}

/** @param {any} schema @param {string} where */
function objectSchema(schema, where) {
  const source = schema.$ref ? resolve(schema.$ref) : schema;
  /** @type {Record<string, unknown>} */
  const properties = {};
  for (const [key, value] of Object.entries(source.properties ?? {})) {
    properties[key] = constraints(value, `${where}.${key}`);
  }
  for (const key of Object.keys(source)) {
    if (!["type", "properties", "required", ...NOTES].includes(key)) {
      throw new Error(`${where}: the client does not apply "${key}" to an object`);
    }
  }
  return { properties, required: source.required ?? [] };
}

/** @param {any[]} parameters @param {string} place @param {string} where */
function parametersIn(parameters, place, where) {
  /** @type {Record<string, unknown>} */
  const properties = {};
  const required = [];
  for (const parameter of parameters.filter((p) => p.in === place)) {
    properties[parameter.name] = constraints(parameter.schema, `${where}.${parameter.name}`);
    if (parameter.required) required.push(parameter.name);
  }
  return { properties, required };
}

/** @type {Record<string, unknown>} */
const operations = {};
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, operation] of Object.entries(/** @type {Record<string, any>} */ (item))) {
    const name = operation.operationId;
    const parameters = (operation.parameters ?? []).map((/** @type {any} */ p) =>
      p.$ref ? resolve(p.$ref) : p,
    );
    const body = operation.requestBody?.content?.["application/json"]?.schema;
    operations[name] = {
      method: method.toUpperCase(),
      path,
      pathParameters: parametersIn(parameters, "path", `${name} path`),
      header: parametersIn(parameters, "header", `${name} header`),
      query: parametersIn(parameters, "query", `${name} query`),
      body: body ? objectSchema(body, `${name} body`) : null,
    };
  }
}
const [server] = spec.servers;
const wire = {
  server: {
    url: server.url,
    regions: server.variables.region.enum,
    defaultRegion: server.variables.region.default,
  },
  security: Object.fromEntries(
    Object.entries(spec.components.securitySchemes).map(([name, scheme]) => [name, scheme.name]),
  ),
  operations,
};

const text = `// Generated from spec/dist/openapi.json by scripts/generate-wire.js: never edit by hand.
/** What the client knows about the wire, from the spec. */
export const WIRE = ${JSON.stringify(wire, null, 2)} as const;
`;

if (process.argv.includes("--check")) {
  if (readFileSync(OUT, "utf8") !== text) {
    console.error("src/generated/wire.ts is stale: run `pnpm generate` and commit it");
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
}
