import type { ReleaseRequest } from "@dlf-release/client";
import { connect } from "../connect.js";
import type { Context } from "../context.js";
import type { DryRunRequest } from "../outcome.js";

/** Headers whose values are credentials: shown as "(hidden)". */
const SECRET_HEADERS = new Set(["authorization", "x-auth-token", "x-security-token"]);

/** The request the client would send, captured at its fetch: nothing goes on the wire. */
async function captureRelease(context: Context, body: ReleaseRequest): Promise<Request> {
  let captured: Request | undefined;
  const dlf = connect(context, {
    needsWorkspace: true,
    fetch: async (request) => {
      captured = request;
      return Response.json({ package_name: body.package_name, release_package_id: "dry-run" });
    },
  });
  await dlf.createFactoryPendingItemsPackage(body);
  if (!captured) throw new Error("the client sent no request to capture");
  return captured;
}

/** `release --dry-run`: the exact request, credentials hidden, printed as text unless --json. */
export async function dryRun(context: Context, body: ReleaseRequest): Promise<DryRunRequest> {
  const request = await captureRelease(context, body);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = SECRET_HEADERS.has(name) ? "(hidden)" : value;
  });
  const sent = JSON.parse(await request.text()) as ReleaseRequest;
  if (!context.json) {
    const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
    context.print(
      `${request.method} ${request.url}\n${headerLines.join("\n")}\n\n${JSON.stringify(sent, null, 2)}\n`,
    );
  }
  return { method: request.method, url: request.url, headers, body: sent };
}
