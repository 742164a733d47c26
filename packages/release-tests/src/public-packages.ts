/** A package that a release publishes to npm, and what its tarball must offer. */
export interface PublicPackage {
  /** The npm name. */
  name: string;
  /** Its folder, from the repository root. */
  dir: string;
  /** The keys of its `exports`, as published: each one is imported from the installed tarball. */
  entryPoints: string[];
  /** The commands of its `bin`: each runs `--version` from the installed tarball. */
  bins: string[];
}

/**
 * Every package the release publishes. A new public package is one entry here (and its file list,
 * written by `pnpm --filter @dlf-release/release-tests update-manifests`); a test fails while a
 * workspace package that is not private is missing from this list.
 */
export const PUBLIC_PACKAGES: readonly PublicPackage[] = [
  {
    name: "@dlf-release/spec",
    dir: "spec",
    entryPoints: ["./openapi.yaml", "./openapi.json", "./package.json"],
    bins: [],
  },
  {
    name: "@dlf-release/client",
    dir: "packages/client",
    entryPoints: [".", "./error-codes", "./signer", "./package.json"],
    bins: [],
  },
  {
    name: "@dlf-release/cli",
    dir: "apps/cli",
    entryPoints: [
      "./package.json",
      ...["outcome", "pending", "packages", "show", "config", "doctor"].map(
        (command) => `./schemas/${command}.schema.json`,
      ),
    ],
    bins: ["dlf-release"],
  },
];

/** The file (under manifests/) that lists a package's tarball, one path a line. */
export function manifestName(name: string): string {
  return `${name.replace(/^@/, "").replace("/", "__")}.txt`;
}
