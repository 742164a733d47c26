import type { components } from "@dlf-release/client";
import { example, type IncomingCall } from "./spec-check.js";

type Schemas = components["schemas"];
type PendingItem = Schemas["PendingItem"];
type TaskDetail = Schemas["TaskDetail"];

/** How a package's release ends. */
export type PackageOutcome = "released" | "failed";

/** A package of the stand-in and the statuses it shows, one per look. */
export interface Package {
  id: string;
  name: string;
  items: PendingItem[];
  /** deploy_status per look at the package; the last one stays. */
  path: Array<1 | 2 | 3 | 5>;
  looks: number;
  applyUserId: string;
  approvers: string[];
  /** When the release was asked for, and when it ended, in ms; by default fixed dates. */
  appliedAt?: number;
  deployedAt?: number;
  /** Set once a look has seen the package end and its items have moved on. */
  settled?: boolean;
}

/** The status path of a package: `steps` looks at 1, `steps` at 5, then 2 or 3. */
export function statusPath(outcome: PackageOutcome, steps = 1): Array<1 | 2 | 3 | 5> {
  return [...Array(steps).fill(1), ...Array(steps).fill(5), outcome === "released" ? 2 : 3];
}

const ITEMS: PendingItem[] = (example("PendingItemsTwoJobs").data as PendingItem[]).map((item) => ({
  ...item,
}));
const PROJECT = "62099355b894428e8916573ae635f1f9-workspace-e265f808151d458bb7967e0aaf42d146";

/** What `offset` counts in the stand-in's answers: pages (the API pages' reading) or records. */
export type OffsetMode = "page" | "record";

/** The service's state: pending items and packages, moved on by requests alone. */
export class StandInState {
  pending: PendingItem[];
  readonly packages: Package[];
  private readonly outcome: PackageOutcome;
  private readonly steps: number;
  private readonly offsetMode: OffsetMode;

  constructor(options: {
    pending?: PendingItem[];
    packages?: Package[];
    outcome?: PackageOutcome;
    steps?: number;
    offsetMode?: OffsetMode;
  }) {
    this.pending = options.pending ?? ITEMS.map((item) => ({ ...item }));
    this.packages = options.packages ?? [];
    this.outcome = options.outcome ?? "released";
    this.steps = options.steps ?? 1;
    this.offsetMode = options.offsetMode ?? "page";
  }

  /** The pending items as listed (a copy). */
  pendingItems(): PendingItem[] {
    return this.pending.map((item) => ({ ...item }));
  }

  /** Answers a request that passed the spec's checks: [status, body]. */
  handle(call: IncomingCall): [number, unknown] {
    switch (call.operationId) {
      case "listFactoryPendingItems": {
        const name = call.query.get("submit_user_name");
        const items = this.pending.filter(
          (item) => name === null || item.submit_user_name === name,
        );
        return [
          200,
          {
            data: this.page(items, call.query.get("limit"), call.query.get("offset")),
            total: items.length,
          },
        ];
      }
      case "createFactoryPendingItemsPackage":
        return [200, this.create(call.body as Schemas["CreateFactoryPendingItemsPackageRequest"])];
      case "listFactoryReleasePackages": {
        const body = (call.body ?? {}) as Schemas["ListFactoryReleasePackagesRequest"];
        const listed = this.packages
          .map((pkg) => releasePackage(pkg, current(pkg)))
          .filter((pkg) => !body.key_word || pkg.package_name?.includes(body.key_word))
          .filter(
            (pkg) =>
              !body.deploy_status_filter ||
              body.deploy_status_filter.includes(pkg.deploy_status as 1),
          );
        return [200, { data: this.page(listed, body.limit, body.offset), total: listed.length }];
      }
      default: {
        const pkg = this.packages.find((candidate) => candidate.id === call.path.package_id);
        if (!pkg) return [404, example("ApigApiNotFound")];
        const status = current(pkg);
        pkg.looks += 1;
        if ((status === 2 || status === 3) && !pkg.settled) {
          // Note: a timestamp to show, not a clock that moves anything.
          pkg.deployedAt ??= Date.now();
          pkg.settled = true;
          this.settle(pkg, status);
        }
        return [
          200,
          { release_package: releasePackage(pkg, status), task_details: tasks(pkg, status) },
        ];
      }
    }
  }

  /**
   * A release that ended: released items are no longer pending; a failed package's items are free
   * to be packed again (what the real service does with them is not documented).
   */
  private settle(pkg: Package, status: 2 | 3) {
    const ids = new Set(pkg.items.map((item) => item.pending_item_id));
    if (status === 2) {
      this.pending = this.pending.filter((item) => !ids.has(item.pending_item_id));
      return;
    }
    for (const item of this.pending) if (ids.has(item.pending_item_id)) item.package_flag = 0;
  }

  /** One page of a list, by `limit` and `offset` as this stand-in reads them. */
  private page<T>(
    items: T[],
    limit: string | number | null | undefined,
    offset: string | number | null | undefined,
  ): T[] {
    const size = Number(limit ?? 10);
    const start = Number(offset ?? 0) * (this.offsetMode === "page" ? size : 1);
    return items.slice(start, start + size);
  }

  private create(body: Schemas["CreateFactoryPendingItemsPackageRequest"]) {
    const id = String(100 + this.packages.length);
    const items = this.pending.filter((item) =>
      body.pending_item_list.includes(item.pending_item_id ?? ""),
    );
    for (const item of items) item.package_flag = 1;
    this.packages.push({
      id,
      name: body.package_name,
      items,
      path: statusPath(this.outcome, this.steps),
      looks: 0,
      applyUserId: body.apply_user_id,
      approvers: body.approver_ids,
      // Note: a timestamp to show, not a clock that moves anything.
      appliedAt: Date.now(),
    });
    return { package_name: body.package_name, release_package_id: id };
  }
}

const current = (pkg: Package) =>
  pkg.path[Math.min(pkg.looks, pkg.path.length - 1)] as 1 | 2 | 3 | 5;

function releasePackage(pkg: Package, status: 1 | 2 | 3 | 5): Schemas["ReleasePackage"] {
  return {
    apply_timestamp: pkg.appliedAt ?? 1764057600000,
    apply_user_id: pkg.applyUserId,
    apply_user_name: "applicant",
    delete_flag: 0,
    deploy_status: status,
    ...(status === 2 || status === 3
      ? {
          deploy_timestamp: pkg.deployedAt ?? (pkg.appliedAt ?? 1764057600000) + 60_000,
          deploy_user_name: "deployer",
        }
      : {}),
    package_approvers: pkg.approvers.map((user_id) => ({ user_id, user_name: `user-${user_id}` })),
    package_id: pkg.id,
    package_name: pkg.name,
    project_id: PROJECT,
    workspace_id: "e265f808151d458bb7967e0aaf42d146",
  };
}

/** The items' outcome: all waiting at 1, the first done at 5, all done at 2, the last failed at 3. */
function tasks(pkg: Package, status: 1 | 2 | 3 | 5): TaskDetail[] {
  return pkg.items.map((item, index): TaskDetail => {
    const last = index === pkg.items.length - 1;
    const deployStatus = status === 5 ? (index === 0 ? 2 : 5) : status === 3 && !last ? 2 : status;
    return {
      deploy_status: deployStatus,
      item_name: item.item_name ?? "",
      pending_item_id: item.pending_item_id ?? "",
      pending_version: item.pending_version ?? 1,
      task_id: item.task_id ?? "",
      task_type: item.task_type ?? 1,
      update_type: item.update_type ?? 1,
      ...(deployStatus === 2 || deployStatus === 3 ? { start_job_status: deployStatus } : {}),
    };
  });
}
