import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliReadme, cliSection, pageDescription } from "../scripts/build.js";
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
        ["Shell", "curl (mock)"],
      ]);
      const file = (extension: string) =>
        readFileSync(join(codeSamples, `${operationId}.${extension}`), "utf8");
      expect(samples[0]?.source).toBe(file("ts"));
      expect(samples[1]?.source).toBe(file("sh"));
      expect(samples[0]?.source).toContain(`dlf.${operationId}(`);
      expect(samples[1]?.source).toContain("curl ");
    },
  );

  // Redoc leaves a sample out of the right panel when redocly.yaml names its tab differently.
  it("are the tabs the page is configured to show", () => {
    const configured = readFileSync(dist.html, "utf8").match(
      /"codeSamples":\{"languages":(\[.*?\])/,
    );
    expect(JSON.parse(configured?.[1] ?? "null")).toEqual([
      { lang: "TypeScript" },
      { lang: "Shell", label: "curl (mock)" },
    ]);
  });
});

describe("the page's description", () => {
  const info = (description: string) => ({ info: { version: "9.8.7", description } });

  it("puts the workflow picture where the spec marks it, after the versions", () => {
    const text = pageDescription(
      info("Before.\n\n<!-- figure: release-workflow (a note) -->\n\nAfter."),
      "1.2.3",
    );
    expect(text).toMatch(
      /^<p class="dlf-versions">.*data-spec-version>9\.8\.7<.*@dlf-release\/client 1\.2\.3</,
    );
    expect(text).toMatch(
      /\n\nBefore\.\n\n<figure class="dlf-workflow-figure"><svg [^\n]+<\/svg><\/figure>\n\nAfter\.$/,
    );
    expect(text).not.toContain("<!--");
  });

  it("fails the build when the spec lost its mark, or has two", () => {
    expect(() => pageDescription(info("No picture."), "1.2.3")).toThrow(/found 0/);
    const twice = "<!-- figure: release-workflow -->\n<!-- figure: release-workflow -->";
    expect(() => pageDescription(info(twice), "1.2.3")).toThrow(/found 2/);
  });

  it("is what the built page renders", () => {
    const html = readFileSync(dist.html, "utf8");
    expect(html).toContain('\\u003cfigure class=\\"dlf-workflow-figure\\">\\u003csvg');
    expect(html).not.toContain("figure: release-workflow");
  });
});

describe("the page's section on the CLI", () => {
  it("carries the CLI README's commands, exit codes and CI jobs, a heading level down", () => {
    const section = cliSection(readFileSync(cliReadme, "utf8"));
    expect(section).toMatch(/^## Command line: dlf-release\n/);
    for (const title of ["Commands", "Exit codes", "In CI"]) {
      expect(section).toContain(`\n### ${title}\n`);
    }
    expect(section).not.toMatch(/^## (?!Command line)/m);
    // Note: a YAML comment in a code block is not a heading.
    expect(section).toContain("```yaml\n# examples/ci/github/release.yml:");
  });

  it("fails the build when the README lost one of those sections", () => {
    expect(() => cliSection("## Commands\n\nx\n\n## In CI\n\ny\n")).toThrow(/Exit codes/);
  });

  it("is what the built page renders", () => {
    const html = readFileSync(dist.html, "utf8");
    expect(html).toContain("Command line: dlf-release");
    expect(html).toContain("dlf-release release --name");
  });
});
