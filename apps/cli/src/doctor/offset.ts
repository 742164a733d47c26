import type { DlfClient } from "@dlf-release/client";
import { SETTING_NAMES, type Settings } from "../config/resolve.js";
import { EXIT } from "../exit-codes.js";
import { serviceFailure } from "./access.js";
import { type CheckResult, skipped } from "./verdict.js";

/** A list the probe can read a page of, as IDs in the service's order. */
interface ProbedList {
  /** "pending items" or "release packages". */
  name: string;
  total: number;
  page(limit: number, offset: number): Promise<string[]>;
}

/** What the answers show `offset` to count. */
type Observed = "page" | "record" | "first" | "other";

/**
 * Check 7: what `offset` counts in this tenant, read-only. With three or more items, limit 2 at
 * offset 1 starts at the third item if offset counts pages, at the second if it counts records;
 * the first page is read again afterwards to see that the list held still.
 */
export async function offsetCheck(
  dlf: DlfClient,
  settings: Settings,
  workspace: string,
  pendingTotal: number | undefined,
): Promise<CheckResult> {
  try {
    const list = await probedList(dlf, workspace, pendingTotal);
    if (!list) {
      return skipped(
        "fewer than three pending items and release packages: what offset counts cannot be seen yet",
      );
    }
    const first = await list.page(3, 0);
    const second = await list.page(2, 1);
    const again = await list.page(3, 0);
    if (first.join() !== again.join()) {
      return {
        verdict: "warn",
        detail: `unknown: the ${list.name} changed while they were read; run doctor again when nothing is being released`,
      };
    }
    if (first.length < 3) {
      return {
        verdict: "warn",
        detail: `asked for 3 ${list.name}, got ${first.length} while total says ${list.total}: the service caps limit`,
        fix: "report it, with the limit it answers: the client's pages of 100 would each come back short",
      };
    }
    return verdict(observe(first, second), list.name, settings);
  } catch (error) {
    return serviceFailure(error);
  }
}

async function probedList(
  dlf: DlfClient,
  workspace: string,
  pendingTotal: number | undefined,
): Promise<ProbedList | undefined> {
  if (pendingTotal !== undefined && pendingTotal >= 3) {
    return {
      name: "pending items",
      total: pendingTotal,
      page: async (limit, offset) =>
        ((await dlf.listFactoryPendingItems({ limit, offset }, { workspace })).data ?? []).map(
          (item) => item.pending_item_id ?? "",
        ),
    };
  }
  const page = async (limit: number, offset: number) =>
    (await dlf.listFactoryReleasePackages({ limit, offset }, { workspace })).data.map(
      (pkg) => pkg.package_id ?? "",
    );
  const { total } = await dlf.listFactoryReleasePackages({ limit: 1 }, { workspace });
  return total >= 3 ? { name: "release packages", total, page } : undefined;
}

function observe(first: string[], second: string[]): Observed {
  if (second[0] === first[2]) return "page";
  if (second[0] === first[1]) return "record";
  if (second[0] === first[0]) return "first";
  return "other";
}

function verdict(observed: Observed, name: string, settings: Settings): CheckResult {
  const { value: configured, source } = settings.values.offsetMode;
  const { flag, env } = SETTING_NAMES.offsetMode;
  if (observed === "first" || observed === "other") {
    return {
      verdict: "fail",
      detail:
        observed === "first"
          ? `limit 2 at offset 1 began at the first of the ${name}: offset is ignored, or counts pages from 1; neither offset mode reads every item`
          : `limit 2 at offset 1 began at none of the first three ${name}: offset counts neither pages nor records`,
      fix: "report it, with this line: the CLI cannot page this tenant's lists correctly",
      exitCode: EXIT.error,
    };
  }
  const seen =
    observed === "page"
      ? `offset counts pages (limit 2 at offset 1 began at the third of the ${name})`
      : `offset counts records (limit 2 at offset 1 began at the second of the ${name})`;
  if (observed === configured) {
    return { verdict: "pass", detail: `${seen}: offset mode ${configured} (${source}) fits` };
  }
  return {
    verdict: "fail",
    detail: `${seen}, but the offset mode is ${configured} (${source}): lists would skip or repeat items`,
    fix: `set ${flag} ${observed} (or ${env}=${observed}, or "offsetMode": "${observed}" in the profile)`,
    exitCode: EXIT.error,
  };
}
