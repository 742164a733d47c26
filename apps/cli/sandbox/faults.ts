// The ways the sandbox can fail on purpose, by name: `dlf-release sandbox --fault NAME[:N]`, and
// the tests' `faults` option, read through this one catalogue. Plain data, so that `--help` lists
// the names without loading the sandbox.

/** The operations of the API (the spec's operationIds). */
const LISTS = ["listFactoryPendingItems", "listFactoryReleasePackages"] as const;
const CREATE = ["createFactoryPendingItemsPackage"] as const;

/** Which requests a fault can take. */
type Scope =
  /** Every request to an operation of the spec. */
  | "any"
  /** Requests signed with AK/SK. */
  | "signed"
  /** Requests that carry an IAM token. */
  | "token"
  | readonly string[];

/**
 * How a fault acts: `answer`s replace the service's answer with the gateway's (or nothing);
 * `lose` lets the service act, then loses its answer; `behave` changes what the service does.
 */
type Effect = "answer" | "lose" | "behave";

interface FaultDefinition {
  summary: string;
  scope: Scope;
  effect: Effect;
}

/** Every fault, with the line `--help` shows for it. */
export const FAULTS = {
  throttle: {
    summary: "429 APIG.0308 with Retry-After: 1, the gateway's throttling",
    scope: "any",
    effect: "answer",
  },
  "bad-gateway": {
    summary: "502 APIG.0202, the gateway cannot reach DataArts Factory",
    scope: "any",
    effect: "answer",
  },
  unavailable: {
    summary: "503 from in front of the gateway: an HTML page, no error code (the spec has none)",
    scope: "any",
    effect: "answer",
  },
  hang: {
    summary: "no answer at all: the request ends at the client's timeout",
    scope: "any",
    effect: "answer",
  },
  drop: {
    summary: "the connection closes before the request is acted on",
    scope: "any",
    effect: "answer",
  },
  "create-lost": {
    summary: "a release makes the package, then the connection closes before the answer",
    scope: CREATE,
    effect: "lose",
  },
  "create-timeout": {
    summary: "a release makes the package, then never answers",
    scope: CREATE,
    effect: "lose",
  },
  "bad-signature": {
    summary:
      "401 APIG.0301 for AK/SK signatures, counted: more than 5 in a row lock the AK for 5 minutes",
    scope: "signed",
    effect: "answer",
  },
  "signature-expired": {
    summary: "401 APIG.0303 for AK/SK signatures, as for a clock the Date header does not show",
    scope: "signed",
    effect: "answer",
  },
  "token-expired": {
    summary: "401 APIG.0301 for the IAM token, as when it has expired",
    scope: "token",
    effect: "answer",
  },
  forbidden: {
    summary: "403 APIG.0302, the user may not call the API",
    scope: "any",
    effect: "answer",
  },
  "invalid-parameter": {
    summary: "400 DLF.3051, the service refuses the request's parameters",
    scope: "any",
    effect: "answer",
  },
  "task-failed": {
    summary: "a new package ends released (2) while its last task failed (3)",
    scope: CREATE,
    effect: "behave",
  },
  "job-start-failed": {
    summary: "a new package ends released, but its last job failed to start (start_job_status 3)",
    scope: CREATE,
    effect: "behave",
  },
  "tasks-behind": {
    summary: "a new package says released one look before its last task does (still 5)",
    scope: CREATE,
    effect: "behave",
  },
  "filters-ignored": {
    summary: "the pending items and the packages are listed whatever the filters (paged still)",
    scope: LISTS,
    effect: "behave",
  },
  "newer-version": {
    summary:
      "once a new package is released, its first item (not a delete) is pending again at the next version",
    scope: CREATE,
    effect: "behave",
  },
} as const satisfies Record<string, FaultDefinition>;

/** The name of a fault. */
export type FaultName = keyof typeof FAULTS;

/**
 * A fault switched on: `times` matching requests (every one when absent), after letting `after`
 * of them through; `operation` narrows it to one operation of its scope.
 */
export interface FaultRule {
  name: FaultName;
  times?: number;
  after?: number;
  operation?: string;
}

/** What the faults see of a request. */
export interface FaultedRequest {
  operationId: string;
  auth: "signed" | "token" | "none";
}

/** `NAME` or `NAME:N` (the first N matching requests), as `--fault` takes it. */
export function parseFaultRule(text: string): FaultRule {
  const [name, times, ...rest] = text.split(":");
  if (!(name !== undefined && name in FAULTS) || rest.length > 0) {
    throw new Error(`expected NAME or NAME:N, NAME one of ${Object.keys(FAULTS).join(", ")}.`);
  }
  if (times === undefined) return { name: name as FaultName };
  if (!/^\d+$/.test(times) || Number(times) < 1 || Number(times) > 1_000_000) {
    throw new Error(`expected NAME:N with N a whole number from 1 to 1000000, not "${times}".`);
  }
  return { name: name as FaultName, times: Number(times) };
}

/** `--fault`'s value in the sandbox's banner and log: `NAME` or `NAME:N`. */
export const faultLabel = (rule: FaultRule) =>
  rule.times === undefined ? rule.name : `${rule.name}:${rule.times}`;

const inScope = (scope: Scope, request: FaultedRequest) =>
  scope === "any" ||
  (typeof scope === "string" ? request.auth === scope : scope.includes(request.operationId));

/** The faults switched on, each counting the requests it matched. */
export class FaultPlan {
  private readonly matched: number[];

  constructor(private readonly rules: readonly FaultRule[] = []) {
    for (const rule of rules) {
      const scope: Scope = FAULTS[rule.name].scope;
      if (
        rule.operation !== undefined &&
        typeof scope !== "string" &&
        !scope.includes(rule.operation)
      )
        throw new Error(`fault ${rule.name} cannot act on ${rule.operation}`);
    }
    this.matched = rules.map(() => 0);
  }

  /**
   * The first rule among `names` that takes this request, if any; a rule takes the matching
   * requests after its `after` ones, `times` of them.
   */
  take(request: FaultedRequest, names: ReadonlySet<FaultName>): FaultName | undefined {
    for (const [index, rule] of this.rules.entries()) {
      if (!names.has(rule.name) || !inScope(FAULTS[rule.name].scope, request)) continue;
      if (rule.operation !== undefined && rule.operation !== request.operationId) continue;
      const seen = this.matched[index] ?? 0;
      const after = rule.after ?? 0;
      if (rule.times !== undefined && seen >= after + rule.times) continue;
      this.matched[index] = seen + 1;
      if (seen >= after) return rule.name;
    }
    return undefined;
  }
}

/** The faults of one effect. */
export const faultsThat = (effect: Effect): ReadonlySet<FaultName> =>
  new Set(
    (Object.entries(FAULTS) as Array<[FaultName, FaultDefinition]>)
      .filter(([, fault]) => fault.effect === effect)
      .map(([name]) => name),
  );
