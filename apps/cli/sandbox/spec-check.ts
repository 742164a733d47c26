import {
  bundledSpecValidator,
  createAjv,
  DOCUMENT_ID,
} from "@dlf-release/contract-tests/response-validator";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { spec } from "./bundled-spec.js";

// Requests checked against the bundled spec with the contract tests' Ajv (JSON Schema 2020-12):
// the parameters each operation declares, where it declares them, and its JSON body. Answers are
// checked by the contract tests' own response validator.

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, walked by its own structure
type Json = Record<string, any>;

/** A request as the stand-in received it. */
export interface IncomingCall {
  operationId: string;
  /** The path parameters, by the template's names. */
  path: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  integer: boolean;
  validate: ValidateFunction;
}
interface Operation {
  template: string;
  parameters: Parameter[];
  body: ValidateFunction | undefined;
}

const deref = (node: Json): Json => {
  if (typeof node.$ref !== "string") return node;
  const target = node.$ref
    .slice(2)
    .split("/")
    .reduce((at: Json, key: string) => at[key], spec);
  return deref(target);
};

const ajv = createAjv();
ajv.addSchema(spec, DOCUMENT_ID);
const operations = new Map<string, Operation>();
for (const [template, item] of Object.entries(spec.paths as Json)) {
  for (const op of Object.values(item as Json) as Json[]) {
    const parameters = ((op.parameters ?? []) as Json[]).map((ref) => {
      const parameter = deref(ref);
      const schema = deref(parameter.schema);
      // Note: compiled where it sits in the document, so that its own $refs resolve.
      if (typeof ref.$ref !== "string")
        throw new Error(`${op.operationId}: inline parameter ${parameter.name}`);
      return {
        name: parameter.name,
        in: parameter.in,
        required: parameter.required === true,
        integer: schema.type === "integer",
        validate: ajv.compile({ $ref: `${DOCUMENT_ID}${ref.$ref}/schema` }),
      } as Parameter;
    });
    const bodySchema = op.requestBody
      ? deref(op.requestBody).content["application/json"].schema
      : undefined;
    if (bodySchema && typeof bodySchema.$ref !== "string")
      throw new Error(`${op.operationId}: inline body schema`);
    const body = bodySchema ? ajv.compile({ $ref: `${DOCUMENT_ID}${bodySchema.$ref}` }) : undefined;
    operations.set(op.operationId, { template, parameters, body });
  }
}

/** The operation a request goes to, and its path parameters; undefined for a path the spec lacks. */
export function routeOf(
  method: string,
  pathname: string,
): { operationId: string; path: Record<string, string> } | undefined {
  const operationId = bundledSpecValidator.operationAt(method, pathname);
  const operation = operationId === undefined ? undefined : operations.get(operationId);
  if (!operationId || !operation) return undefined;
  const names = [...operation.template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  const pattern = operation.template.replace(/\{[^}]+\}/g, "([^/]+)");
  const values = new RegExp(`${pattern}$`).exec(pathname)?.slice(1) ?? [];
  try {
    return {
      operationId,
      path: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values[i] ?? "")])),
    };
  } catch {
    // Note: a path segment that is no valid percent-encoding names no operation's parameter.
    return undefined;
  }
}

/** What is wrong with a request by the spec; empty when nothing is. */
export function requestViolations(call: IncomingCall): string[] {
  const operation = operations.get(call.operationId);
  if (!operation) return [`no operation ${call.operationId}`];
  const errors: string[] = [];
  for (const parameter of operation.parameters) {
    const raw =
      parameter.in === "path"
        ? call.path[parameter.name]
        : parameter.in === "query"
          ? (call.query.get(parameter.name) ?? undefined)
          : (call.headers[parameter.name.toLowerCase()] as string | undefined);
    if (raw === undefined) {
      if (parameter.required) errors.push(`${parameter.in} ${parameter.name} is required`);
      continue;
    }
    // Note: a query string carries text; the spec's integers arrive as digits.
    const value = parameter.integer && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (!parameter.validate(value))
      errors.push(
        `${parameter.in} ${parameter.name}: ${ajv.errorsText(parameter.validate.errors)}`,
      );
  }
  if (operation.body && !operation.body(call.body))
    errors.push(`body: ${ajv.errorsText(operation.body.errors)}`);
  return errors;
}

/** What is wrong with an answer by the spec; empty when nothing is. */
export function responseViolations(operationId: string, status: number, body: unknown): string[] {
  return bundledSpecValidator.validateResponse(operationId, status, "application/json", body);
}

/** The value of one of the spec's named examples (components/examples). */
export function example(name: string): Json {
  return deref(spec.components.examples[name]).value;
}
