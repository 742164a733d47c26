import type { paths } from "@dlf-release/client";
import createClient from "openapi-fetch";
import { inject } from "vitest";

/** A project and workspace id for calls against the mock; any non-empty value is accepted. */
export const projectId = "62099355b894428e8916573ae635f1f9";
export const workspace = "e265f808151d458bb7967e0aaf42d146";

/** A typed openapi-fetch client on the Prism mock, signed in with a (mock) IAM token. */
export function mockClient(headers: Record<string, string> = { "X-Auth-Token": "mock-token" }) {
  return createClient<paths>({ baseUrl: inject("mockUrl"), headers });
}

/** The names of the request fields Prism says it refused, from its `sl-violations` header. */
export function violations(response: Response): string[] {
  const header = response.headers.get("sl-violations");
  if (!header) return [];
  return (JSON.parse(header) as { location: string[]; message: string }[]).map(
    (violation) => `${violation.location.join(".")}: ${violation.message}`,
  );
}
