import type { ReleasePackage, ReleasePackagesFilter } from "@dlf-release/client";
import { connect } from "../connect.js";
import { type Context, printJson } from "../context.js";
import { DEPLOY_STATUS, nameOf } from "../names.js";
import type { Style } from "../output/style.js";
import { formatTime, renderTable } from "../output/table.js";

/** The filters of `packages`, as commander parses them. */
export interface PackageFilters {
  status?: number[];
  applicant?: string;
  deployer?: string;
  since?: number;
  until?: number;
  keyword?: string;
}

/** The request body that the filters make. */
export function packagesFilter(
  filters: PackageFilters,
): Omit<ReleasePackagesFilter, "limit" | "offset"> {
  const body: Omit<ReleasePackagesFilter, "limit" | "offset"> = {};
  // Note: enumCollector(DEPLOY_STATUS) lets through only the spec's values.
  if (filters.status) body.deploy_status_filter = filters.status as (1 | 2 | 3 | 5)[];
  if (filters.applicant !== undefined) body.apply_user_name = filters.applicant;
  if (filters.deployer !== undefined) body.deploy_user_name = filters.deployer;
  if (filters.since !== undefined) body.apply_begin_time = filters.since;
  if (filters.until !== undefined) body.apply_end_time = filters.until;
  if (filters.keyword !== undefined) body.key_word = filters.keyword;
  return body;
}

/** Whether a package the service listed matches the filters (a service may ignore some). */
export function matchesFilters(pkg: ReleasePackage, filters: PackageFilters): boolean {
  const applied = pkg.apply_timestamp;
  return (
    (!filters.status || filters.status.includes(pkg.deploy_status ?? -1)) &&
    (filters.applicant === undefined || pkg.apply_user_name === filters.applicant) &&
    (filters.deployer === undefined || pkg.deploy_user_name === filters.deployer) &&
    (filters.since === undefined || (applied !== undefined && applied >= filters.since)) &&
    (filters.until === undefined || (applied !== undefined && applied <= filters.until)) &&
    (filters.keyword === undefined || (pkg.package_name ?? "").includes(filters.keyword))
  );
}

/** A package's status in words, coloured by outcome. */
export function statusCell(status: number | undefined, style: Style): string {
  const name = nameOf(DEPLOY_STATUS, status);
  if (status === 2) return style.green(name);
  if (status === 3) return style.red(name);
  return style.yellow(name);
}

/** The packages as a table. */
export function packagesTable(packages: ReleasePackage[], style: Style): string {
  return renderTable(
    ["id", "name", "status", "applicant", "applied", "deployer", "deployed"],
    packages.map((pkg) => [
      pkg.package_id ?? "",
      pkg.package_name ?? "",
      statusCell(pkg.deploy_status, style),
      pkg.apply_user_name ?? "",
      formatTime(pkg.apply_timestamp),
      pkg.deploy_user_name ?? "",
      formatTime(pkg.deploy_timestamp),
    ]),
  );
}

/** `dlf-release packages`: every matching package, as a table or as `{ data, total }`. */
export async function runPackages(context: Context, filters: PackageFilters): Promise<void> {
  const dlf = connect(context, { needsWorkspace: false });
  const packages: ReleasePackage[] = [];
  let leftOut = 0;
  for await (const pkg of dlf.releasePackages(packagesFilter(filters))) {
    if (matchesFilters(pkg, filters)) packages.push(pkg);
    else leftOut += 1;
  }
  if (leftOut > 0) {
    context.messages.line(
      context.messages.style.yellow(
        `the service returned ${leftOut} ${leftOut === 1 ? "package" : "packages"} that the filters do not match: left out`,
      ),
    );
  }
  if (context.json) return printJson(context, { data: packages, total: packages.length });
  if (packages.length === 0) return context.messages.line("no release package matches");
  context.print(packagesTable(packages, context.style));
}
