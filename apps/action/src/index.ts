import { run } from "./main.js";

// What GitHub runs (bundled as dist/index.cjs): the action, once. run() reports its own failures.
void run();
