import { describe, expect, it } from "vitest";
import { findExternalLoads } from "../scripts/check-dist.js";

/** A page shaped like Redoc's output: its code, then the definition and the options. */
function page({
  head = "",
  body = "",
  code = "",
  definition = {},
  options = { disableTelemetry: true },
} = {}) {
  return `<!DOCTYPE html><html><head>${head}</head><body>${body}
<script type="module">
${code}
const __redoc_definition = ${JSON.stringify(definition)};
const __redoc_options = ${JSON.stringify(options)};

hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'));
</script></body></html>`;
}

describe("findExternalLoads", () => {
  it("accepts a page of links, namespaces, local files and data: URLs", () => {
    const html = page({
      head: '<link rel="icon" href="data:,"><link rel="stylesheet" href="style.css">',
      body:
        '<a href="https://support.huaweicloud.com/intl/en-us/api-dataartsstudio/">API pages</a>' +
        '<svg xmlns="http://www.w3.org/2000/svg"><use href="#icon"/></svg>' +
        '<img src="data:image/svg+xml;base64,PHN2Zy8+"><img src="http://127.0.0.1:8080/x.png">',
      code: 'const docs = "https://redocly.com/docs/cli/";',
      definition: { info: { description: "[Huawei](https://www.huaweicloud.com/)" } },
    });
    expect(findExternalLoads(html)).toEqual([]);
  });

  it.each([
    ['<img src="https://cdn.example.com/logo.svg">', "<img src="],
    ['<img srcset="a.png 1x, https://cdn.example.com/b.png 2x">', "srcset"],
    ['<link rel="stylesheet" href="//cdn.example.com/x.css">', "<link href"],
    ['<link rel="preconnect" href="https://fonts.example.com">', "<link href"],
    ['<svg><use href="https://example.net/sprite.svg#x"/></svg>', "<use href"],
    ['<script src="https://cdn.example.com/redoc.js"></script>', "<script src"],
    ['<div style="background: url(https://example.net/bg.png)"></div>', "url("],
    ["<style>@import 'https://fonts.example.com/css';</style>", "@import"],
    ['<meta http-equiv="refresh" content="0; url=https://example.net/">', "<meta content"],
  ])("refuses a load in the markup: %s", (markup, what) => {
    const problems = findExternalLoads(page({ body: markup }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(what.split(" ")[0]);
  });

  it("refuses an image in the API description, Markdown or HTML", () => {
    const definition = {
      info: {
        description: "![logo](https://example.net/logo.png)",
        "x-logo": { url: "https://example.net/l.png" },
      },
      tags: [{ name: "t", description: '<img src="https://example.net/t.png">' }],
    };
    expect(findExternalLoads(page({ definition }))).toEqual([
      "definition: Markdown image https://example.net/logo.png in info.description",
      "definition: info.x-logo.url loads https://example.net/l.png",
      'definition: tags[0].description: <img src="https://example.net/t.png">',
    ]);
  });

  it("refuses the badge logo's CDN and any host in Redoc's code nobody has reviewed", () => {
    const code =
      'src:"https://cdn.redoc.ly/redoc/logo-mini.svg";fetch("https://telemetry.example.org/v1")';
    const problems = findExternalLoads(page({ code }));
    expect(problems).toEqual([
      "redoc: the badge logo still loads from https://cdn.redoc.ly/redoc/logo-mini.svg",
      expect.stringContaining("unreviewed URL https://telemetry.example.org/v1"),
    ]);
  });

  it("refuses a page whose Redoc telemetry is on", () => {
    expect(findExternalLoads(page({ options: { disableTelemetry: false } }))).toEqual([
      expect.stringContaining("disableTelemetry"),
    ]);
  });

  it("refuses a page that is not Redoc's output", () => {
    expect(findExternalLoads("<html><body>hello</body></html>")).toEqual([
      expect.stringContaining("no __redoc_definition"),
    ]);
  });
});
