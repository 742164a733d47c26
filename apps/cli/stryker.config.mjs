// @ts-check
import { strykerConfig } from "../../scripts/stryker.base.js";

// The CLI's tests against mutants of src: they run main(argv, io) in-process, so the mutants are
// reached; the tests that spawn the built bin (--help, a terminal, a signal) reach none.
export default strykerConfig({
  mutate: ["src/**/*.ts", "!src/bin.ts"],
});
