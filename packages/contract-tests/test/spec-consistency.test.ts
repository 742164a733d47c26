import { describe, expect, test } from "vitest";
import { deref, spec } from "./support/spec.js";

// The spec checked against itself, beyond what `redocly lint` checks.

type Node = Record<string, unknown>;
const document = spec as unknown as Node & { components: Record<string, Record<string, Node>> };
const methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => methods.includes(method))
    .map(([method, op]) => ({ path, method, op: op as unknown as Node })),
);

/** Every property of every schema in the document (examples left out), with where it sits. */
function propertiesOf(node: unknown, at: string, out: [string, Node][] = []): [string, Node][] {
  if (!node || typeof node !== "object") return out;
  for (const [key, child] of Object.entries(node)) {
    if (key === "examples" || key === "example") continue;
    if (key === "properties" && child && typeof child === "object" && !Array.isArray(child)) {
      for (const [name, property] of Object.entries(child))
        out.push([`${at}/properties/${name}`, property as Node]);
    }
    propertiesOf(child, `${at}/${key}`, out);
  }
  return out;
}

describe("every operation", () => {
  test.each(operations)("$method $path has a success and an error example", ({ op }) => {
    const responses = op.responses as Record<string, Node>;
    const examplesOf = (status: string) =>
      Object.keys(
        (deref(responses[status] as Node).content as Record<string, Node> | undefined)?.[
          "application/json"
        ]?.examples ?? {},
      );
    const statuses = Object.keys(responses);
    expect(statuses.filter((s) => s.startsWith("2")).flatMap(examplesOf).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => /^[45]/.test(s)).flatMap(examplesOf).length).toBeGreaterThan(0);
  });

  test.each(operations)(
    "$method $path has an operationId, a summary, a description and a tag",
    ({ op }) => {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary).toMatch(/^[A-Z][^.]*$/);
      expect(op.description).toMatch(/\.\s*$/m);
      expect(op.tags).toHaveLength(1);
    },
  );
});

describe("every schema property", () => {
  const properties = propertiesOf(spec, "#");

  test("there are properties to check", () => {
    expect(properties.length).toBeGreaterThan(50);
  });

  test.each(properties)("%s has a type and a description", (_, property) => {
    expect(property.type ?? deref(property).type).toBeDefined();
    expect(property.description).toEqual(expect.stringMatching(/\S/));
  });
});

describe("every component", () => {
  const refs = new Set(JSON.stringify(spec).match(/#\/components\/[^"]+/g));
  const components = Object.entries(document.components).flatMap(([kind, items]) =>
    kind === "securitySchemes"
      ? []
      : Object.keys(items).map((name) => `#/components/${kind}/${name}`),
  );

  // Note: redocly's no-unused-components cannot see unused components of a split spec whose
  // root references each component file; the bundle can.
  test.each(components)("%s is used", (component) => {
    expect(refs.has(component)).toBe(true);
  });

  test("every $ref points at something", () => {
    for (const ref of refs) expect(() => deref({ $ref: ref })).not.toThrow();
  });
});

// A constraint is a request the client refuses and a claim about the service: each one names where
// it comes from (an API page, the SDK models, or URL syntax for path parameters) in the description
// of the schema or parameter that carries it, or of the object around it.
const CONSTRAINTS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "required",
];
const SOURCE = /API page|SDK model|URL syntax|error-code list/;

/** Every node carrying a constraint, with the descriptions that may name its source. */
function constrained(
  node: unknown,
  at: string,
  around: string[] = [],
  out: [string, string[]][] = [],
) {
  if (!node || typeof node !== "object" || Array.isArray(node)) return out;
  const here = node as Node;
  const descriptions =
    typeof here.description === "string" ? [...around, here.description] : around;
  const found = CONSTRAINTS.filter(
    (key) => key in here && !(key === "required" && typeof here[key] === "boolean"),
  );
  if (here.additionalProperties === false) found.push("additionalProperties");
  for (const key of found) out.push([`${at} ${key}`, descriptions]);
  for (const [key, child] of Object.entries(here)) {
    if (key === "examples" || key === "example") continue;
    constrained(child, `${at}/${key}`, descriptions, out);
  }
  return out;
}

describe("every constraint", () => {
  const components = document.components;
  const all = [
    ...Object.entries(components.schemas ?? {}).flatMap(([name, schema]) =>
      constrained(schema, `schemas/${name}`),
    ),
    ...Object.entries(components.parameters ?? {}).flatMap(([name, parameter]) =>
      constrained(parameter.schema, `parameters/${name}`, [String(parameter.description ?? "")]),
    ),
  ];

  test("there are constraints to check", () => {
    expect(all.length).toBeGreaterThan(5);
  });

  test.each(all)("%s names its source", (_, descriptions) => {
    expect(descriptions.join("\n")).toMatch(SOURCE);
  });

  test("no request body refuses unknown properties: no source says the service does", () => {
    expect(all.filter(([at]) => at.endsWith(" additionalProperties"))).toEqual([]);
  });
});
