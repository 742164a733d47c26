// @ts-check
// Checks that the built page loads nothing from outside: `pnpm check-dist` (the build runs it too).
//
// A URL is only a problem where the browser would fetch it on its own. The page has three parts,
// each read in its own way:
// - the markup (everything outside <script>): an outside URL may stand in <a href> or <area href>
//   (a link is followed only when clicked) and in attributes that name something (xmlns, ...); in a
//   loading attribute (src, srcset, poster, data, <link href>, <use href>, <base href>, a refresh)
//   or in CSS (url(), @import) it fails the check;
// - the API description (__redoc_definition, rendered by Redoc): Markdown links are fine; a
//   Markdown image, an HTML <img>/<iframe>/<source> etc. with an outside src, CSS url() or an
//   outside x-logo fail;
// - Redoc's own code: it is minified JavaScript, where no parser says which string gets fetched, so
//   every host named there must be on a reviewed list (OUTSIDE_HOSTS_IN_REDOC) with the reason it is
//   not fetched by this page; a new host (a Redocly upgrade) fails the check until someone looks.
//   The badge logo's CDN (cdn.redoc.ly) must be gone, and Redoc's telemetry must be off.
// The browser test (test/browser.test.ts) then proves it: it blocks and records every request that
// leaves 127.0.0.1.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Hosts that Redoc's code names, and why this page never fetches from them. */
export const OUTSIDE_HOSTS_IN_REDOC = {
  "www.w3.org": "XML namespace names (SVG, XLink, MathML): identifiers, never fetched",
  "redocly.com": "the badge's link (<a href>) and documentation links in messages",
  "github.com": "links in the console banner and in error messages",
  "react.dev": "link in React's error messages",
  "reactrouter.com": "link in a React Router warning",
  "yarnpkg.com": "link in a warning",
  "commonmark.org": "link in a GraphQL description",
  "en.wikipedia.org": "link in a GraphQL description",
  "example.com": "placeholder in the text of a schema description",
  "claude.ai": "link of an MCP 'add connector' button, shown only for an x-mcp description",
  "chatgpt.com": "link of an 'open in ChatGPT' button (a navigation, never a load)",
  "cdn.redocly.com":
    "icon sets (font-awesome, code) for icons that a definition names; this one names none",
  "otel.cloud.redocly.com": "telemetry collector, never called with disableTelemetry: true",
  localhost: "a base for parsing relative URLs and the telemetry exporter's default (loopback)",
};

/** The badge logo's CDN: the build replaces both URLs with inline images (scripts/build.js). */
export const BADGE_LOGO_CDN = "cdn.redoc.ly";

/** Attributes whose URL the browser fetches without a click (href is one too, except on <a>). */
const LOADING_ATTRIBUTES = new Set(["src", "poster", "data", "background"]);

const URL_PATTERN = /https?:\/\/[^\s"'`<>\\)]+/g;
const DEFINITION_START = "const __redoc_definition = ";
const OPTIONS_START = "const __redoc_options = ";

/**
 * Finds every outside load the page would make, and every URL in Redoc's code that nobody has
 * reviewed.
 * @param {string} html
 * @returns {string[]} one line per problem; empty when the page is self-contained
 */
export function findExternalLoads(html) {
  /** @type {string[]} */
  const problems = [];
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)];
  let markup = html;
  for (const [whole] of scripts) markup = markup.replace(whole, "<script></script>");

  for (const [, attributes = ""] of scripts) {
    const src = attribute(attributes, "src");
    if (src !== undefined && isOutside(src)) problems.push(`markup: <script src="${src}">`);
  }
  problems.push(...checkMarkup(markup, "markup"));

  const script = scripts.map(([, , body = ""]) => body).join("\n");
  const definitionAt = script.indexOf(DEFINITION_START);
  const optionsAt = script.indexOf(OPTIONS_START);
  if (definitionAt < 0 || optionsAt < definitionAt) {
    problems.push("page: no __redoc_definition / __redoc_options found (template changed?)");
    return problems;
  }
  const redocCode = script.slice(0, definitionAt);
  const definition = JSON.parse(
    script
      .slice(definitionAt + DEFINITION_START.length, optionsAt)
      .trim()
      .replace(/;$/, ""),
  );
  const optionsText = script.slice(optionsAt + OPTIONS_START.length);
  const options = JSON.parse(optionsText.slice(0, optionsText.indexOf(";\n")));

  if (options.disableTelemetry !== true) {
    problems.push("redoc: __redoc_options.disableTelemetry is not true (set telemetry: off)");
  }
  for (const [url, host] of hostsIn(redocCode)) {
    if (host === BADGE_LOGO_CDN) problems.push(`redoc: the badge logo still loads from ${url}`);
    else if (!(host in OUTSIDE_HOSTS_IN_REDOC)) {
      problems.push(`redoc: unreviewed URL ${url}: add its host to OUTSIDE_HOSTS_IN_REDOC if safe`);
    }
  }
  for (const [path, text] of stringsIn(definition)) {
    if (path.endsWith("x-logo.url") && isOutside(text)) {
      problems.push(`definition: ${path} loads ${text}`);
    }
    for (const [, url = ""] of text.matchAll(/!\[[^\]]*\]\(\s*<?([^\s)>]+)/g)) {
      if (isOutside(url)) problems.push(`definition: Markdown image ${url} in ${path}`);
    }
    problems.push(...checkMarkup(text, `definition: ${path}`));
  }
  return problems;
}

/**
 * Loading attributes and CSS in a piece of HTML.
 * @param {string} markup
 * @param {string} where
 */
function checkMarkup(markup, where) {
  /** @type {string[]} */
  const problems = [];
  for (const [, name = "", attributes = ""] of markup.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const element = name.toLowerCase();
    for (const [, key = "", ...quoted] of attributes.matchAll(
      /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g,
    )) {
      const attr = key.toLowerCase();
      const text = decode(quoted.find((part) => part !== undefined) ?? "");
      if (attr === "style") problems.push(...checkCss(text, `${where}: <${element} style>`));
      for (const url of loadedUrls(element, attr, text, attributes)) {
        if (isOutside(url)) problems.push(`${where}: <${element} ${attr}="${url}">`);
      }
    }
  }
  for (const [, css = ""] of markup.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) {
    problems.push(...checkCss(css, `${where}: <style>`));
  }
  return problems;
}

/**
 * The URLs an attribute makes the browser fetch without a click.
 * @param {string} element
 * @param {string} attr
 * @param {string} value
 * @param {string} attributes all attributes of the element
 * @returns {string[]}
 */
function loadedUrls(element, attr, value, attributes) {
  if (LOADING_ATTRIBUTES.has(attr)) return [value];
  if (attr === "srcset") return value.split(",").map((part) => part.trim().split(/\s+/)[0] ?? "");
  if (attr === "href" || attr === "xlink:href") {
    return element === "a" || element === "area" ? [] : [value];
  }
  if (attr === "content" && /http-equiv\s*=\s*["']?refresh/i.test(attributes)) {
    return [value.replace(/^.*?url\s*=\s*/i, "")];
  }
  return [];
}

/**
 * @param {string} css
 * @param {string} where
 */
function checkCss(css, where) {
  /** @type {string[]} */
  const problems = [];
  for (const [, url = ""] of css.matchAll(/url\(\s*["']?([^"')\s]+)/gi)) {
    if (isOutside(url)) problems.push(`${where}: url(${url})`);
  }
  for (const [, url = ""] of css.matchAll(/@import\s+(?:url\()?\s*["']?([^"')\s;]+)/gi)) {
    if (isOutside(url)) problems.push(`${where}: @import ${url}`);
  }
  return problems;
}

/**
 * An absolute or protocol-relative URL to another host; relative URLs, fragments and data:/blob:
 * stay on the page.
 * @param {string} url
 */
function isOutside(url) {
  const text = url.trim();
  if (text.startsWith("//")) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === "data" || scheme === "blob") return false;
  if (scheme !== "http" && scheme !== "https") return true;
  try {
    const { hostname } = new URL(text);
    return !(hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]");
  } catch {
    return true;
  }
}

/**
 * Every URL in a text, with its host.
 * @param {string} text
 * @returns {Array<[string, string]>}
 */
function hostsIn(text) {
  return [...text.matchAll(URL_PATTERN)].map(([url]) => {
    const host = /^https?:\/\/([^/:?#${}]+)/.exec(url)?.[1] ?? url;
    return [url, host.toLowerCase()];
  });
}

/**
 * Every string in a JSON value, with its path.
 * @param {unknown} value
 * @param {string} [path]
 * @returns {Generator<[string, string]>}
 */
function* stringsIn(value, path = "") {
  if (typeof value === "string") yield [path, value];
  else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* stringsIn(item, `${path}[${index}]`);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      yield* stringsIn(item, path ? `${path}.${key}` : key);
    }
  }
}

/**
 * @param {string} attributes
 * @param {string} name
 */
function attribute(attributes, name) {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(
    attributes,
  );
  return match ? decode(match[1] ?? match[2] ?? match[3] ?? "") : undefined;
}

/** @param {string} text */
function decode(text) {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? fileURLToPath(new URL("../dist/index.html", import.meta.url));
  const problems = findExternalLoads(readFileSync(file, "utf8"));
  if (problems.length > 0) {
    console.error(`${file} would load from outside:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`${file}: no outside loads.`);
}
