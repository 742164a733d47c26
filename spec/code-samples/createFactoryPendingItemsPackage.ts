import {
  createDlfClient,
  DlfApiError,
} from "@dlf-release/client";

// AK/SK and project ID from HUAWEICLOUD_SDK_AK, _SK and
// _PROJECT_ID. Mock (`pnpm start`): baseUrl
// "http://127.0.0.1:4010", any token.
const dlf = createDlfClient({
  region: "cn-north-4",
  workspace: process.env.DLF_WORKSPACE,
});

try {
  const created = await dlf.createFactoryPendingItemsPackage({
    apply_user_id: "f8ccc2ff3c7748e8a7bfede38ae1cffa",
    package_name: "nightly_20261125",
    pending_item_list: ["26"],
    approver_ids: ["7b71e498e75d44048c9a22dd3c54f978"],
  });
  const { package_name, release_package_id } = created;
  console.log(
    `${package_name} (${release_package_id}) to review`,
  );
} catch (error) {
  if (!(error instanceof DlfApiError)) throw error;
  // Never retried: a release must not be sent twice. After a
  // timeout or a 5xx, look for the package before resending.
  const { status, errorCode, errorMessage, requestId } = error;
  console.error(status, errorCode, errorMessage, requestId);
  process.exitCode = 1;
}
