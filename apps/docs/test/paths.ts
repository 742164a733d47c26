import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** The built page and the spec copies beside it. */
export const dist = {
  html: fileURLToPath(new URL("../dist/index.html", import.meta.url)),
  yaml: fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url)),
  json: fileURLToPath(new URL("../dist/openapi.json", import.meta.url)),
};

/** The bundle that @dlf-release/spec publishes. */
export const specBundle = {
  yaml: require.resolve("@dlf-release/spec/openapi.yaml"),
  json: require.resolve("@dlf-release/spec/openapi.json"),
};

/** The package.json of the client that the page documents. */
export const clientManifest = require.resolve("@dlf-release/client/package.json");

/** The code samples that the spec's x-codeSamples reference. */
export const codeSamples = fileURLToPath(new URL("../../../spec/code-samples/", import.meta.url));

/** axe-core's script, which the browser test runs in the page. */
export const axeScript = require.resolve("axe-core/axe.min.js");

/** Where the browser test leaves its screenshots (gitignored). */
export const testResults = fileURLToPath(new URL("../test-results/", import.meta.url));

export interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  "x-codeSamples"?: Array<{ lang: string; label?: string; source: string }>;
}

/** The operations of the bundled spec, in the order of its paths. */
export function operations(): Operation[] {
  const spec = JSON.parse(readFileSync(specBundle.json, "utf8")) as {
    paths: Record<string, Record<string, Operation>>;
  };
  return Object.values(spec.paths).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => ["get", "put", "post", "delete", "patch"].includes(method))
      .map(([, operation]) => operation),
  );
}

/** The hash of an operation's view, as Redoc links it: #/<tag in kebab case>/<operationid>. */
export function operationHash({ operationId, tags }: Operation): string {
  const tag = String(tags[0]).toLowerCase().replaceAll(" ", "-");
  return `#/${tag}/${operationId.toLowerCase()}`;
}

/** The WCAG contrast ratio of two CSS colours given as rgb(...) or rgba(...) (alpha ignored). */
export function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const channels = colour
      .match(/[\d.]+/g)
      ?.slice(0, 3)
      .map(Number);
    if (channels?.length !== 3) throw new Error(`not an rgb() colour: ${colour}`);
    const [r = 0, g = 0, b = 0] = channels.map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
