# Against the mock (`pnpm start`). Against the service:
# https://dayu.<region>.myhuaweicloud.com, your project ID,
# workspace ID and IAM token (or an AK/SK signature).
# Send a body, at least '{}'.
curl -s -X POST 'http://127.0.0.1:4010/v2/62099355b894428e8916573ae635f1f9/factory/release-packages' \
  -H 'X-Auth-Token: any-token' \
  -H 'workspace: e265f808151d458bb7967e0aaf42d146' \
  -H 'Content-Type: application/json' \
  -d '{"deploy_status_filter": [1], "limit": 10, "offset": 0}'
