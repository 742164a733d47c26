// The typed surface of the DataArts Factory release-package API, generated from the bundled spec.
export type { components, operations, paths } from "./generated/schema.js";
