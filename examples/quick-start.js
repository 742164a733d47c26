// Lists what one developer has pending release, makes one release package of it, and shows the
// package, which then waits for its approver's review.
// Against the sandbox (stateful, as the service is): `pnpm start` in one terminal, then
// `pnpm --filter @dlf-release/examples quick-start` in another.
// Against the service: set DLF_REGION, HUAWEICLOUD_SDK_AK/_SK/_PROJECT_ID, DLF_WORKSPACE and
// DLF_APPROVER (the IAM user ID of who reviews it). It makes a real release package there.
import { createDlfClient, DlfApiError } from "@dlf-release/client";

const local = !process.env.DLF_REGION;
// Note: the sandbox's own approver; the service's must be named.
const approver = process.env.DLF_APPROVER ?? (local ? "7b71e498e75d44048c9a22dd3c54f978" : "");
if (!approver) {
  console.error("DLF_APPROVER: set it to the IAM user ID of the package's reviewer");
  process.exit(2);
}
const dlf = createDlfClient({
  ...(local
    ? {
        baseUrl: process.env.DLF_BASE_URL ?? "http://127.0.0.1:4020",
        projectId: "sandbox",
        credentials: { token: "sandbox" }, // the sandbox takes any token
      }
    : { region: /** @type {import("@dlf-release/client").Region} */ (process.env.DLF_REGION) }),
  workspace: process.env.DLF_WORKSPACE ?? "sandbox",
});
/** deploy_status, by name. */
const STATUS = { 1: "waiting for review", 2: "released", 3: "failed", 5: "being released" };

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
    approver_ids: [approver],
  });
  console.log(`created package ${created.release_package_id} (${created.package_name})`);

  const detail = await dlf.showFactoryPackageDetail(created.release_package_id ?? "");
  const status = detail.release_package.deploy_status ?? 0;
  console.log(
    `package ${detail.release_package.package_id}: ${STATUS[/** @type {1} */ (status)] ?? `deploy_status ${status}`},`,
    `${detail.task_details.length} task(s); ${approver} approves it in the DataArts Studio console`,
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
