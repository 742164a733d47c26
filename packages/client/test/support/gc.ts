import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A full garbage collection, now (V8's gc(), which Node exposes only on request): what once cut a
 * hung request off from its deadline's signal.
 */
export function collectGarbage() {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}
