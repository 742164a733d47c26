import { createDlfClient } from "@dlf-release/client";

// AK/SK and project ID from HUAWEICLOUD_SDK_AK, _SK and
// _PROJECT_ID. Mock (`pnpm start`): baseUrl
// "http://127.0.0.1:4010", any token.
const dlf = createDlfClient({
  region: "cn-north-4",
  workspace: process.env.DLF_WORKSPACE,
});

// One page: up to 50 items of one developer.
const page = await dlf.listFactoryPendingItems({
  submit_user_name: "fengqijie",
  limit: 50,
});
console.log(`${page.total} items pending release`);

// Every page, one item at a time.
const items = dlf.pendingItems({
  submit_user_name: "fengqijie",
});
for await (const item of items) {
  const { pending_item_id, item_name, pending_version } = item;
  console.log(pending_item_id, item_name, pending_version);
}
