import type { DlfClient, PendingItem } from "@dlf-release/client";
import { CliError, EXIT } from "../exit-codes.js";
import { STATUS_PHRASE } from "../names.js";
import { type PendingFilters, pendingQuery } from "./pending.js";

// What makes a release a duplicate, checked before anything is sent: items that are already in a
// package (package_flag), or a package of the same name waiting for review (1) or being released (5).

/** The items to release, and those of the selection left out because they are already packed. */
export interface Selection {
  ids: string[];
  leftOut: PendingItem[];
}

const packed = (item: PendingItem) => (item.package_flag ?? 0) !== 0;
const idsOf = (items: PendingItem[]) => items.map((item) => item.pending_item_id ?? "?").join(", ");

/** The named items; any that is not pending, or already in a package, stops the release. */
export async function selectNamedItems(dlf: DlfClient, ids: string[]): Promise<Selection> {
  const pending = new Map<string, PendingItem>();
  for await (const item of dlf.pendingItems({})) {
    if (item.pending_item_id) pending.set(item.pending_item_id, item);
  }
  const missing = ids.filter((id) => !pending.has(id));
  if (missing.length > 0) {
    throw new CliError(
      `--item ${missing.join(", ")}: not pending release (released already, or no such item)`,
      EXIT.error,
    );
  }
  const inPackage = ids.map((id) => pending.get(id) as PendingItem).filter(packed);
  if (inPackage.length > 0) {
    throw new CliError(
      `refused: item ${idsOf(inPackage)} is already in a release package (package_flag); releasing it again would duplicate it`,
      EXIT.duplicate,
    );
  }
  return { ids, leftOut: [] };
}

/** Every matching pending item that is not in a package yet; refused when all of them are. */
export async function selectPendingItems(
  dlf: DlfClient,
  filters: PendingFilters,
): Promise<Selection> {
  const items: PendingItem[] = [];
  for await (const item of dlf.pendingItems(pendingQuery(filters))) items.push(item);
  const leftOut = items.filter(packed);
  const ids = items.filter((item) => !packed(item)).map((item) => item.pending_item_id ?? "");
  if (ids.length === 0 && leftOut.length > 0) {
    throw new CliError(
      `refused: all ${leftOut.length} matching items are already in a release package (package_flag): ${idsOf(leftOut)}`,
      EXIT.duplicate,
    );
  }
  return { ids, leftOut };
}

/** A package of this name that is waiting for review or being released, if any. */
export async function findOpenPackage(dlf: DlfClient, name: string) {
  for await (const pkg of dlf.releasePackages({ key_word: name, deploy_status_filter: [1, 5] })) {
    // Note: key_word matches parts of names too; only the same name is a duplicate.
    if (pkg.package_name === name) return pkg;
  }
  return undefined;
}

/** Refuses a name that an open package already has. */
export async function guardPackageName(dlf: DlfClient, name: string): Promise<void> {
  const open = await findOpenPackage(dlf, name);
  if (!open) return;
  const phrase = STATUS_PHRASE[open.deploy_status ?? 0] ?? "open";
  throw new CliError(
    `refused: package ${open.package_id} named "${name}" is already ${phrase}; choose another --name, or follow it with: dlf-release wait ${open.package_id}`,
    EXIT.duplicate,
  );
}
