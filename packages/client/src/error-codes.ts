/**
 * The catalogue of error codes, published as `@dlf-release/client/error-codes` so that its texts
 * stay out of the client's bundle unless asked for.
 */

/** What an error code means and whether sending the same request again can help. */
export interface ErrorCodeInfo {
  /** HTTP status the service answers with. */
  readonly status: number;
  /** What went wrong, in a sentence. */
  readonly meaning: string;
  /** Whether the same request may succeed later without changes. */
  readonly retryable: boolean;
}

/**
 * The DataArts Factory (DLF.*) and API gateway (APIG.*) codes a caller of these operations meets.
 * Shared gateways send the same codes with the prefix APIGW. instead of APIG.
 */
export const ERROR_CODES: Readonly<Record<string, ErrorCodeInfo>> = {
  "DLF.3051": {
    status: 400,
    meaning: "A request parameter is invalid; fix the request.",
    retryable: false,
  },
  "APIG.0101": {
    status: 404,
    meaning: "No such API: check the path, the method and the region's endpoint.",
    retryable: false,
  },
  "APIG.0103": {
    status: 500,
    meaning: "The gateway could not find the backend.",
    retryable: false,
  },
  "APIG.0104": {
    status: 500,
    meaning: "The gateway's plugin configuration failed.",
    retryable: false,
  },
  "APIG.0105": {
    status: 500,
    meaning: "The gateway's backend configuration is invalid.",
    retryable: false,
  },
  "APIG.0106": {
    status: 500,
    meaning: "The gateway could not reach its backend.",
    retryable: false,
  },
  "APIG.0107": { status: 500, meaning: "The gateway hit an internal error.", retryable: false },
  "APIG.0201": {
    status: 400,
    meaning: "The request is malformed or too large (also sent with 413, 414 and 494).",
    retryable: false,
  },
  "APIG.0202": {
    status: 502,
    meaning: "The backend is unavailable; try again later.",
    retryable: true,
  },
  "APIG.0203": { status: 504, meaning: "The backend timed out; try again later.", retryable: true },
  "APIG.0301": {
    status: 401,
    meaning:
      "Authentication failed: a wrong AK/SK signature or an invalid token. More than 5 failures lock the AK/SK for 5 minutes.",
    retryable: false,
  },
  "APIG.0302": {
    status: 403,
    meaning: "The credentials are not authorized for this API or project.",
    retryable: false,
  },
  "APIG.0303": {
    status: 401,
    meaning:
      "The token or signature has expired: get a new token, or check the clock (X-Sdk-Date must be within 15 minutes).",
    retryable: false,
  },
  "APIG.0308": {
    status: 429,
    meaning: "Throttled: the request rate exceeds the API's limit; slow down.",
    retryable: true,
  },
};

/** Looks a code up in the catalogue, treating the shared gateways' APIGW. prefix as APIG. */
export function describeErrorCode(code: string | undefined): ErrorCodeInfo | undefined {
  if (!code) return undefined;
  return ERROR_CODES[code.replace(/^APIGW\./, "APIG.")];
}
