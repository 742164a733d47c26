import { createDlfClient } from "@dlf-release/client";

// AK/SK and project ID from HUAWEICLOUD_SDK_AK, _SK and
// _PROJECT_ID. Mock (`pnpm start`): baseUrl
// "http://127.0.0.1:4010", any token.
const dlf = createDlfClient({
  region: "cn-north-4",
  workspace: process.env.DLF_WORKSPACE,
});

// One page: the packages that wait for review.
const { data, total } = await dlf.listFactoryReleasePackages({
  deploy_status_filter: [1],
  limit: 10,
  offset: 0,
});
console.log(`${total} packages to be reviewed`);
for (const pkg of data) {
  const approvers = pkg.package_approvers ?? [];
  const names = approvers.map((approver) => approver.user_name);
  console.log(pkg.package_name, "approvers:", names.join(", "));
}

// Every page: the failed releases named "nightly...".
const failed = dlf.releasePackages({
  key_word: "nightly",
  deploy_status_filter: [3],
});
for await (const pkg of failed) {
  const when = new Date(pkg.deploy_timestamp ?? 0);
  console.log(
    pkg.package_name,
    "failed at",
    when.toISOString(),
  );
}
