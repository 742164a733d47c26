import type { DlfClient, ReleasePackage } from "@dlf-release/client";
import type { Conflict } from "../outcome.js";

// The package name is the release's idempotency key, as a client token is in cloud APIs: before
// anything is sent, `release` looks for a package of that name and for open packages that hold
// the selected items. The API has no token of its own, so what a listing does not show yet (a
// package made a moment ago, by a run at the same moment) these checks cannot see.

/** The newest package of exactly this name, whatever its status. */
export async function findNamedPackage(
  dlf: DlfClient,
  name: string,
): Promise<ReleasePackage | undefined> {
  let newest: ReleasePackage | undefined;
  for await (const pkg of dlf.releasePackages({ key_word: name })) {
    // Note: key_word matches parts of names too; only the same name is the key.
    if (pkg.package_name !== name) continue;
    if (!newest || (pkg.apply_timestamp ?? 0) > (newest.apply_timestamp ?? 0)) newest = pkg;
  }
  return newest;
}

/**
 * The open packages (waiting for review or being released) other than `except` that hold some of
 * these items, each with the items it holds; a package's detail lists its items' IDs.
 */
export async function findHolders(
  dlf: DlfClient,
  itemIds: string[],
  except?: string,
): Promise<Conflict[]> {
  const wanted = new Set(itemIds);
  const conflicts: Conflict[] = [];
  if (wanted.size === 0) return conflicts;
  for await (const pkg of dlf.releasePackages({ deploy_status_filter: [1, 5] })) {
    // Note: a package the service listed whatever the filter asked is not open just for that.
    if (!pkg.package_id || pkg.package_id === except) continue;
    if (pkg.deploy_status !== 1 && pkg.deploy_status !== 5) continue;
    const detail = await dlf.showFactoryPackageDetail(pkg.package_id);
    const held = detail.task_details
      .map((task) => task.pending_item_id ?? "")
      .filter((id) => wanted.delete(id));
    if (held.length > 0) conflicts.push(conflictWith(detail.release_package, "items-held", held));
    if (wanted.size === 0) break;
  }
  return conflicts;
}

/** A conflict with a package, for the message and the document. */
export function conflictWith(
  pkg: ReleasePackage,
  reason: Conflict["reason"],
  items: string[],
): Conflict {
  return {
    reason,
    package_id: pkg.package_id ?? "",
    package_name: pkg.package_name ?? "",
    deploy_status: pkg.deploy_status ?? null,
    items,
    versions: [],
    unselected: [],
  };
}
