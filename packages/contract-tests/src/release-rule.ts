import {
  type BreakingChange,
  findBreakingChanges,
  type OpenApiDocument,
} from "./breaking-changes.js";

/**
 * The release rule, in one place: a breaking change of the spec (against its last release,
 * spec/released/openapi.json) is a breaking change of every package made from it, so it must be
 * released as a new major version of each. Changesets chooses versions, so the rule is checked on
 * the pending changesets (.changeset/*.md): each package here needs a `major` one.
 */
export const MADE_FROM_SPEC = ["@dlf-release/spec", "@dlf-release/client"] as const;

/** A version bump, as a changeset names it. */
export type Bump = "major" | "minor" | "patch" | "none";

/** A pending changeset, as `@changesets/read` gives it. */
export interface PendingChangeset {
  id: string;
  releases: ReadonlyArray<{ name: string; type: Bump }>;
}

/** What the rule says about the current spec and the pending changesets. */
export interface ReleaseRuleResult {
  breaking: BreakingChange[];
  /** The biggest bump the pending changesets plan for each package made from the spec. */
  planned: Record<(typeof MADE_FROM_SPEC)[number], Bump>;
  /** Packages made from the spec that a breaking change needs a major changeset for, and lack it. */
  missing: string[];
  ok: boolean;
}

const ORDER: Bump[] = ["none", "patch", "minor", "major"];

/** The biggest bump that any of the changesets plans for `name`. */
export function plannedBump(changesets: readonly PendingChangeset[], name: string): Bump {
  let bump: Bump = "none";
  for (const changeset of changesets) {
    for (const release of changeset.releases) {
      if (release.name === name && ORDER.indexOf(release.type) > ORDER.indexOf(bump))
        bump = release.type;
    }
  }
  return bump;
}

/** Checks the rule: no breaking change, or a pending major changeset for each package made from the spec. */
export function checkReleaseRule(
  released: OpenApiDocument,
  current: OpenApiDocument,
  changesets: readonly PendingChangeset[],
): ReleaseRuleResult {
  const breaking = findBreakingChanges(released, current);
  const planned = Object.fromEntries(
    MADE_FROM_SPEC.map((name) => [name, plannedBump(changesets, name)]),
  ) as ReleaseRuleResult["planned"];
  const missing =
    breaking.length === 0 ? [] : MADE_FROM_SPEC.filter((name) => planned[name] !== "major");
  return { breaking, planned, missing, ok: missing.length === 0 };
}

/** The failure message of the rule: what broke, and the changeset that would release it. */
export function formatReleaseRule(result: ReleaseRuleResult): string {
  const front = MADE_FROM_SPEC.map((name) => `"${name}": major`).join("\n");
  return (
    `${result.breaking.length} breaking change(s) against the last release (spec/released/openapi.json) ` +
    `need a major version of ${result.missing.join(" and ")} (planned: ${JSON.stringify(result.planned)}). ` +
    "Keep the API compatible, or add a changeset (`pnpm changeset`) such as:\n" +
    `---\n${front}\n---\n\nWhat changed, and what users must do.\n\n` +
    result.breaking.map((c) => `- ${c.kind} at ${c.location}: ${c.message}`).join("\n")
  );
}
