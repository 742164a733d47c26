// @ts-check
import { strykerConfig } from "../../scripts/stryker.base.js";

// The client's tests against mutants of src; the generated schema and wire facts are not mutated
// (generate-wire.js and check-generated own them).
export default strykerConfig({
  mutate: ["src/**/*.ts", "!src/generated/**"],
});
