// @ts-check
// What every package's stryker.config.mjs shares; a package names what to mutate and adds what
// its tests need. Run through `pnpm mutation` (scripts/mutation.sh).

/**
 * @param {Partial<import("@stryker-mutator/api/core").PartialStrykerOptions>} options
 * @returns {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export function strykerConfig(options) {
  return {
    packageManager: "pnpm",
    // Note: with pnpm, Stryker finds no plugin by scanning node_modules; it is named.
    plugins: ["@stryker-mutator/vitest-runner"],
    testRunner: "vitest",
    // Note: the tsconfig files extend ../../tsconfig.base.json; a sandbox one level deeper breaks
    // that, so the sources are mutated where they are, and put back at the end.
    inPlace: true,
    // Note: two cores, shared; a mutation run is CPU-bound and otherwise starves the tests' timers.
    concurrency: 1,
    coverageAnalysis: "perTest",
    // Note: a mutant in module-level code (a table built at load) needs every test run again,
    // about a minute each here; they are left out and counted as ignored.
    ignoreStatic: true,
    reporters: ["clear-text", "progress", "json", "html"],
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    htmlReporter: { fileName: "reports/mutation/mutation.html" },
    thresholds: { high: 90, low: 80, break: null },
    ...options,
  };
}
