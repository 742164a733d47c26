import type { paths } from "@dlf-release/client";
import type { Client } from "openapi-fetch";
import { expectTypeOf } from "vitest";

// Type tests: checked by `tsc` (`pnpm typecheck`), never run by vitest (its include is *.test.ts).
// What a caller of the typed client sees of the answers and the bodies the spec requires.

type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type Ok<Operation> = Operation extends { responses: { 200: infer Answer } } ? Json<Answer> : never;

type PendingItems = Ok<paths["/v2/{project_id}/factory/pending-items"]["get"]>;
expectTypeOf<PendingItems["total"]>().toEqualTypeOf<number>();
type Item = NonNullable<PendingItems["data"]>[number];
expectTypeOf<Item["submit_timestamp"]>().toEqualTypeOf<number | undefined>();
expectTypeOf<Item["update_type"]>().toEqualTypeOf<1 | 2 | 3 | undefined>();

type Released = Ok<paths["/v2/{project_id}/factory/pending-items/package"]["post"]>;
expectTypeOf<Released["release_package_id"]>().toEqualTypeOf<string | undefined>();

type Packages = Ok<paths["/v2/{project_id}/factory/release-packages"]["post"]>;
expectTypeOf<Packages["total"]>().toEqualTypeOf<number>();
expectTypeOf<Packages["data"][number]["deploy_status"]>().toEqualTypeOf<
  1 | 2 | 3 | 5 | undefined
>();

type Detail = Ok<paths["/v2/{project_id}/factory/release-packages/{package_id}"]["get"]>;
expectTypeOf<Detail["release_package"]["package_id"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<Detail["task_details"][number]["task_type"]>().toEqualTypeOf<1 | 2 | 3 | undefined>();

// A body without approver_ids does not compile.
export function withoutApprovers(raw: Client<paths>) {
  return raw.POST("/v2/{project_id}/factory/pending-items/package", {
    params: { path: { project_id: "p" }, header: { workspace: "w" } },
    // @ts-expect-error approver_ids is required
    body: { apply_user_id: "u", package_name: "n", pending_item_list: ["1"] },
  });
}
