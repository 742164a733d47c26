import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findExternalLoads } from "../scripts/check-dist.js";
import { codeSamples, dist, operations, specBundle } from "./paths.js";

describe("dist", () => {
  it("carries the bundled spec for download, identical to @dlf-release/spec's", () => {
    expect(readFileSync(dist.yaml)).toEqual(readFileSync(specBundle.yaml));
    expect(readFileSync(dist.json)).toEqual(readFileSync(specBundle.json));
  });

  it("has a page that loads nothing from outside", () => {
    expect(findExternalLoads(readFileSync(dist.html, "utf8"))).toEqual([]);
  });

  it("has a page with the spec, Redoc inlined and telemetry off", () => {
    const html = readFileSync(dist.html, "utf8");
    expect(html).toContain("<title>DataArts Factory release-package API</title>");
    expect(html).toContain("Content-Security-Policy");
    expect(html).toContain('"disableTelemetry":true');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toContain("cdn.redoc.ly");
  });
});

describe("code samples", () => {
  const all = operations();

  it("cover the four operations", () => {
    expect(all.map((operation) => operation.operationId).sort()).toEqual([
      "createFactoryPendingItemsPackage",
      "listFactoryPendingItems",
      "listFactoryReleasePackages",
      "showFactoryPackageDetail",
    ]);
  });

  it.each(all.map((operation) => [operation.operationId, operation] as const))(
    "of %s are the files in spec/code-samples, inlined by the bundle",
    (operationId, operation) => {
      const samples = operation["x-codeSamples"] ?? [];
      expect(samples.map(({ lang, label }) => [lang, label])).toEqual([
        ["TypeScript", "TypeScript"],
        ["Shell", "curl (sandbox)"],
      ]);
      const file = (extension: string) =>
        readFileSync(join(codeSamples, `${operationId}.${extension}`), "utf8");
      expect(samples[0]?.source).toBe(file("ts"));
      expect(samples[1]?.source).toBe(file("sh"));
      expect(samples[0]?.source).toContain(`dlf.${operationId}(`);
      expect(samples[1]?.source).toContain("curl ");
    },
  );
});
