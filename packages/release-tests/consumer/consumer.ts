// A user's code against the installed tarballs, type-checked with tsc (never run): every entry
// point, the types generated from the spec, and a mistake that the types must refuse.
import { type components, createDlfClient, DlfApiError } from "@dlf-release/client";
import { describeErrorCode } from "@dlf-release/client/error-codes";
import { signRequest } from "@dlf-release/client/signer";
import spec from "@dlf-release/spec/openapi.json" with { type: "json" };

const dlf = createDlfClient({
  baseUrl: "http://127.0.0.1:4010",
  projectId: "62099355b894428e8916573ae635f1f9",
  workspace: "e265f808151d458bb7967e0aaf42d146",
  credentials: { token: "sandbox" },
});

export async function releaseEverything(): Promise<string | undefined> {
  const page = await dlf.listFactoryPendingItems({ limit: 50 });
  const items: string[] = (page.data ?? []).map((item) => item.pending_item_id ?? "");
  const created = await dlf.createFactoryPendingItemsPackage({
    apply_user_id: "7b71e498e75d44048c9a22dd3c54f978",
    package_name: "nightly",
    pending_item_list: items,
    approver_ids: ["7b71e498e75d44048c9a22dd3c54f978"],
  });
  // @ts-expect-error a release must name its approvers
  await dlf.createFactoryPendingItemsPackage({
    apply_user_id: "u",
    package_name: "n",
    pending_item_list: items,
  });
  return created.release_package_id;
}

export const released: components["schemas"]["ReleasePackage"]["deploy_status"] = 2;

export function explain(error: unknown): string | undefined {
  return error instanceof DlfApiError ? describeErrorCode(error.errorCode)?.meaning : undefined;
}

export const signed = signRequest(
  { method: "GET", url: "https://dayu.cn-north-4.myhuaweicloud.com/v2/p/factory/pending-items" },
  { accessKey: "AccessKey", secretKey: "SecretKey" },
);

export const specVersion: string = spec.info.version;
