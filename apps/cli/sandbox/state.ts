import type { components } from "@dlf-release/client";
import type { FaultedRequest, FaultName, FaultPlan } from "./faults.js";
import { BadParameter, filterPendingItems, filterReleasePackages } from "./filters.js";
import { example, type IncomingCall } from "./spec-check.js";

type Schemas = components["schemas"];
type PendingItem = Schemas["PendingItem"];
type TaskDetail = Schemas["TaskDetail"];

/** How a package's release ends. */
export type PackageOutcome = "released" | "failed";

/** What is wrong with how a package ends, by the fault that made it (faults.ts). */
export type PackageFlaw = Extract<FaultName, "task-failed" | "job-start-failed" | "tasks-behind">;

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
  /** The applicant's and the deployer's user names; by default "applicant" and "deployer". */
  applyUserName?: string;
  deployUserName?: string;
  /** When the release was asked for, and when it ended, in ms; by default fixed dates. */
  appliedAt?: number;
  deployedAt?: number;
  /** Set once a look has seen the package end and its items have moved on. */
  settled?: boolean;
  flaws?: PackageFlaw[];
  /** Once released, its first item is pending again at the next version. */
  newerVersion?: boolean;
}

/** The status path of a package: `steps` looks at 1, `steps` at 5, then 2 or 3. */
export function statusPath(outcome: PackageOutcome, steps = 1): Array<1 | 2 | 3 | 5> {
  return [...Array(steps).fill(1), ...Array(steps).fill(5), outcome === "released" ? 2 : 3];
}

/** What `offset` counts in the stand-in's answers: pages (the API pages' reading) or records. */
export type OffsetMode = "page" | "record";

const FILTERS_IGNORED: ReadonlySet<FaultName> = new Set(["filters-ignored"]);
const FLAWS: readonly PackageFlaw[] = ["task-failed", "job-start-failed", "tasks-behind"];
const NEWER_VERSION: ReadonlySet<FaultName> = new Set(["newer-version"]);

/** The service's state: pending items and packages, moved on by requests alone. */
export class StandInState {
  pending: PendingItem[];
  readonly packages: Package[];
  private readonly outcome: PackageOutcome;
  private readonly steps: number;
  private readonly offsetMode: OffsetMode;
  private readonly faults: FaultPlan | undefined;
  private made = 0;
  private readonly log: (line: string) => void;

  constructor(options: {
    pending: PendingItem[];
    packages: Package[];
    outcome?: PackageOutcome | undefined;
    steps?: number | undefined;
    offsetMode?: OffsetMode | undefined;
    faults?: FaultPlan;
    log?: (line: string) => void;
  }) {
    this.log = options.log ?? (() => {});
    this.pending = options.pending;
    this.packages = options.packages;
    this.outcome = options.outcome ?? "released";
    this.steps = options.steps ?? 1;
    this.offsetMode = options.offsetMode ?? "page";
    this.faults = options.faults;
  }

  /** The pending items as listed (a copy). */
  pendingItems(): PendingItem[] {
    return this.pending.map((item) => ({ ...item }));
  }

  /** Answers a request that passed the spec's checks: [status, body]. */
  handle(call: IncomingCall, request: FaultedRequest): [number, unknown] {
    const unfiltered = this.faults?.take(request, FILTERS_IGNORED) !== undefined;
    try {
      switch (call.operationId) {
        case "listFactoryPendingItems": {
          const items = unfiltered ? this.pending : filterPendingItems(this.pending, call.query);
          return [
            200,
            {
              data: this.page(items, call.query.get("limit"), call.query.get("offset")),
              total: items.length,
            },
          ];
        }
        case "createFactoryPendingItemsPackage":
          return [
            200,
            this.create(call.body as Schemas["CreateFactoryPendingItemsPackageRequest"], request),
          ];
        case "listFactoryReleasePackages": {
          const body = (call.body ?? {}) as Schemas["ListFactoryReleasePackagesRequest"];
          const all = this.packages.map((pkg) => releasePackage(pkg, current(pkg)));
          const listed = unfiltered ? all : filterReleasePackages(all, body);
          return [200, { data: this.page(listed, body.limit, body.offset), total: listed.length }];
        }
        default:
          return this.look(call.path.package_id ?? "");
      }
    } catch (error) {
      // Note: the service's answer to a parameter it cannot use; the sandbox's log says which.
      if (error instanceof BadParameter) {
        this.log(`${call.operationId} refused: ${error.message}`);
        return [400, example("DlfInvalidParameter")];
      }
      throw error;
    }
  }

  /** showFactoryPackageDetail: the package as this look sees it; the look moves it on. */
  private look(id: string): [number, unknown] {
    const pkg = this.packages.find((candidate) => candidate.id === id);
    // Note: the service refuses an ID it does not know as a bad parameter, not a missing path.
    if (!pkg) return [400, example("DlfInvalidParameter")];
    const at = Math.min(pkg.looks, pkg.path.length - 1);
    const status = current(pkg);
    const behind = pkg.flaws?.includes("tasks-behind") === true && at === pkg.path.indexOf(2);
    pkg.looks += 1;
    const details = tasks(pkg, status, behind);
    if ((status === 2 || status === 3) && !behind && !pkg.settled) {
      // Note: a timestamp to show, not a clock that moves anything.
      pkg.deployedAt ??= Date.now();
      pkg.settled = true;
      this.settle(pkg, details);
    }
    return [200, { release_package: releasePackage(pkg, status), task_details: details }];
  }

  /**
   * A release that ended: the items of released tasks are no longer pending; those of failed tasks
   * are free to be packed again (what the real service does with them is not documented).
   */
  private settle(pkg: Package, details: TaskDetail[]) {
    const released = new Set(
      details.filter((task) => task.deploy_status === 2).map((task) => task.pending_item_id),
    );
    const packed = new Set(pkg.items.map((item) => item.pending_item_id));
    this.pending = this.pending.filter((item) => !released.has(item.pending_item_id));
    for (const item of this.pending) if (packed.has(item.pending_item_id)) item.package_flag = 0;
    // Note: a deleted job has no next version; the first item that was not a delete comes back.
    const first = pkg.items.find((item) => item.update_type !== 3);
    if (pkg.newerVersion && first && released.has(first.pending_item_id)) {
      const version = first.pending_version ?? 1;
      this.pending.unshift({
        ...first,
        deployed_version: version,
        package_flag: 0,
        pending_version: version + 1,
        submit_timestamp: Date.now(),
        update_type: 2,
      });
    }
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

  private create(
    body: Schemas["CreateFactoryPendingItemsPackageRequest"],
    request: FaultedRequest,
  ) {
    const items = this.pending.filter((item) =>
      body.pending_item_list.includes(item.pending_item_id ?? ""),
    );
    // Note: what the service does with these is not documented; refusing them is the safe reading.
    if (body.pending_item_list.length === 0 || body.approver_ids.length === 0 || !body.package_name)
      throw new BadParameter("a package needs a name, items and approvers");
    const unknown = body.pending_item_list.filter(
      (id) => !items.some((item) => item.pending_item_id === id),
    );
    if (unknown.length > 0) throw new BadParameter(`not pending: ${unknown.join(", ")}`);
    const open = this.packages.filter((pkg) => {
      const status = current(pkg);
      return status === 1 || status === 5;
    });
    const held = items.filter((item) =>
      open.some((pkg) =>
        pkg.items.some((packed) => packed.pending_item_id === item.pending_item_id),
      ),
    );
    if (held.length > 0)
      throw new BadParameter(
        `in an open package already: ${held.map((item) => item.pending_item_id).join(", ")}`,
      );
    const id = String(100 + this.made);
    this.made += 1;
    for (const item of items) item.package_flag = 1;
    const flaws = FLAWS.filter((flaw) => this.faults?.take(request, new Set([flaw])) === flaw);
    const path = statusPath(this.outcome, this.steps);
    this.packages.push({
      id,
      name: body.package_name,
      // Note: copies, so that the package keeps the versions it was made with.
      items: items.map((item) => ({ ...item })),
      // Note: tasks that lag show on the first look at 2, which must not be the last one.
      path: flaws.includes("tasks-behind") ? [...path, path.at(-1) ?? 2] : path,
      looks: 0,
      applyUserId: body.apply_user_id,
      approvers: body.approver_ids,
      // Note: a timestamp to show, not a clock that moves anything.
      appliedAt: Date.now(),
      ...(flaws.length > 0 && { flaws }),
      ...(this.faults?.take(request, NEWER_VERSION) && { newerVersion: true }),
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
    apply_user_name: pkg.applyUserName ?? "applicant",
    delete_flag: 0,
    deploy_status: status,
    ...(status === 2 || status === 3
      ? {
          deploy_timestamp: pkg.deployedAt ?? (pkg.appliedAt ?? 1764057600000) + 60_000,
          deploy_user_name: pkg.deployUserName ?? "deployer",
        }
      : {}),
    package_approvers: pkg.approvers.map((user_id) => ({ user_id, user_name: `user-${user_id}` })),
    package_id: pkg.id,
    package_name: pkg.name,
    project_id: "62099355b894428e8916573ae635f1f9-workspace-e265f808151d458bb7967e0aaf42d146",
    workspace_id: "e265f808151d458bb7967e0aaf42d146",
  };
}

/**
 * The tasks as the package's status shows them: all waiting at 1; the first done at 5; all
 * released at 2, all failed at 3. A flaw breaks the last one (the last job, for a job start):
 * failed under a released package, a job that did not start, or still at 5 on the first look at 2.
 */
function tasks(pkg: Package, status: 1 | 2 | 3 | 5, behind: boolean): TaskDetail[] {
  const jobs = pkg.items.flatMap((item, index) => (item.task_type === 1 ? [index] : []));
  const lastJob = jobs.at(-1) ?? pkg.items.length - 1;
  return pkg.items.map((item, index): TaskDetail => {
    const last = index === pkg.items.length - 1;
    let deployStatus: 1 | 2 | 3 | 5 = status === 5 ? (index === 0 ? 2 : 5) : status;
    if (status === 2 && last && behind) deployStatus = 5;
    else if (status === 2 && last && pkg.flaws?.includes("task-failed")) deployStatus = 3;
    const jobFailed =
      deployStatus === 2 && index === lastJob && pkg.flaws?.includes("job-start-failed") === true;
    return {
      deploy_status: deployStatus,
      item_name: item.item_name ?? "",
      pending_item_id: item.pending_item_id ?? "",
      pending_version: item.pending_version ?? 1,
      task_id: item.task_id ?? "",
      task_type: item.task_type ?? 1,
      update_type: item.update_type ?? 1,
      ...(deployStatus === 2 ? { start_job_status: jobFailed ? 3 : 2 } : {}),
    };
  });
}
