import {
  createDlfClient,
  type DlfClient,
  type DlfClientOptions,
  type OperationName,
} from "@dlf-release/client";
import { inject } from "vitest";
import { projectId, workspace } from "./client.js";

/**
 * A DlfClient on the Prism mock; `prefer` picks Prism's answer (`code=404, example=...`), and
 * `fetch` (default the global one) sends the request.
 */
export function mockDlf(options: { prefer?: string } & Partial<DlfClientOptions> = {}): DlfClient {
  const { prefer, fetch: send = (request: Request) => fetch(request), ...rest } = options;
  return createDlfClient({
    baseUrl: inject("mockUrl"),
    projectId,
    workspace,
    credentials: { token: "mock-token" },
    env: {},
    // Note: Prism answers an asked-for 429/502/504 every time; retrying it would only repeat it.
    retry: false,
    fetch: (request) => {
      if (prefer) request.headers.set("Prefer", prefer);
      return send(request);
    },
    ...rest,
  });
}

/** One valid call of each operation, the same inputs as the spec's request examples. */
export const validCalls: Record<OperationName, (dlf: DlfClient) => Promise<unknown>> = {
  listFactoryPendingItems: (dlf) => dlf.listFactoryPendingItems({ limit: 10, offset: 0 }),
  createFactoryPendingItemsPackage: (dlf) =>
    dlf.createFactoryPendingItemsPackage({
      apply_user_id: "f8ccc2ff3c7748e8a7bfede38ae1cffa",
      package_name: "job_0948_20250513112100444444",
      pending_item_list: ["26"],
      approver_ids: ["7b71e498e75d44048c9a22dd3c54f978"],
    }),
  listFactoryReleasePackages: (dlf) =>
    dlf.listFactoryReleasePackages({ apply_begin_time: 1699113600999, limit: 10 }),
  showFactoryPackageDetail: (dlf) => dlf.showFactoryPackageDetail("4"),
};
