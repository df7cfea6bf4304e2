// Scratch space for builds and generated check files: under node_modules/.cache, which git and
// eslint already ignore, so a bench run never leaves anything the project's checks would pick up.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoDir = join(benchDir, "..");
export const cacheDir = join(repoDir, "node_modules", ".cache", "conductor-bench");
