import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { spec } from "./spec.js";

// A second opinion on responses, the bundled spec compiled once with Ajv's 2020-12 mode. Prism checks
// with 2020-12 rules too, since the spec declares that dialect, but only on traffic that passes
// through it: AK/SK calls of a live run go to the service directly, and a test here wants each bad
// body named by its JSON pointer, not a 500 from the mock.

/** An OpenAPI document, as far as this module reads it. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, walked by JSON pointer
type OpenApiDocument = Record<string, any>;

/** One response seen by `validatingFetch`, and what was wrong with its body. */
export interface ResponseCheck {
  /** The operation the request went to, or undefined when no path of the spec matches. */
  operationId: string | undefined;
  method: string;
  /** The request URL's path. */
  path: string;
  status: number;
  contentType: string | null;
  /** Empty when the body matches the spec. */
  errors: string[];
}

/** A fetch that validates every answer against the spec and keeps the results. */
export interface ValidatingFetch {
  (request: Request): Promise<Response>;
  /** Every response seen, in order. */
  readonly checks: readonly ResponseCheck[];
  /** The responses whose body broke the spec (or whose request matched no operation). */
  readonly violations: readonly ResponseCheck[];
}

export interface ResponseValidator {
  /**
   * Validates a parsed JSON body (or, for a non-JSON media type, the text) against the response
   * that `operationId` documents for `status` and `contentType`. Returns the errors, each starting
   * with the JSON pointer of the bad value; empty when the body is valid.
   */
  validateResponse(
    operationId: string,
    status: number | string,
    contentType: string | null,
    body: unknown,
  ): string[];
  /** The operation whose method and path template match a request, e.g. GET /v2/x/factory/pending-items. */
  operationAt(method: string, pathname: string): string | undefined;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
/** The URI under which the whole document is added to Ajv, so that "#/components/..." resolves. */
export const DOCUMENT_ID = "urn:dlf-release:openapi";

/** Ajv 2020-12 in strict mode, taught the OpenAPI 3.1 dialect's keywords and formats. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    // Note: the OpenAPI 3.1 dialect adds the first four annotation keywords to JSON Schema 2020-12.
    // The others are the fields of the OpenAPI document itself: Ajv compiles the document's root when
    // a "#/components/..." ref is first resolved. Any other unknown keyword (a typo such as
    // "minimun") still fails compilation.
    keywords: [
      ...["example", "discriminator", "xml", "externalDocs"],
      ...["openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components"],
      ...["security", "tags"],
    ],
  });
  // Note: the OpenAPI format registry defines int32 and int64 as integer ranges. int64 stops at the
  // largest safe integer: a larger number cannot reach JavaScript (the client) without rounding.
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max,
  });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
  return ajv;
}

/** Escapes one JSON pointer segment. */
function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** The value at a JSON pointer ("/paths/..."), and the pointer after following local `$ref`s. */
function resolve(
  document: OpenApiDocument,
  pointer: string,
): { node: OpenApiDocument; pointer: string } {
  let node: unknown = document;
  for (const segment of pointer.split("/").slice(1)) {
    node = (node as OpenApiDocument | undefined)?.[
      segment.replaceAll("~1", "/").replaceAll("~0", "~")
    ];
  }
  if (typeof node !== "object" || node === null) throw new Error(`nothing at #${pointer}`);
  const ref = (node as OpenApiDocument).$ref;
  if (typeof ref === "string" && ref.startsWith("#/")) return resolve(document, ref.slice(1));
  return { node: node as OpenApiDocument, pointer };
}

/** A matcher for a path template: each {param} is one non-empty segment; the URL may carry a prefix. */
function templateMatcher(template: string): RegExp {
  const pattern = template
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  return new RegExp(`${pattern}$`);
}

function isJson(mediaType: string): boolean {
  return mediaType === "application/json" || /^application\/[^;]+\+json$/.test(mediaType);
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const detail =
    params.additionalProperty ??
    params.unevaluatedProperty ??
    (Array.isArray(params.allowedValues) ? params.allowedValues.join(", ") : undefined);
  return `${error.instancePath || "/"} ${error.message ?? error.keyword}${detail === undefined ? "" : ` (${String(detail)})`}`;
}

/** Compiles, once, a validator of every JSON response body of an OpenAPI 3.1 document. */
export function createResponseValidator(document: OpenApiDocument): ResponseValidator {
  const ajv = createAjv();
  ajv.addSchema(document, DOCUMENT_ID);

  interface Operation {
    operationId: string;
    method: string;
    matcher: RegExp;
    literalLength: number;
    /** status -> media type -> validator (undefined for a media type without a schema). */
    responses: Map<string, Map<string, ValidateFunction | undefined>>;
  }
  const operations = new Map<string, Operation>();
  for (const [template, item] of Object.entries(
    document.paths as Record<string, OpenApiDocument>,
  )) {
    const itemPointer = resolve(document, `/paths/${escapePointer(template)}`).pointer;
    for (const method of METHODS) {
      const op = item[method] as OpenApiDocument | undefined;
      if (!op) continue;
      const responses = new Map<string, Map<string, ValidateFunction | undefined>>();
      for (const status of Object.keys(op.responses ?? {})) {
        const response = resolve(
          document,
          `${itemPointer}/${method}/responses/${escapePointer(status)}`,
        );
        const media = new Map<string, ValidateFunction | undefined>();
        for (const [mediaType, content] of Object.entries(
          (response.node.content ?? {}) as Record<string, OpenApiDocument>,
        )) {
          const schemaPointer = `${response.pointer}/content/${escapePointer(mediaType)}/schema`;
          media.set(
            mediaType,
            content.schema === undefined
              ? undefined
              : ajv.compile({ $ref: `${DOCUMENT_ID}#${encodeURI(schemaPointer)}` }),
          );
        }
        responses.set(status, media);
      }
      operations.set(op.operationId as string, {
        operationId: op.operationId as string,
        method: method.toUpperCase(),
        matcher: templateMatcher(template),
        literalLength: template.replace(/\{[^}]+\}/g, "").length,
        responses,
      });
    }
  }

  const validateResponse: ResponseValidator["validateResponse"] = (
    operationId,
    status,
    contentType,
    body,
  ) => {
    const op = operations.get(operationId);
    if (!op) throw new Error(`no operation ${operationId} in the spec`);
    const code = String(status);
    const media =
      op.responses.get(code) ?? op.responses.get(`${code[0]}XX`) ?? op.responses.get("default");
    if (!media) {
      return [
        `status ${code} is not documented for ${operationId} (documented: ${[...op.responses.keys()].join(", ")})`,
      ];
    }
    const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
    if (media.size === 0) {
      return body === undefined || body === "" ? [] : [`${operationId} ${code} documents no body`];
    }
    const [family] = mediaType.split("/");
    const key = [mediaType, `${family}/*`, "*/*"].find((candidate) => media.has(candidate));
    if (key === undefined) {
      return [
        `content type "${contentType ?? ""}" is not documented for ${operationId} ${code} (documented: ${[...media.keys()].join(", ")})`,
      ];
    }
    if (isJson(mediaType) && body === undefined) {
      return [`${operationId} ${code}: empty body, expected ${mediaType}`];
    }
    const validate = media.get(key);
    if (!validate || validate(body)) return [];
    return (validate.errors ?? []).map(describeError);
  };

  const operationAt: ResponseValidator["operationAt"] = (method, pathname) => {
    const candidates = [...operations.values()].filter(
      (op) => op.method === method.toUpperCase() && op.matcher.test(pathname),
    );
    // Note: a literal path beats a template that would also match it (/a/new over /a/{id}).
    candidates.sort((a, b) => b.literalLength - a.literalLength);
    return candidates[0]?.operationId;
  };

  return { validateResponse, operationAt };
}

/**
 * The spec read strictly: every object schema that leaves `additionalProperties` open (the spec
 * does, on purpose: the service may add fields) closes it, so that a field the spec does not list
 * is reported. For the drift report of a live run; the client itself keeps reading on.
 */
export function strictReading(document: OpenApiDocument): OpenApiDocument {
  const close = (node: unknown, inProperties: boolean): unknown => {
    if (Array.isArray(node)) return node.map((child) => close(child, false));
    if (typeof node !== "object" || node === null) return node;
    const copy = Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        close(value, !inProperties && key === "properties"),
      ]),
    );
    if (!inProperties && "properties" in copy && !("additionalProperties" in copy)) {
      copy.additionalProperties = false;
    }
    return copy;
  };
  return close(document, false) as OpenApiDocument;
}

/** The validator of the bundled spec (the artifact Prism serves). */
export const bundledSpecValidator = createResponseValidator(spec);

/** The validator of the bundled spec read strictly (strictReading): new fields are reported too. */
export const strictSpecValidator = createResponseValidator(strictReading(spec));

/** Validates a response body against the bundled spec; see ResponseValidator.validateResponse. */
export const validateResponse = bundledSpecValidator.validateResponse;

/**
 * Wraps a fetch (default: the global one) so that every answer's body is validated against the
 * spec: the operation is found by method and path template, the body by status and content type.
 * Nothing is thrown (a throwing fetch would look like a network failure, which the client retries):
 * the results are kept in `checks` and `violations` for the test to assert on. The answer is
 * handed back untouched; a clone is read.
 */
export function validatingFetch(
  fetch: (request: Request) => Promise<Response> = (request) => globalThis.fetch(request),
  validator: ResponseValidator = bundledSpecValidator,
): ValidatingFetch {
  const checks: ResponseCheck[] = [];
  const wrapped = async (request: Request): Promise<Response> => {
    const response = await fetch(request);
    const path = new URL(request.url).pathname;
    const contentType = response.headers.get("content-type");
    const check: ResponseCheck = {
      operationId: validator.operationAt(request.method, path),
      method: request.method,
      path,
      status: response.status,
      contentType,
      errors: [],
    };
    checks.push(check);
    if (check.operationId === undefined) {
      check.errors.push(`no operation of the spec answers ${request.method} ${path}`);
      return response;
    }
    const text = await response.clone().text();
    const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
    let body: unknown = text === "" ? undefined : text;
    if (text !== "" && isJson(mediaType)) {
      try {
        body = JSON.parse(text);
      } catch {
        check.errors.push(`the body is not valid JSON: ${text.slice(0, 80)}`);
        return response;
      }
    }
    check.errors.push(
      ...validator.validateResponse(check.operationId, response.status, contentType, body),
    );
    return response;
  };
  return Object.defineProperties(wrapped, {
    checks: { get: () => checks },
    violations: { get: () => checks.filter((check) => check.errors.length > 0) },
  }) as ValidatingFetch;
}
