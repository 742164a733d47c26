import { describe, expect, it } from "vitest";
import type { PackageDetail } from "../src/commands/show.js";
import {
  applyFilters,
  leftOutLine,
  mismatchOf,
  type PendingFilters,
  pendingQuery,
} from "../src/pending-filters.js";
import { judge, notHeld, selectionOf } from "../src/verdict.js";

// The functions that decide an outcome, on the values at their edges: the verdict on a package
// as seen, and the filters applied to what the service listed. The commands' tests run them
// against the stand-in; these pin each rule down.

type Task = PackageDetail["task_details"][number];
const task = (fields: Partial<Task>): Task => ({
  pending_item_id: "4",
  pending_version: 1,
  deploy_status: 2,
  start_job_status: 2,
  ...fields,
});
const detail = (status: number, tasks: Task[]): PackageDetail =>
  ({
    release_package: { package_id: "7", deploy_status: status },
    task_details: tasks,
  }) as PackageDetail;

describe("judge", () => {
  it.each([
    ["released, every task released", 2, [task({})], "released"],
    ["failed", 3, [task({ deploy_status: 3 })], "failed"],
    ["failed while its tasks say released", 3, [task({})], "failed"],
    [
      "released with a task failed",
      2,
      [task({}), task({ pending_item_id: "3", deploy_status: 3 })],
      "failed",
    ],
    ["released with a job not started", 2, [task({ start_job_status: 3 })], "failed"],
    ["a task failed while being released", 5, [task({ deploy_status: 3 })], "failed"],
    ["waiting for review", 1, [task({ deploy_status: 1 })], "moving"],
    ["being released", 5, [task({ deploy_status: 5 })], "moving"],
    [
      "released, a task still at 5",
      2,
      [task({}), task({ pending_item_id: "3", deploy_status: 5 })],
      "moving",
    ],
    ["released, a task of a status the spec lacks", 2, [task({ deploy_status: 4 as 2 })], "moving"],
    ["released with no task", 2, [], "incomplete"],
  ])("%s: %s", (_, status, tasks, kind) => {
    expect(judge(detail(status, tasks)).kind).toBe(kind);
  });

  it("names the failed tasks, and only those", () => {
    const failed = task({ pending_item_id: "3", deploy_status: 3 });
    expect(judge(detail(2, [task({}), failed]))).toEqual({ kind: "failed", tasks: [failed] });
  });

  it("holds a selection at its versions, or names what it lacks", () => {
    const released = detail(2, [task({ pending_version: 2 })]);
    expect(judge(released, [{ id: "4", version: 2 }])).toEqual({ kind: "released" });
    expect(judge(released, [{ id: "4", version: undefined }])).toEqual({ kind: "released" });
    expect(judge(released, [{ id: "4", version: 3 }])).toEqual({
      kind: "incomplete",
      missing: [{ id: "4", version: 3 }],
    });
    expect(judge(released, [{ id: "3", version: 2 }])).toEqual({
      kind: "incomplete",
      missing: [{ id: "3", version: 2 }],
    });
  });

  it("a selection is its IDs and versions as listed", () => {
    expect(selectionOf([{ pending_item_id: "4", pending_version: 3 }, {}])).toEqual([
      { id: "4", version: 3 },
      { id: "", version: undefined },
    ]);
    const { pending_item_id: _, ...anonymous } = task({});
    expect(notHeld(detail(2, [anonymous]), [{ id: "", version: 1 }])).toEqual([]);
  });
});

describe("the pending filters", () => {
  const item = {
    pending_item_id: "4",
    item_name: "job_0242",
    submit_user_name: "fengqijie",
    task_type: 1 as const,
    update_type: 1 as const,
    submit_timestamp: 1_000,
  };

  it.each([
    [{ submitter: "fengqijie" }, undefined],
    [{ submitter: "liyang" }, "--submitter"],
    [{ taskType: [1, 2] }, undefined],
    [{ taskType: [2] }, "--task-type"],
    [{ updateType: [1] }, undefined],
    [{ updateType: [2, 3] }, "--update-type"],
    [{ itemName: "job_0242" }, undefined],
    [{ itemName: "job_024" }, "--item-name"],
    [{ since: "1000" }, undefined],
    [{ since: "1001" }, "--since"],
    [{ until: "1000" }, undefined],
    [{ until: "999" }, "--until"],
    [{ since: "1970-01-01T00:00:01Z" }, undefined],
    [{ until: "1970-01-01T00:00:00.999Z" }, "--until"],
    [{ since: "not a time" }, "--since"],
  ] as Array<[PendingFilters, string | undefined]>)("%j: %s", (filters, flag) => {
    expect(mismatchOf(item, filters)).toBe(flag);
  });

  it("an item without a type or a time matches no filter on them", () => {
    expect(mismatchOf({}, { taskType: [1] })).toBe("--task-type");
    expect(mismatchOf({}, { updateType: [1] })).toBe("--update-type");
    expect(mismatchOf({}, { since: "0" })).toBe("--since");
    expect(mismatchOf({}, { until: "9999999999999" })).toBe("--until");
  });

  it("sends one type, never several, and each other filter under the API's name", () => {
    expect(
      pendingQuery({
        submitter: "s",
        taskType: [2],
        updateType: [1, 2],
        itemName: "n",
        since: "1",
        until: "2",
      }),
    ).toStrictEqual({
      submit_user_name: "s",
      task_type: "2",
      item_name: "n",
      start_time: "1",
      end_time: "2",
    });
    expect(pendingQuery({})).toStrictEqual({});
  });

  it("keeps what matches and says what it left out, by flag", () => {
    const { kept, leftOut } = applyFilters(
      [
        item,
        { ...item, pending_item_id: "3", task_type: 2 },
        { ...item, pending_item_id: "6", task_type: 2 },
      ],
      { taskType: [1] },
    );
    expect(kept.map((entry) => entry.pending_item_id)).toEqual(["4"]);
    expect(leftOutLine(leftOut)).toBe("2 listed items do not match --task-type (3, 6): left out");
    expect(leftOutLine(new Map([["--submitter", ["9"]]]))).toBe(
      "1 listed item does not match --submitter (9): left out",
    );
    expect(leftOutLine(new Map())).toBeUndefined();
    expect(
      leftOutLine(
        new Map([
          ["--submitter", ["9"]],
          ["--since", ["8", "7"]],
        ]),
      ),
    ).toBe(
      "1 listed item does not match --submitter (9) and 2 listed items do not match --since (8, 7): left out",
    );
  });
});
