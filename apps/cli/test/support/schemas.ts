import { readdirSync, readFileSync } from "node:fs";
import { createAjv } from "@dlf-release/contract-tests/response-validator";

// The JSON Schemas that the package publishes (dist/schemas, built from schemas/): every test that
// reads --json output reads it through `jsonOf`, which fails the test on any violation.

/** The published schemas, by the command whose output they describe. */
export type OutputSchema = "outcome" | "pending" | "packages" | "show" | "config" | "doctor";

const DIST = new URL("../../dist/schemas/", import.meta.url);
const ajv = createAjv();
for (const file of readdirSync(DIST)) {
  ajv.addSchema(JSON.parse(readFileSync(new URL(file, DIST), "utf8")), file.split(".")[0]);
}

/** The one JSON document on stdout, checked against the command's published schema. */
// biome-ignore lint/suspicious/noExplicitAny: a test reads the document by its documented fields
export function jsonOf(stdout: string, schema: OutputSchema): any {
  const document = JSON.parse(stdout) as unknown;
  const validate = ajv.getSchema(schema);
  if (!validate) throw new Error(`no published schema "${schema}"`);
  if (!validate(document)) {
    throw new Error(
      `--json output breaks schemas/${schema}.schema.json: ${ajv.errorsText(validate.errors)}\n${stdout}`,
    );
  }
  return document;
}
