import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Operation {
  operationId: string;
  responses: Record<
    string,
    { content?: Record<string, { examples?: Record<string, { value: Json }> }> }
  >;
}

/** The bundled spec (spec/dist/openapi.json): the same artifact Prism serves. */
export const spec = JSON.parse(
  readFileSync(require.resolve("@dlf-release/spec/openapi.json"), "utf8"),
) as { paths: Record<string, Record<string, Operation>> };

/** Follows a local `$ref` ("#/components/...") to what it points at. */
export function deref<T>(node: T | { $ref: string }): T {
  if (typeof node !== "object" || node === null || !("$ref" in node)) return node as T;
  let target: unknown = spec;
  for (const key of node.$ref.replace(/^#\//, "").split("/")) {
    target = (target as Record<string, unknown>)[key.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  if (target === undefined) throw new Error(`dangling $ref ${node.$ref}`);
  return deref(target as T);
}

/** Finds an operation of the bundled spec by its operationId. */
export function operation(operationId: string): Operation {
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) if (op.operationId === operationId) return op;
  }
  throw new Error(`no operation ${operationId} in the bundled spec`);
}

/** The named JSON examples of one response of an operation. */
export function responseExamples(operationId: string, status: string): Record<string, Json> {
  const response = operation(operationId).responses[status];
  const examples = response && deref(response).content?.["application/json"]?.examples;
  if (!examples) throw new Error(`${operationId} ${status} has no named JSON examples`);
  return Object.fromEntries(
    Object.entries(examples).map(([name, example]) => [name, deref(example).value]),
  );
}
