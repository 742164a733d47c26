import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
/** This package's folder. */
export const packageRoot = fileURLToPath(new URL("../", import.meta.url));
/** The expected file lists of the tarballs. */
export const manifestsDir = fileURLToPath(new URL("../manifests/", import.meta.url));
/** What a user of the packages writes: copied into each scratch project. */
export const consumerDir = fileURLToPath(new URL("../consumer/", import.meta.url));
