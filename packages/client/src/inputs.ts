import { DlfValidationError } from "./errors.js";
import { OPERATIONS, type OperationName } from "./operations.js";
import {
  arrayOf,
  checkFields,
  nonEmptyString,
  type ObjectSchema,
  type Shape,
  shapeOf,
} from "./validate.js";

/**
 * This client's own rules on top of the spec's, against typos that the service may take silently
 * (a release of nothing, for no one). Beside these, an unknown field is refused everywhere.
 */
const CLIENT_RULES: Partial<Record<OperationName, Shape>> = {
  createFactoryPendingItemsPackage: {
    apply_user_id: nonEmptyString,
    package_name: nonEmptyString,
    pending_item_list: arrayOf(nonEmptyString, "pending item ids", { nonEmpty: true }),
    approver_ids: arrayOf(nonEmptyString, "user ids", { nonEmpty: true }),
  },
};

/** The checks of an operation's inputs, made once from the spec's schemas. */
interface InputChecks {
  query: Shape;
  body: Shape | undefined;
  path: Shape;
}

const CHECKS = Object.fromEntries(
  Object.entries(OPERATIONS).map(([name, operation]) => {
    const body = operation.body as ObjectSchema | null;
    const checks: InputChecks = {
      query: shapeOf(operation.query),
      body: body ? shapeOf(body) : undefined,
      path: shapeOf(operation.pathParameters),
    };
    return [name, checks];
  }),
) as Record<OperationName, InputChecks>;

/** Checks an operation's query or body against the spec, then against the client's own rules. */
export function checkInput(
  operation: OperationName,
  part: "query" | "body",
  input: unknown,
  name: string,
): void {
  const schema = OPERATIONS[operation][part];
  const shape = CHECKS[operation][part];
  if (!schema || !shape) return;
  checkFields(shape, input, operation, name, {
    required: schema.required,
    rule: "spec",
    clientRules: CLIENT_RULES[operation],
  });
}

/** Checks a value that goes into the path, against its parameter's schema; returns it. */
export function checkPathParameter(
  operation: OperationName,
  parameter: string,
  value: unknown,
  name: string,
): string {
  const problem = CHECKS[operation].path[parameter]?.(value);
  if (problem) throw new DlfValidationError(name, problem, operation, "spec");
  return value as string;
}

/** Whether the spec requires a header of an operation. */
export function requiresHeader(operation: OperationName, header: string): boolean {
  return (OPERATIONS[operation].header.required as readonly string[]).includes(header);
}
