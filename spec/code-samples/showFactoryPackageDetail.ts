import { createDlfClient } from "@dlf-release/client";

// AK/SK and project ID from HUAWEICLOUD_SDK_AK, _SK and
// _PROJECT_ID. Mock (`pnpm start`): baseUrl
// "http://127.0.0.1:4010", any token.
const dlf = createDlfClient({
  region: "cn-north-4",
  workspace: process.env.DLF_WORKSPACE,
});

// deploy_status of the package and of each item in it.
const STATUS: Record<number, string> = {
  1: "to be reviewed",
  2: "successful",
  3: "failed",
  5: "being released",
};
const status = (code?: number) =>
  code === undefined ? "unknown" : (STATUS[code] ?? `${code}`);

const detail = await dlf.showFactoryPackageDetail("4");
const { package_name, deploy_status } = detail.release_package;
console.log(package_name, status(deploy_status));
for (const task of detail.task_details) {
  console.log(" ", task.item_name, status(task.deploy_status));
}
