import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { PUBLIC_PACKAGES } from "../src/public-packages.js";
import { describeFailure, run } from "../src/run.js";
import { tscPath } from "../src/tools.js";

// The tarballs as users get them: installed with npm and with pnpm into projects of their own,
// imported from ESM, their bins run, and type-checked against a user's TypeScript file
// (consumer/consumer.ts).

const { packed, projects } = inject("release");

/** Every entry point of every public package, as a user writes its import. */
const specifiers = PUBLIC_PACKAGES.flatMap((pkg) =>
  pkg.entryPoints.map((entry) => (entry === "." ? pkg.name : `${pkg.name}/${entry.slice(2)}`)),
);

type Imported = Record<
  string,
  | { kind: "module"; exports: string[] }
  | { kind: "json"; keys: string[]; json: { version?: string; info?: { version?: string } } }
  | { kind: "file"; head: string }
>;

describe.each(["npm", "pnpm"] as const)("installed with %s", (manager) => {
  const project = projects[manager];

  it("imports every entry point from ESM", async () => {
    const result = await run(process.execPath, ["imports.js", JSON.stringify(specifiers)], {
      cwd: project,
    });
    expect(result.code, describeFailure("node", ["imports.js"], result)).toBe(0);
    const imported = JSON.parse(result.stdout) as Imported;
    expect(Object.keys(imported).sort()).toEqual([...specifiers].sort());

    const exportsOf = (specifier: string) => {
      const entry = imported[specifier];
      if (entry?.kind !== "module") throw new Error(`${specifier} is not a module`);
      return entry.exports;
    };
    expect(exportsOf("@dlf-release/client")).toEqual(
      expect.arrayContaining([
        "createDlfClient",
        "DlfApiError",
        "DlfError",
        "DlfTransportError",
        "DlfValidationError",
        "REGIONS",
      ]),
    );
    expect(exportsOf("@dlf-release/client/error-codes")).toEqual(
      expect.arrayContaining(["describeErrorCode", "ERROR_CODES"]),
    );
    expect(exportsOf("@dlf-release/client/signer")).toEqual(
      expect.arrayContaining(["signRequest"]),
    );

    for (const tarball of packed) {
      const manifest = imported[`${tarball.name}/package.json`];
      expect(manifest?.kind === "json" && manifest.json.version).toBe(tarball.version);
    }
    const spec = imported["@dlf-release/spec/openapi.json"];
    const specVersion = packed.find((p) => p.name === "@dlf-release/spec")?.version;
    expect(
      spec?.kind === "json" && spec.json.info?.version,
      "info.version is the package's version",
    ).toBe(specVersion);
    const outcome = imported["@dlf-release/cli/schemas/outcome.schema.json"];
    expect(
      outcome?.kind === "json" && outcome.keys,
      "self-contained: the spec's schemas in $defs",
    ).toEqual(expect.arrayContaining(["$schema", "$defs", "properties"]));
    const yaml = imported["@dlf-release/spec/openapi.yaml"];
    expect(yaml?.kind === "file" && yaml.head).toMatch(/^openapi: 3\.1\.\d/);
  });

  it.each(PUBLIC_PACKAGES.flatMap((pkg) => pkg.bins.map((bin) => [bin, pkg.name] as const)))(
    "runs the bin %s of %s",
    async (bin, name) => {
      const result = await run(join(project, "node_modules", ".bin", bin), ["--version"], {
        cwd: project,
      });
      expect(result.code, describeFailure(bin, ["--version"], result)).toBe(0);
      expect(result.stdout).toContain(packed.find((p) => p.name === name)?.version);
    },
  );

  it("runs doctor against the sandbox, both from the installed CLI (the spec and Ajv inlined)", async () => {
    const bin = join(project, "node_modules", ".bin", "dlf-release");
    const sandbox = spawn(bin, ["sandbox", "--port", "0"], { cwd: project });
    try {
      let banner = "";
      sandbox.stdout.setEncoding("utf8");
      while (!/http:\/\/127\.0\.0\.1:\d+/.test(banner)) {
        const [chunk] = (await Promise.race([
          once(sandbox.stdout, "data"),
          once(sandbox, "exit"),
        ])) as [string];
        if (sandbox.exitCode !== null) throw new Error(`the sandbox exited: ${banner}`);
        banner += chunk;
      }
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(banner)?.[0] as string;
      const env = {
        PATH: process.env.PATH,
        HOME: project,
        DLF_BASE_URL: url,
        DLF_TOKEN: "sandbox",
        HUAWEICLOUD_SDK_PROJECT_ID: "sandbox",
        DLF_WORKSPACE: "sandbox",
      };
      const result = await run(bin, ["doctor", "--json"], { cwd: project, env });
      expect(result.code, describeFailure("dlf-release", ["doctor", "--json"], result)).toBe(0);
      const { checks } = JSON.parse(result.stdout) as { checks: { id: string; verdict: string }[] };
      expect(checks.find((check) => check.id === "contract")?.verdict).toBe("pass");
    } finally {
      sandbox.kill("SIGTERM");
    }
  });
});

// Note: in pnpm's project only: its layout lets a package see only what it depends on, so a type
// one of ours uses without depending on it fails there, where npm's hoisting would hide it.
it("type-checks a user's TypeScript file against the types installed with pnpm", async () => {
  const result = await run(
    process.execPath,
    [tscPath(), "-p", join(projects.pnpm, "tsconfig.json")],
    {
      cwd: projects.pnpm,
    },
  );
  expect(result.code, describeFailure("tsc", ["-p", "tsconfig.json"], result)).toBe(0);
});
