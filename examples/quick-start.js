// Lists what is pending release, releases it as one package, and shows the package.
// Against the sandbox: `pnpm start` in one terminal, then `pnpm --filter @dlf-release/examples quick-start`.
// Against the service: set DLF_REGION, HUAWEICLOUD_SDK_AK/_SK/_PROJECT_ID and DLF_WORKSPACE.
import { createDlfClient, DlfApiError } from "@dlf-release/client";

const sandbox = !process.env.DLF_REGION;
const dlf = createDlfClient({
  ...(sandbox
    ? {
        baseUrl: process.env.DLF_BASE_URL ?? "http://127.0.0.1:4010",
        projectId: "62099355b894428e8916573ae635f1f9",
        credentials: { token: "sandbox-token" }, // the mock checks that a token is there, not what it is
      }
    : { region: /** @type {import("@dlf-release/client").Region} */ (process.env.DLF_REGION) }),
  workspace: process.env.DLF_WORKSPACE ?? "e265f808151d458bb7967e0aaf42d146",
});

try {
  const pending = [];
  for await (const item of dlf.pendingItems({ submit_user_name: "fengqijie" })) pending.push(item);
  console.log(
    `${pending.length} items pending release:`,
    pending.map((item) => item.item_name),
  );

  const [first] = pending;
  if (!first?.submit_user_id) throw new Error("nothing to release");
  const created = await dlf.createFactoryPendingItemsPackage({
    apply_user_id: first.submit_user_id,
    package_name: `release_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}`,
    pending_item_list: pending.flatMap((item) =>
      item.pending_item_id ? [item.pending_item_id] : [],
    ),
    approver_ids: ["7b71e498e75d44048c9a22dd3c54f978"],
  });
  console.log(`released package ${created.release_package_id} (${created.package_name})`);

  const detail = await dlf.showFactoryPackageDetail(created.release_package_id ?? "");
  console.log(
    `package ${detail.release_package.package_name}: deploy_status ${detail.release_package.deploy_status},`,
    `${detail.task_details.length} task(s)`,
  );
} catch (error) {
  if (error instanceof DlfApiError) {
    console.error(
      `${error.status} ${error.errorCode}: ${error.errorMessage} (request ${error.requestId})`,
    );
    process.exitCode = 1;
  } else {
    throw error;
  }
}
