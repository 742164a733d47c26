import {
  strictSpecValidator,
  type ValidatingFetch,
  validatingFetch,
} from "@dlf-release/contract-tests/response-validator";
import type { Fetch } from "../connect.js";
import type { CheckResult } from "./verdict.js";

// The contract tests' validator, read strictly, in the published CLI: scripts/build-bundles.js
// inlines it, with Ajv and the bundled spec, into dist/doctor/run.js.

/** The read operations whose answers the live contract check wants to have seen. */
const READS = ["listFactoryReleasePackages", "listFactoryPendingItems", "showFactoryPackageDetail"];

/** A fetch that keeps every answer's strict reading against the bundled spec. */
export function watchContract(send: Fetch): ValidatingFetch {
  return validatingFetch(send, strictSpecValidator);
}

/**
 * Check 6: every answer seen so far, against the bundled spec read strictly. A field the spec
 * does not list, an enum value it does not know, a changed type or a missing required field is
 * drift: a warning, since the client reads on.
 */
export function contractCheck(watched: ValidatingFetch, failedRead?: string): CheckResult {
  const answered = watched.checks.filter((check) => check.operationId !== undefined);
  const seen = new Set(answered.map((check) => check.operationId));
  const unseen = READS.filter((operation) => !seen.has(operation));
  const notSeen = unseen.length === 0 ? "" : `; not seen: ${unseen.join(", ")}`;
  const drift = [
    ...new Set(
      answered.flatMap((check) =>
        // Note: one line per field, not per item: array indices become "*".
        check.errors.map(
          (error) =>
            `${check.operationId} ${check.status}: ${error.replace(/\/\d+(?=\/| )/g, "/*")}`,
        ),
      ),
    ),
  ];
  const matched = `${answered.length} answers of ${[...seen].join(", ")}`;
  if (drift.length === 0 && failedRead === undefined) {
    return { verdict: "pass", detail: `${matched} match the spec, read strictly${notSeen}` };
  }
  if (drift.length === 0) {
    return {
      verdict: "warn",
      detail: `${matched} match the spec, read strictly; but ${failedRead}`,
    };
  }
  return {
    verdict: "warn",
    detail: `the service's answers drifted from the spec in ${drift.length} place${drift.length === 1 ? "" : "s"} (the client reads on)${notSeen}`,
    fix: "report it (https://github.com/dlf-release/dlf-release/issues) with these lines, so that the spec can follow",
    findings: failedRead === undefined ? drift : [...drift, failedRead],
  };
}
