// Run by Node, Deno and Bun from a project that installed the packed client: an AK/SK-signed GET
// with a query, an AK/SK-signed POST with a body, and a token call, against the loopback stand-in
// at DLF_SMOKE_URL. Prints one JSON line; any failure exits 1 with the error.
import process from "node:process";
import { createDlfClient } from "@dlf-release/client";

const runtime = globalThis.Deno
  ? `deno ${globalThis.Deno.version.deno}`
  : globalThis.Bun
    ? `bun ${globalThis.Bun.version}`
    : `node ${process.versions.node}`;

const common = {
  baseUrl: process.env.DLF_SMOKE_URL,
  projectId: "62099355b894428e8916573ae635f1f9",
  workspace: "e265f808151d458bb7967e0aaf42d146",
  retry: false,
};

try {
  const signed = createDlfClient({
    ...common,
    credentials: { accessKey: process.env.DLF_SMOKE_AK, secretKey: process.env.DLF_SMOKE_SK },
  });
  const pending = await signed.listFactoryPendingItems({
    limit: 2,
    submit_user_name: "smoke test",
  });
  const packages = await signed.listFactoryReleasePackages({ deploy_status_filter: [1, 5] });
  const withToken = createDlfClient({
    ...common,
    credentials: { token: process.env.DLF_SMOKE_TOKEN },
  });
  const detail = await withToken.showFactoryPackageDetail("3a2d8f7e-5b1c-4e6a-9f0d-1c2b3a4d5e6f");
  console.log(
    JSON.stringify({
      runtime,
      pendingTotal: pending.total,
      packagesTotal: packages.total,
      packageName: detail.release_package?.package_name,
    }),
  );
} catch (error) {
  console.error(`${runtime}: ${error?.name}: ${error?.message}`);
  process.exit(1);
}
