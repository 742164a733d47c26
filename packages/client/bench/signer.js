// @ts-check
// Signing alone: `signRequest` of @dlf-release/client/signer against the official Node core's
// AKSKSigner.sign, on a GET with a query and a POST with a JSON body; both must give the same
// Authorization at a fixed date first. Reported, no guard: a signature is microseconds of a call
// that crosses a WAN.
import { createRequire } from "node:module";
import { fromDist, interleave, QUICK, ratios, show } from "./lib.js";

const require = createRequire(import.meta.url);

/** @returns {Promise<import("./lib.js").Row[]>} */
export async function measureSigner() {
  const { signRequest } = /** @type {typeof import("../dist/signer/index.js")} */ (
    await fromDist("signer/index.js")
  );
  const officialPath = require.resolve("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner");
  const { AKSKSigner } = require(officialPath);
  // Note: the official signer dates its signature with moment(); moment.now pins that clock.
  const moment = createRequire(officialPath)("moment");
  const origin = "https://dayu.cn-north-4.myhuaweicloud.com/v2/62099355b894428e8916573ae635f1f9";
  const headers = { "X-Project-Id": "62099355b894428e8916573ae635f1f9", workspace: "e265f808" };
  const release = { package_name: "nightly", pending_item_list: ["a1", "b2"] };
  const body = JSON.stringify(release);
  /** @type {Record<string, [any, any]>} */
  const cases = {
    GET: [
      { method: "GET", url: `${origin}/factory/pending-items?limit=10&offset=0`, headers },
      {
        method: "GET",
        endpoint: `${origin}/factory/pending-items`,
        headers,
        queryParams: { limit: "10", offset: "0" },
      },
    ],
    POST: [
      {
        method: "POST",
        url: `${origin}/factory/pending-items/package`,
        headers: { ...headers, "content-type": "application/json" },
        body,
      },
      {
        method: "POST",
        endpoint: `${origin}/factory/pending-items/package`,
        headers: { ...headers, "content-type": "application/json" },
        queryParams: {},
        data: release,
      },
    ],
  };
  const credential = { getAk: () => "AK", getSk: () => "SK" };
  const keys = { accessKey: "AK", secretKey: "SK" };

  const now = new Date("2026-11-30T00:00:00Z");
  moment.now = () => now.getTime();
  for (const [name, [ours, theirs]] of Object.entries(cases)) {
    const mine = (await signRequest(/** @type {any} */ (ours), keys, { now })).headers
      .Authorization;
    const official = AKSKSigner.sign(
      { ...theirs, headers: { ...theirs.headers } },
      credential,
    ).Authorization;
    if (mine !== official) throw new Error(`${name}: signatures differ:\n${mine}\n${official}`);
  }
  moment.now = () => Date.now();

  const batch = QUICK ? 500 : 5000;
  /** µs per signature. @param {() => unknown} sign */
  const timed = (sign) => async () => {
    const start = performance.now();
    for (let i = 0; i < batch; i++) await sign();
    return ((performance.now() - start) * 1000) / batch;
  };
  const rows = [];
  for (const [name, [ours, theirs]] of Object.entries(cases)) {
    const us = await interleave(QUICK ? 3 : 11, {
      ours: timed(() => signRequest(/** @type {any} */ (ours), keys)),
      official: timed(() =>
        AKSKSigner.sign({ ...theirs, headers: { ...theirs.headers } }, credential),
      ),
    });
    rows.push({
      measure: `signing a ${name}, against the official signer`,
      figure: `${show(ratios(us.ours, us.official))}x (${show(us.ours, 1)} µs against ${show(us.official, 1)})`,
      guard: "reported",
      values: us,
    });
  }
  return rows;
}
