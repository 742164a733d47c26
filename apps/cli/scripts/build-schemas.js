// @ts-check
// dist/schemas/*.schema.json: the JSON Schemas (2020-12) of the CLI's --json output, each one
// self-contained. The hand-written schemas in schemas/ refer to the API's objects as
// "#/$defs/<Name>"; here every schema of the bundled spec is added under $defs, its own
// "#/components/schemas/" references pointed there, and OpenAPI's `example` keyword left out.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** @param {string} path a path relative to this script */
const at = (path) => new URL(path, import.meta.url).pathname;
const spec = JSON.parse(readFileSync(require.resolve("@dlf-release/spec/openapi.json"), "utf8"));

/**
 * A spec schema as plain JSON Schema. `inProperties`: the node is a `properties` map, whose keys
 * are field names, not keywords.
 * @param {unknown} node
 * @param {boolean} inProperties
 * @returns {unknown}
 */
function plain(node, inProperties = false) {
  if (Array.isArray(node)) return node.map((child) => plain(child));
  if (typeof node !== "object" || node === null) return node;
  const entries = Object.entries(node)
    .filter(([key]) => inProperties || key !== "example")
    .map(([key, value]) => {
      if (!inProperties && key === "$ref" && typeof value === "string") {
        return [key, value.replace("#/components/schemas/", "#/$defs/")];
      }
      return [key, plain(value, !inProperties && key === "properties")];
    });
  return Object.fromEntries(entries);
}

const defs = /** @type {Record<string, unknown>} */ (plain(spec.components.schemas));
mkdirSync(at("../dist/schemas"), { recursive: true });
for (const file of readdirSync(at("../schemas"))) {
  const schema = JSON.parse(readFileSync(at(`../schemas/${file}`), "utf8"));
  schema.$defs = { ...defs, ...schema.$defs };
  writeFileSync(at(`../dist/schemas/${file}`), `${JSON.stringify(schema, null, 2)}\n`);
}
