import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/**
 * The path of a binary that a devDependency of this package carries. A missing one is an error that
 * says how to get it: these tests never skip.
 */
function packagedBinary(packageName: string, relative: string): string {
  let dir: string;
  try {
    dir = dirname(require.resolve(`${packageName}/package.json`));
  } catch (error) {
    throw new Error(
      `${packageName} is not installed: run \`pnpm install\` at the repository root`,
      {
        cause: error,
      },
    );
  }
  const binary = join(dir, relative);
  if (!existsSync(binary)) throw new Error(`${packageName} has no ${relative} (${binary})`);
  return binary;
}

/** Deno, from npm's `@deno/linux-x64-glibc` (the binary is the package). */
export const denoPath = (): string => packagedBinary("@deno/linux-x64-glibc", "deno");
/** Bun, from npm's `@oven/bun-linux-x64`. */
export const bunPath = (): string => packagedBinary("@oven/bun-linux-x64", "bin/bun");
/** TypeScript's compiler, run with Node. */
export const tscPath = (): string => packagedBinary("typescript", "bin/tsc");
/** The GitHub Actions workflow validator (WebAssembly, no download), run with Node. */
export const actionValidatorPath = (): string => packagedBinary("@action-validator/cli", "cli.mjs");
