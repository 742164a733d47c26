import { createDlfClient, DlfApiError, type DlfClient } from "@dlf-release/client";
import { afterEach, describe, expect, inject, test } from "vitest";
import { liveTarget } from "../setup/target.js";
import {
  strictSpecValidator,
  type ValidatingFetch,
  validatingFetch,
} from "../support/response-validator.js";

// The real service, read-only: every answer is checked against the spec twice, by `prism proxy`
// (token calls) and by Ajv in 2020-12 mode (every call), which reads the spec strictly: a field the
// spec does not list fails too, so that a drift of the service is reported. Nothing is released.

const target = liveTarget();
if (!target) throw new Error("test/live runs only with DLF_CONTRACT_TARGET=live");
const proxyUrl = inject("proxyUrl");

type Credentials = { token: string } | { accessKey: string; secretKey: string };

interface Way {
  name: string;
  client: (fetch: ValidatingFetch, credentials?: Credentials) => DlfClient;
  /** Credentials the service must refuse. */
  wrong: Credentials;
}

const ways: Way[] = [];
if (target.token && proxyUrl) {
  const token = target.token;
  ways.push({
    // Note: prism proxy rewrites Host and re-encodes the query, which would break an AK/SK
    // signature; a token is not bound to either.
    name: "IAM token, through prism proxy",
    client: (fetch, credentials = { token }) =>
      createDlfClient({ ...common(), baseUrl: proxyUrl, credentials, fetch }),
    wrong: { token: "not-a-token" },
  });
}
if (target.akSk) {
  const akSk = target.akSk;
  ways.push({
    name: "AK/SK signature, direct",
    client: (fetch, credentials = akSk) =>
      createDlfClient({ ...common(), baseUrl: target.baseUrl, credentials, fetch }),
    // Note: an access key that does not exist: wrong signatures with the real one would count
    // towards the gateway's lock (5 failures lock an AK/SK for 5 minutes).
    wrong: { accessKey: "DLFCONTRACTNOSUCHKEY", secretKey: "not-a-secret-key" },
  });
}

function common() {
  return { projectId: target!.projectId, workspace: target!.workspace, env: {} };
}

let seen: ValidatingFetch | undefined;
afterEach(() => {
  // Note: every answer of every test, errors included, must match the spec.
  expect(seen?.violations ?? []).toEqual([]);
  seen = undefined;
});
const client = (way: Way, credentials?: Credentials) => {
  seen = validatingFetch(undefined, strictSpecValidator);
  return way.client(seen, credentials);
};

describe.each(ways)("$name", (way) => {
  test("listFactoryPendingItems answers a page", async () => {
    const page = await client(way).listFactoryPendingItems({ limit: 5 });
    expect(page.total).toBeGreaterThanOrEqual(page.data?.length ?? 0);
    expect(page.data?.length ?? 0).toBeLessThanOrEqual(5);
  });

  test("listFactoryReleasePackages answers a page, with and without filters", async () => {
    const dlf = client(way);
    const all = await dlf.listFactoryReleasePackages({ limit: 5 });
    expect(all.data.length).toBeLessThanOrEqual(5);
    const reviewed = await dlf.listFactoryReleasePackages({
      deploy_status_filter: [2, 3],
      limit: 5,
    });
    for (const pkg of reviewed.data) expect([2, 3]).toContain(pkg.deploy_status);
  });

  test("showFactoryPackageDetail shows the newest package, or refuses an unknown one typed", async () => {
    const dlf = client(way);
    const [newest] = (await dlf.listFactoryReleasePackages({ limit: 1 })).data;
    if (newest?.package_id) {
      const detail = await dlf.showFactoryPackageDetail(newest.package_id);
      expect(detail.release_package.package_id).toBe(newest.package_id);
    } else {
      await expect(dlf.showFactoryPackageDetail("0")).rejects.toBeInstanceOf(DlfApiError);
    }
  });

  test("the iterators walk up to three pages", async () => {
    const dlf = client(way);
    let count = 0;
    for await (const _ of dlf.releasePackages({}, { pageSize: 2 })) if (++count === 6) break;
    const { total } = await dlf.listFactoryReleasePackages({ limit: 1 });
    expect(count).toBe(Math.min(6, total));
  });

  test("a wrong credential is refused with 401 and a typed error", async () => {
    const wrong = client(way, way.wrong);
    const error = await wrong.listFactoryPendingItems({ limit: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DlfApiError);
    expect(error).toMatchObject({ status: 401 });
    expect((error as DlfApiError).errorCode).toMatch(/^APIGW?\.030[13]$/);
  });
});
