import { expect, test } from "vitest";
import { platform } from "#platform";

// Which platform a test file runs on is the vitest project's choice (vitest.config.ts); this
// checks that the choice took, so that the "web" project really exercises fetch and Web Crypto.
test("the #platform import is the project's platform", () => {
  const web = process.env.DLF_TEST_PLATFORM === "web";
  expect(process.env.DLF_TEST_PLATFORM).toMatch(/^(node|web)$/);
  expect(platform.digests.name).toBe(web ? "web-crypto" : "node-crypto");
  expect(platform.Response === Response).toBe(web);
  expect(platform.Request === undefined).toBe(web);
});
