# Against the mock (`pnpm start`). Against the service:
# https://dayu.<region>.myhuaweicloud.com, your project ID,
# workspace ID and IAM token (or an AK/SK signature).
# Never resend blindly: look for the package first.
curl -s -X POST 'http://127.0.0.1:4010/v2/62099355b894428e8916573ae635f1f9/factory/pending-items/package' \
  -H 'X-Auth-Token: any-token' \
  -H 'workspace: e265f808151d458bb7967e0aaf42d146' \
  -H 'Content-Type: application/json' \
  -d '{
    "apply_user_id": "f8ccc2ff3c7748e8a7bfede38ae1cffa",
    "package_name": "nightly_20261125",
    "pending_item_list": ["26"],
    "approver_ids": ["7b71e498e75d44048c9a22dd3c54f978"]
  }'
