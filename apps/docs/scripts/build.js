// @ts-check
// `pnpm build`: dist/index.html (a self-contained Redoc page of the bundled spec) and the bundled
// spec beside it (dist/openapi.yaml, dist/openapi.json) for download.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BADGE_LOGO_CDN, findExternalLoads } from "./check-dist.js";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const page = join(dist, "index.html");

/** The bundled spec that @dlf-release/spec publishes (turbo runs its `bundle` before this build). */
function specFiles() {
  try {
    return {
      yaml: require.resolve("@dlf-release/spec/openapi.yaml"),
      json: require.resolve("@dlf-release/spec/openapi.json"),
    };
  } catch {
    throw new Error(
      "the bundled spec is missing: run `pnpm --filter @dlf-release/spec bundle` first",
    );
  }
}

/**
 * The "API docs by Redocly" badge shows a logo from Redocly's CDN, and Redoc CE has no option to
 * hide it. The build swaps both CDN URLs for inline SVG images of the word "Redocly" (the
 * attribution and its link to redocly.com stay), so the page loads nothing from outside.
 */
const BADGE_LOGOS = {
  [`https://${BADGE_LOGO_CDN}/redoc/logo-mini-full.svg`]: svg(
    96,
    "Redocly",
    'font-size="15" font-weight="700"',
  ),
  [`https://${BADGE_LOGO_CDN}/redoc/logo-mini.svg`]: svg(
    24,
    "R",
    'font-size="18" font-weight="700"',
  ),
};

/**
 * @param {number} width
 * @param {string} text
 * @param {string} font
 */
function svg(width, text, font) {
  const image = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="24" viewBox="0 0 ${width} 24"><text x="${width / 2}" y="17" text-anchor="middle" font-family="system-ui, sans-serif" ${font} fill="#7a7a8c">${text}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(image).toString("base64")}`;
}

/** Where the spec's description asks for the workflow picture (an HTML comment elsewhere). */
export const FIGURE_MARKER = /<!-- figure: release-workflow\b[^>]*-->/g;
/** The picture of the release workflow, shown inline in the page. */
export const workflowSvg = join(root, "images", "release-workflow.svg");

/**
 * The description the page renders: the bundle's own, with the versions it documents first and the
 * workflow picture inline where the spec marks it. The bundle offered for download stays as it is.
 * @param {{ info: { version: string, description: string } }} bundle
 * @param {string} clientVersion
 */
export function pageDescription(bundle, clientVersion) {
  const markers = bundle.info.description.match(FIGURE_MARKER) ?? [];
  if (markers.length !== 1) {
    throw new Error(
      `expected one "<!-- figure: release-workflow -->" in the spec's info.description, found ${markers.length}`,
    );
  }
  // Note: one line, so that Markdown takes the figure as one HTML block and leaves it alone.
  const svg = readFileSync(workflowSvg, "utf8")
    .replace(/\s*\n\s*/g, " ")
    .trim();
  const versions =
    `<p class="dlf-versions">This reference describes version <strong data-spec-version>${bundle.info.version}</strong> ` +
    "of the API (the <code>@dlf-release/spec</code> package) and documents " +
    `<strong data-client-version>@dlf-release/client ${clientVersion}</strong>.</p>`;
  return `${versions}\n\n${bundle.info.description.replace(FIGURE_MARKER, `<figure class="dlf-workflow-figure">${svg}</figure>`)}`;
}

/** The CLI's README, whose sections on commands, exit codes and CI jobs the page shows. */
export const cliReadme = join(root, "..", "cli", "README.md");
const CLI_SECTIONS = ["Commands", "Exit codes", "In CI"];

/**
 * Markdown with every heading one level down; a "#" inside a fenced code block (a YAML comment)
 * is left alone.
 * @param {string} markdown
 */
function headingsDown(markdown) {
  let fenced = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (line.startsWith("```")) fenced = !fenced;
      return !fenced && line.startsWith("#") ? `#${line}` : line;
    })
    .join("\n");
}

/**
 * The page's section on the `dlf-release` CLI: those sections of its README, one heading level
 * down, under a heading of their own, so that the hosted reference carries them too.
 * @param {string} readme
 */
export function cliSection(readme) {
  const parts = readme.split(/^(?=## )/m);
  const sections = CLI_SECTIONS.map((title) => {
    const part = parts.find((p) => p.startsWith(`## ${title}\n`));
    if (!part) throw new Error(`apps/cli/README.md has no "## ${title}" section for the page`);
    return headingsDown(part.trim());
  });
  const intro =
    "`dlf-release` (the `@dlf-release/cli` package) releases what is pending and waits until the " +
    "release is done, with exit codes a CI pipeline can act on.";
  return `## Command line: dlf-release\n\n${intro}\n\n${sections.join("\n\n")}`;
}

function main() {
  const spec = specFiles();
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const bundle = JSON.parse(readFileSync(spec.json, "utf8"));
  bundle.info.description = `${pageDescription(
    bundle,
    require("@dlf-release/client/package.json").version,
  )}\n\n${cliSection(readFileSync(cliReadme, "utf8"))}`;
  const work = mkdtempSync(join(tmpdir(), "dlf-docs-build-"));
  const source = join(work, "openapi.json");
  writeFileSync(source, JSON.stringify(bundle));

  const cliPackage = require.resolve("@redocly/cli/package.json");
  const cli = join(dirname(cliPackage), require(cliPackage).bin.redocly);
  const result = spawnSync(
    process.execPath,
    [
      cli,
      "build-docs",
      source,
      "--inlineBundle",
      "--output",
      page,
      "--template",
      join(root, "template.hbs"),
      "--config",
      join(root, "redocly.yaml"),
      "--title",
      "DataArts Factory release-package API",
    ],
    // Note: telemetry is off in redocly.yaml too; the variable also covers the CLI's own start-up.
    { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: "off" }, encoding: "utf8" },
  );
  rmSync(work, { recursive: true, force: true });
  if (result.status !== 0) {
    throw new Error(
      `redocly build-docs failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
  }

  let html = readFileSync(page, "utf8");
  for (const [url, replacement] of Object.entries(BADGE_LOGOS)) {
    const count = html.split(url).length - 1;
    if (count !== 1) {
      throw new Error(
        `expected the badge logo ${url} once in Redoc's code, found it ${count} times: ` +
          "Redoc changed, update BADGE_LOGOS in scripts/build.js",
      );
    }
    html = html.replace(url, replacement);
  }
  writeFileSync(page, html);
  copyFileSync(spec.yaml, join(dist, "openapi.yaml"));
  copyFileSync(spec.json, join(dist, "openapi.json"));
  // Note: the picture on its own too, for a README or a slide to link to.
  copyFileSync(workflowSvg, join(dist, "release-workflow.svg"));

  const problems = findExternalLoads(html);
  if (problems.length > 0) {
    throw new Error(`dist/index.html would load from outside:\n  ${problems.join("\n  ")}`);
  }
  const kib = (Buffer.byteLength(html) / 1024).toFixed(0);
  console.log(
    `dist/index.html (${kib} KiB, no outside loads), dist/openapi.yaml, dist/openapi.json, dist/release-workflow.svg`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
